package dev.groundwork.generator.answer;

import java.util.Arrays;
import java.util.Locale;

/** What the pipeline does with the verifier's verdicts on an answer. */
public enum Policy {
    /** Keep every sentence; each carries its verdict. */
    ANNOTATE,
    /** Remove the sentences the sources do not support. */
    DROP,
    /**
     * Give the backend the verdicts and let it revise the answer, for a bounded number of rounds;
     * sentences still unsupported after the last round are removed. Without a language model this
     * is {@link #DROP}.
     */
    REWRITE,
    /**
     * Answer "not found in the sources" when retrieval found nothing close to the question or too
     * small a share of the answer's sentences is supported; otherwise as {@link #ANNOTATE}.
     */
    REFUSE;

    public static Policy parse(String name) {
        try {
            return valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown answer policy '" + name + "'; known: "
                    + Arrays.stream(values()).map(Policy::label).toList());
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
