package dev.forgewatch.elastic.pkg;

import dev.forgewatch.common.mapping.EcsMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The ECS field list ForgeWatch builds against, pinned to the ECS version its documents declare
 * ({@link EcsMapper#ECS_VERSION}): each field's type, level, array normalization and multi-fields,
 * from the resource {@code ecs/ecs-<version>-fields.csv} (extracted from ECS's own generated field list,
 * see the file's header). The integration package resolves its ECS fields against it, so Fleet maps
 * {@code source.ip} as an ip, not as the keyword it assumes for a field without a type.
 */
public final class EcsReference {
    /** One ECS field. {@code multiFields}: sub-field name to type ({@code text} to {@code match_only_text}). */
    public record EcsField(String name, String type, String level, boolean array, Map<String, String> multiFields) {
        public EcsField {
            multiFields = Collections.unmodifiableMap(new LinkedHashMap<>(multiFields));
        }
    }

    private final String version;
    private final Map<String, EcsField> fields;

    private EcsReference(String version, Map<String, EcsField> fields) {
        this.version = version;
        this.fields = Collections.unmodifiableMap(new TreeMap<>(fields));
    }

    /** The pinned list for the ECS version ForgeWatch documents declare. */
    public static EcsReference pinned() {
        return forVersion(EcsMapper.ECS_VERSION);
    }

    static EcsReference forVersion(String version) {
        String resource = "/dev/forgewatch/elastic/ecs/ecs-" + version + "-fields.csv";
        try (InputStream in = EcsReference.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no pinned ECS field list for ECS " + version + " (" + resource + ")");
            }
            return new EcsReference(version, parse(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, EcsField> parse(InputStream in) throws IOException {
        Map<String, EcsField> fields = new TreeMap<>();
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        boolean header = true;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            if (header) {
                header = false;
                continue;
            }
            String[] columns = line.split(",", -1);
            if (columns.length != 5) {
                throw new IllegalStateException("malformed ECS field line: " + line);
            }
            Map<String, String> multi = new LinkedHashMap<>();
            if (!columns[4].isEmpty()) {
                for (String pair : columns[4].split(";")) {
                    String[] nameType = pair.split(":", 2);
                    multi.put(nameType[0], nameType[1]);
                }
            }
            fields.put(columns[0], new EcsField(columns[0], columns[1], columns[2], columns[3].equals("array"), multi));
        }
        return fields;
    }

    public String version() {
        return version;
    }

    public Optional<EcsField> field(String name) {
        return Optional.ofNullable(fields.get(name));
    }

    /** Every field, by name. */
    public Map<String, EcsField> fields() {
        return fields;
    }
}
