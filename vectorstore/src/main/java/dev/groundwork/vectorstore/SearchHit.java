package dev.groundwork.vectorstore;

/**
 * A chunk found by a search; its text is exactly {@code [start, end)} of the document's text.
 *
 * @param score the fused reciprocal-rank score (higher is better)
 * @param keywordRank 1-based rank in the BM25 results, or 0 if BM25 did not return it
 * @param vectorRank 1-based rank in the kNN results, or 0 if kNN did not return it
 */
public record SearchHit(
        long chunkId,
        long documentId,
        String collection,
        String source,
        String title,
        int start,
        int end,
        String text,
        double score,
        int keywordRank,
        int vectorRank) {}
