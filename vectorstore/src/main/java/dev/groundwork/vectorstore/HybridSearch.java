package dev.groundwork.vectorstore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;

/** BM25 and kNN over one searcher, fused with reciprocal rank fusion. */
final class HybridSearch {

    /** The k of reciprocal rank fusion: damps the weight of the very first ranks. */
    static final int RRF_K = 60;

    private final SearcherManager searchers;

    HybridSearch(SearcherManager searchers) {
        this.searchers = searchers;
    }

    List<SearchHit> search(SearchQuery query) {
        try {
            IndexSearcher searcher = searchers.acquire();
            try {
                return search(searcher, query);
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Chunk index search failed", e);
        }
    }

    private static List<SearchHit> search(IndexSearcher searcher, SearchQuery query) throws IOException {
        // Each retriever looks deeper than k so that fusion can promote a hit ranked lower by one of them.
        int depth = Math.max(50, query.k() * 2);
        Query filter = query.collection() == null
                ? null
                : new TermQuery(new Term(ChunkDocuments.COLLECTION, query.collection()));
        ScoreDoc[] keyword = query.mode() == SearchMode.VECTOR
                ? new ScoreDoc[0]
                : searcher.search(keywordQuery(query.text(), filter), depth).scoreDocs;
        ScoreDoc[] vector = query.mode() == SearchMode.KEYWORD
                ? new ScoreDoc[0]
                : searcher.search(
                                new KnnFloatVectorQuery(ChunkDocuments.EMBEDDING, query.vector(), depth, filter), depth)
                        .scoreDocs;

        Map<Integer, Fused> fused = new LinkedHashMap<>();
        for (int i = 0; i < keyword.length; i++) {
            fused.computeIfAbsent(keyword[i].doc, Fused::new).keywordRank = i + 1;
        }
        for (int i = 0; i < vector.length; i++) {
            fused.computeIfAbsent(vector[i].doc, Fused::new).vectorRank = i + 1;
        }
        List<Fused> ranked = new ArrayList<>(fused.values());
        ranked.sort(Comparator.comparingDouble(Fused::score).reversed());

        StoredFields stored = searcher.storedFields();
        List<SearchHit> hits = new ArrayList<>();
        for (Fused hit : ranked.subList(0, Math.min(query.k(), ranked.size()))) {
            hits.add(ChunkDocuments.toHit(stored.document(hit.doc), hit.score(), hit.keywordRank, hit.vectorRank));
        }
        return hits;
    }

    private static Query keywordQuery(String text, Query filter) {
        Query parsed;
        try {
            QueryParser parser = new QueryParser(ChunkDocuments.SEARCH_TEXT, ChunkDocuments.analyzer());
            parsed = parser.parse(QueryParser.escape(text));
        } catch (ParseException | IllegalArgumentException e) {
            // Only stop words, or nothing searchable: keyword search contributes nothing.
            parsed = new MatchNoDocsQuery();
        }
        if (filter == null) {
            return parsed;
        }
        return new BooleanQuery.Builder()
                .add(parsed, BooleanClause.Occur.MUST)
                .add(filter, BooleanClause.Occur.FILTER)
                .build();
    }

    private static final class Fused {
        final int doc;
        int keywordRank;
        int vectorRank;

        Fused(int doc) {
            this.doc = doc;
        }

        double score() {
            return reciprocal(keywordRank) + reciprocal(vectorRank);
        }

        private static double reciprocal(int rank) {
            return rank == 0 ? 0 : 1.0 / (RRF_K + rank);
        }
    }
}
