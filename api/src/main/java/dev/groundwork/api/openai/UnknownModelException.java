package dev.groundwork.api.openai;

/** A {@code /v1} request named a model that this server does not have; public for the problem-details advice. */
public final class UnknownModelException extends RuntimeException {

    UnknownModelException(String message) {
        super(message);
    }
}
