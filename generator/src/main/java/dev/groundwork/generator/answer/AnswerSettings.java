package dev.groundwork.generator.answer;

/**
 * How the answer pipeline works, whatever the request.
 *
 * @param contextTokens the sources given to the backend are packed up to this many tokens
 * @param minRetrievalConfidence under {@link Policy#REFUSE}, the least cosine similarity between
 *     the question and some sentence of the sources for an answer to be attempted
 * @param minSupportedShare under {@link Policy#REFUSE}, the least share of an answer's sentences
 *     that must be supported for it to be given
 * @param maxRewriteRounds under {@link Policy#REWRITE}, how many times the backend may revise
 */
public record AnswerSettings(
        int contextTokens, double minRetrievalConfidence, double minSupportedShare, int maxRewriteRounds) {

    public static final AnswerSettings DEFAULTS = new AnswerSettings(1500, 0.35, 0.5, 2);

    public AnswerSettings {
        if (contextTokens < 64) {
            throw new IllegalArgumentException("The context needs at least 64 tokens, was " + contextTokens);
        }
        if (maxRewriteRounds < 0 || maxRewriteRounds > 5) {
            throw new IllegalArgumentException("Rewrite rounds must be between 0 and 5, was " + maxRewriteRounds);
        }
    }
}
