package dev.groundwork.generator.retrieval;

import dev.groundwork.runtime.embedding.Embedder;
import dev.groundwork.vectorstore.ChunkIndex;
import dev.groundwork.vectorstore.Fusion;
import dev.groundwork.vectorstore.SearchFilter;
import dev.groundwork.vectorstore.SearchHit;
import dev.groundwork.vectorstore.SearchMode;
import dev.groundwork.vectorstore.SearchQuery;
import java.util.List;

/** Finds the passages for a query with BM25 and kNN over the chunk index. */
public final class HybridRetriever {

    private final ChunkIndex index;
    private final Embedder embedder;

    public HybridRetriever(ChunkIndex index, Embedder embedder) {
        this.index = index;
        this.embedder = embedder;
    }

    /** Retrieved passages together with the query embedding they were found with. */
    public record Retrieval(float[] queryVector, List<SearchHit> hits) {}

    /** Hybrid retrieval of {@code k} passages with the default fusion and no neighbours. */
    public Retrieval retrieve(String query, SearchFilter filter, int k) {
        return retrieve(query, SearchMode.HYBRID, k, filter, Fusion.DEFAULT, 0);
    }

    public Retrieval retrieve(
            String query, SearchMode mode, int k, SearchFilter filter, Fusion fusion, int neighbours) {
        float[] vector = mode == SearchMode.KEYWORD ? null : embedder.embedQuery(query);
        return new Retrieval(vector, index.search(new SearchQuery(query, vector, mode, k, filter, fusion, neighbours)));
    }
}
