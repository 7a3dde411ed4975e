package dev.forgewatch.common.mapping;

/** The mapping data is invalid; the message names the file and the field at fault. */
public class MappingException extends RuntimeException {
    public MappingException(String message) {
        super(message);
    }

    public MappingException(String message, Throwable cause) {
        super(message, cause);
    }
}
