package dev.groundwork.vectorstore;

/**
 * Weighted reciprocal rank fusion: a hit scores {@code weight / (k + rank)} in each result list it
 * appears in (Cormack, Clarke and Büttcher, SIGIR 2009).
 *
 * @param k damps the advantage of the very first ranks; 60 in the paper
 */
public record Fusion(double keywordWeight, double vectorWeight, int k) {

    /**
     * Leans on the vector list (keyword : vector = 1 : 2), as dense retrieval is the stronger of the
     * two on natural-language questions (Weaviate's hybrid default, alpha 0.75, leans the same way).
     * Measured on the Python FAQ: equal weights made hybrid lose to vector alone at rank 1 (R@1
     * 0.937 against 0.962); these weights beat both (0.969). See bench/results/retrieval-quality.json.
     */
    public static final Fusion DEFAULT = new Fusion(0.5, 1, 60);

    public Fusion {
        if (keywordWeight < 0 || vectorWeight < 0 || keywordWeight + vectorWeight == 0) {
            throw new IllegalArgumentException("Fusion weights must be non-negative and not both zero, were "
                    + keywordWeight + " and " + vectorWeight);
        }
        if (k < 1 || k > 10_000) {
            throw new IllegalArgumentException("The fusion constant k must be between 1 and 10000, was " + k);
        }
    }

    double score(int keywordRank, int vectorRank) {
        return (keywordRank == 0 ? 0 : keywordWeight / (k + keywordRank))
                + (vectorRank == 0 ? 0 : vectorWeight / (k + vectorRank));
    }
}
