package dev.groundwork.vectorstore;

import java.util.Objects;

/**
 * A search over the chunk index.
 *
 * @param text the query text for BM25
 * @param vector the query embedding for kNN (required unless the mode is keyword)
 * @param collection restricts both searches to one collection, or {@code null} for all
 * @param k how many fused hits to return
 */
public record SearchQuery(String text, float[] vector, String collection, int k, SearchMode mode) {

    public SearchQuery {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(mode, "mode");
        if (k < 1 || k > 1000) {
            throw new IllegalArgumentException("k must be between 1 and 1000, was " + k);
        }
        if (vector == null && mode != SearchMode.KEYWORD) {
            throw new IllegalArgumentException("A " + mode + " search needs a query vector");
        }
    }
}
