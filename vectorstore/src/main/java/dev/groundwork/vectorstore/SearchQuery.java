package dev.groundwork.vectorstore;

import java.util.Objects;

/**
 * A search over the chunk index.
 *
 * @param text the query text for BM25
 * @param vector the query embedding for kNN (required unless the mode is keyword)
 * @param k how many hits to return
 * @param neighbours how many adjacent chunks on each side of a hit to return with it, for context
 */
public record SearchQuery(
        String text, float[] vector, SearchMode mode, int k, SearchFilter filter, Fusion fusion, int neighbours) {

    public SearchQuery {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(mode, "mode");
        filter = filter == null ? SearchFilter.NONE : filter;
        fusion = fusion == null ? Fusion.DEFAULT : fusion;
        if (k < 1 || k > 1000) {
            throw new IllegalArgumentException("k must be between 1 and 1000, was " + k);
        }
        if (vector == null && mode != SearchMode.KEYWORD) {
            throw new IllegalArgumentException("A " + mode + " search needs a query vector");
        }
        if (neighbours < 0 || neighbours > 5) {
            throw new IllegalArgumentException("neighbours must be between 0 and 5, was " + neighbours);
        }
    }

    /** A search with the default fusion and no neighbours. */
    public SearchQuery(String text, float[] vector, SearchMode mode, int k, SearchFilter filter) {
        this(text, vector, mode, k, filter, Fusion.DEFAULT, 0);
    }
}
