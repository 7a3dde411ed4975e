package dev.forgewatch.elastic.kibana.install;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * A {@code multipart/form-data} body with one file part (RFC 7578), the way Kibana's import APIs take
 * their NDJSON: {@code curl --form "file=@rules.ndjson"}.
 *
 * @param contentType the request's Content-Type, boundary included
 */
record Multipart(String contentType, byte[] body) {
    static Multipart file(String field, String fileName, String fileType, byte[] content) {
        String boundary = "forgewatch-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        write(body, "--" + boundary + "\r\n");
        write(body, "Content-Disposition: form-data; name=\"" + field + "\"; filename=\"" + fileName + "\"\r\n");
        write(body, "Content-Type: " + fileType + "\r\n\r\n");
        body.writeBytes(content);
        write(body, "\r\n--" + boundary + "--\r\n");
        return new Multipart("multipart/form-data; boundary=" + boundary, body.toByteArray());
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }
}
