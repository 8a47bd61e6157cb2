package dev.groundwork.runtime.generation;

/**
 * What a generation produced.
 *
 * @param text the generated text, without the stop string that ended it
 * @param promptTokens tokens of the prompt
 * @param generatedTokens tokens generated (the end-of-generation token included)
 * @param reusedTokens prompt tokens whose KV cache entries were kept from the session's previous turn
 * @param prefillNanos time to process the prompt (to the first token)
 * @param decodeNanos time to generate the rest
 */
public record Generation(
        String text,
        FinishReason finishReason,
        int promptTokens,
        int generatedTokens,
        int reusedTokens,
        long prefillNanos,
        long decodeNanos) {

    public enum FinishReason {
        /** The model ended its answer or produced a stop string. */
        STOP,
        /** The token limit or the context was reached. */
        LENGTH,
        /** The caller cancelled. */
        CANCELLED
    }

    /** Generated tokens per second after the first. */
    public double decodeTokensPerSecond() {
        return generatedTokens <= 1 || decodeNanos == 0 ? 0 : (generatedTokens - 1) * 1e9 / decodeNanos;
    }
}
