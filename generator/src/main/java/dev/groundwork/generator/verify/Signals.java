package dev.groundwork.generator.verify;

/**
 * What the verdict on a claim rests on.
 *
 * @param similarity cosine similarity of the claim's and the evidence's embeddings
 * @param coverage share of the claim's content words found in the evidence
 * @param numbersAgree every number of the claim occurs in the evidence
 * @param negationAgrees claim and evidence are both negated or both not
 * @param antonym the claim uses the opposite of a word of the evidence
 * @param namesFound share of the claim's names (capitalised words, identifiers) found in the evidence
 * @param unknownName the claim has a name that no source mentions
 * @param modelSupport the answer model's probability that the evidence supports the claim, or
 *     {@code null} when no model judged (see {@link SupportJudge})
 */
public record Signals(
        double similarity,
        double coverage,
        boolean numbersAgree,
        boolean negationAgrees,
        boolean antonym,
        double namesFound,
        boolean unknownName,
        Double modelSupport) {}
