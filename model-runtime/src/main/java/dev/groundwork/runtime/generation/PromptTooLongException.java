package dev.groundwork.runtime.generation;

/** A prompt that leaves no room for an answer in the context; public so that callers can report it as bad input. */
public final class PromptTooLongException extends RuntimeException {

    public PromptTooLongException(int promptTokens, int contextLength) {
        super("the prompt has %d tokens; the context holds %d, prompt and answer together"
                .formatted(promptTokens, contextLength));
    }
}
