package dev.groundwork.vectorstore;

import java.util.List;

/**
 * A chunk found by a search.
 *
 * @param score the fused reciprocal-rank score (higher is better)
 * @param keywordRank 1-based rank in the BM25 results, or 0 if BM25 did not return it
 * @param vectorRank 1-based rank in the kNN results, or 0 if kNN did not return it
 * @param neighbours the adjacent chunks of the same document, in document order, when asked for
 */
public record SearchHit(
        StoredChunk chunk, double score, int keywordRank, int vectorRank, List<StoredChunk> neighbours) {

    public SearchHit {
        neighbours = List.copyOf(neighbours);
    }
}
