package dev.groundwork.generator.answer;

import java.util.List;

/**
 * An answer after verification and its policy.
 *
 * @param text the answer, with {@code [n]} markers that refer to {@link Citation#number()}
 * @param grounded false when the answer says the sources do not contain one
 * @param backend the backend that wrote it
 * @param retrievalConfidence cosine similarity between the question and the closest source sentence
 * @param supportedShare share of the answer's sentences verified supported, before the policy
 */
public record GroundedAnswer(
        String question,
        String text,
        boolean grounded,
        String backend,
        List<VerifiedSentence> sentences,
        List<Citation> citations,
        PolicyReport policy,
        double retrievalConfidence,
        double supportedShare,
        Timings timings) {

    public GroundedAnswer {
        sentences = List.copyOf(sentences);
        citations = List.copyOf(citations);
    }

    /** Where the time went, in milliseconds. */
    public record Timings(long retrieveMs, long generateMs, long verifyMs, long totalMs) {}
}
