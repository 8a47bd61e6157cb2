package dev.groundwork.generator.verify;

/**
 * The verdict on one claim.
 *
 * @param start where the claim starts in the text it was taken from (the answer), or 0
 * @param end where it ends
 * @param score 0 (nothing supports it) to 1 (stated by the evidence)
 * @param evidence the best evidence found, or {@code null} when the sources have no sentence at all
 */
public record ClaimCheck(
        String claim, int start, int end, Support support, double score, Evidence evidence, Signals signals) {}
