package dev.groundwork.runtime.gguf;

/**
 * A GGUF file that cannot be read: truncated, malformed, of an unknown version or type, or without a
 * value the model needs. Public so that callers can tell a bad file from other failures.
 */
public final class GgufFormatException extends RuntimeException {

    public GgufFormatException(String message) {
        super(message);
    }
}
