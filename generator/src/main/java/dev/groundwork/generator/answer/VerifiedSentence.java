package dev.groundwork.generator.answer;

import dev.groundwork.generator.verify.Evidence;
import dev.groundwork.generator.verify.Signals;
import dev.groundwork.generator.verify.Support;
import java.util.List;

/**
 * A sentence of the final answer with the verifier's verdict on it.
 *
 * @param text the sentence without its citation markers
 * @param start where the sentence starts in the answer's text
 * @param end where it ends, before its markers
 * @param evidence the source sentence (or two) that best supports it: a document and exact span, or
 *     {@code null}
 * @param citations the citations the sentence's markers refer to, each with the verdict on the
 *     sentence against the cited span alone
 * @param citationCheck what became of the markers the backend wrote
 */
public record VerifiedSentence(
        String text,
        int start,
        int end,
        Support support,
        double score,
        Evidence evidence,
        Signals signals,
        List<CitedSpan> citations,
        CitationCheck citationCheck) {

    public VerifiedSentence {
        citations = List.copyOf(citations);
    }

    /** A citation of the sentence, and how well the cited span supports it. */
    public record CitedSpan(int citation, Support support, double score) {}

    /** What the verifier did with a sentence's markers. */
    public enum CitationCheck {
        /** Every marker's span supports the sentence. */
        KEPT,
        /** Some marker's span did not support it: the marker was removed, or moved to the span that does. */
        CORRECTED,
        /** The sentence had no marker; the span that supports it is now cited. */
        ADDED,
        /** No span of the sources supports the sentence: its markers were removed. */
        REMOVED,
        /** No marker, and nothing to cite. */
        NONE
    }
}
