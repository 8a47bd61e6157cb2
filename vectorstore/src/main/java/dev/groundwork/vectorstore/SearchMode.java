package dev.groundwork.vectorstore;

/** Which retrievers a search runs. */
public enum SearchMode {
    /** BM25 over the chunk text only. */
    KEYWORD,
    /** Approximate nearest neighbours over the chunk embeddings only. */
    VECTOR,
    /** Both, fused by reciprocal rank. */
    HYBRID
}
