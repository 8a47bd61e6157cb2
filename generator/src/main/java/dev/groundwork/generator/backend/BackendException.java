package dev.groundwork.generator.backend;

/** A language model backend could not answer: unreachable, failing, or too slow. */
public final class BackendException extends RuntimeException {

    public BackendException(String message, Throwable cause) {
        super(message, cause);
    }
}
