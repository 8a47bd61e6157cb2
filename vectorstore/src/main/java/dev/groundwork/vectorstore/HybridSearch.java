package dev.groundwork.vectorstore;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.IntField;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;

/** BM25 and kNN over one searcher, with the same filter inside both, fused by reciprocal rank. */
final class HybridSearch {

    /** Hybrid searches fetch this many candidates from each retriever (at least 2k) before fusing. */
    static final int HYBRID_DEPTH = 40;

    private static final ExecutorService PARALLEL = Executors.newVirtualThreadPerTaskExecutor();

    private final Analyzer analyzer = ChunkDocuments.analyzer();
    private final IndexOptions options;

    HybridSearch(IndexOptions options) {
        this.options = options;
    }

    List<SearchHit> search(IndexSearcher searcher, SearchQuery query) throws IOException {
        // Each retriever looks deeper than k so that fusion can promote a hit ranked lower by one of them.
        int depth = query.mode() == SearchMode.HYBRID ? Math.max(HYBRID_DEPTH, query.k() * 2) : query.k();
        Query filter = ChunkDocuments.filterQuery(query.filter());
        ScoreDoc[] keyword;
        ScoreDoc[] vector;
        if (query.mode() == SearchMode.HYBRID) {
            // The two retrievers are independent: run kNN on a virtual thread while BM25 runs here.
            Future<ScoreDoc[]> knn = PARALLEL.submit(() -> nearest(searcher, query.vector(), depth, query.k(), filter));
            keyword = searcher.search(keywordQuery(query.text(), filter), depth).scoreDocs;
            vector = result(knn);
        } else if (query.mode() == SearchMode.VECTOR) {
            keyword = new ScoreDoc[0];
            vector = nearest(searcher, query.vector(), depth, query.k(), filter);
        } else {
            keyword = searcher.search(keywordQuery(query.text(), filter), depth).scoreDocs;
            vector = new ScoreDoc[0];
        }

        Map<Integer, Ranks> fused = new LinkedHashMap<>();
        for (int i = 0; i < keyword.length; i++) {
            fused.computeIfAbsent(keyword[i].doc, Ranks::new).keyword = i + 1;
        }
        for (int i = 0; i < vector.length; i++) {
            fused.computeIfAbsent(vector[i].doc, Ranks::new).vector = i + 1;
        }
        List<Ranks> ranked = new ArrayList<>(fused.values());
        Fusion fusion = query.fusion();
        ranked.sort(Comparator.comparingDouble((Ranks r) -> fusion.score(r.keyword, r.vector))
                .reversed());

        StoredFields stored = searcher.storedFields();
        List<SearchHit> hits = new ArrayList<>();
        for (Ranks hit : ranked.subList(0, Math.min(query.k(), ranked.size()))) {
            StoredChunk chunk = ChunkDocuments.toChunk(stored.document(hit.doc));
            List<StoredChunk> neighbours =
                    query.neighbours() == 0 ? List.of() : neighbours(searcher, chunk, query.neighbours());
            hits.add(new SearchHit(chunk, fusion.score(hit.keyword, hit.vector), hit.keyword, hit.vector, neighbours));
        }
        return hits;
    }

    /**
     * kNN over the quantized HNSW graph: fetches {@code depth} candidates, and at least
     * {@code oversample} times the {@code k} hits wanted, then rescores them with the full-precision
     * vectors, which the format keeps on disk, so that the top k are ranked exactly. (Lucene's
     * RescoreTopNQuery would do the same, but fails when no candidate is found.)
     */
    private ScoreDoc[] nearest(IndexSearcher searcher, float[] vector, int depth, int k, Query filter)
            throws IOException {
        int candidates = Math.max(depth, (int) Math.ceil(k * options.oversample()));
        ScoreDoc[] found = searcher.search(
                        new KnnFloatVectorQuery(ChunkDocuments.EMBEDDING, vector, candidates, filter), candidates)
                .scoreDocs;
        if (options.oversample() == 1 || found.length == 0) {
            return found;
        }
        // Visit the candidates in doc id order, so each segment's vectors are opened once and read forwards.
        Arrays.sort(found, (a, b) -> Integer.compare(a.doc, b.doc));
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        LeafReaderContext leaf = null;
        FloatVectorValues values = null;
        KnnVectorValues.DocIndexIterator iterator = null;
        for (ScoreDoc doc : found) {
            if (leaf == null || doc.doc >= leaf.docBase + leaf.reader().maxDoc()) {
                leaf = leaves.get(ReaderUtil.subIndex(doc.doc, leaves));
                values = leaf.reader().getFloatVectorValues(ChunkDocuments.EMBEDDING);
                iterator = values.iterator();
            }
            int target = doc.doc - leaf.docBase;
            if (iterator.docID() < target && iterator.advance(target) == target) {
                doc.score = VectorSimilarityFunction.COSINE.compare(vector, values.vectorValue(iterator.index()));
            }
        }
        Arrays.sort(found, (a, b) -> Float.compare(b.score, a.score));
        return Arrays.copyOf(found, Math.min(depth, found.length));
    }

    private Query keywordQuery(String text, Query filter) {
        BooleanQuery.Builder query = new BooleanQuery.Builder();
        boolean any = false;
        for (String field : List.of(ChunkDocuments.SEARCH_TEXT, ChunkDocuments.CODE)) {
            Query parsed = parse(field, text);
            if (!(parsed instanceof MatchNoDocsQuery)) {
                query.add(parsed, BooleanClause.Occur.SHOULD);
                any = true;
            }
        }
        if (!any) {
            return new MatchNoDocsQuery();
        }
        if (filter == null) {
            return query.build();
        }
        return new BooleanQuery.Builder()
                .add(query.build(), BooleanClause.Occur.MUST)
                .add(filter, BooleanClause.Occur.FILTER)
                .build();
    }

    private Query parse(String field, String text) {
        try {
            Query parsed = new QueryParser(field, analyzer).parse(QueryParser.escape(text));
            return parsed == null ? new MatchNoDocsQuery() : parsed;
        } catch (ParseException | IllegalArgumentException e) {
            // Only stop words, or nothing searchable in this field.
            return new MatchNoDocsQuery();
        }
    }

    private static ScoreDoc[] result(Future<ScoreDoc[]> future) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while searching", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private static List<StoredChunk> neighbours(IndexSearcher searcher, StoredChunk hit, int distance)
            throws IOException {
        Query adjacent = new BooleanQuery.Builder()
                .add(
                        new TermQuery(new Term(ChunkDocuments.DOCUMENT_ID, Long.toString(hit.documentId()))),
                        BooleanClause.Occur.FILTER)
                .add(
                        IntField.newRangeQuery(
                                ChunkDocuments.ORDINAL, hit.ordinal() - distance, hit.ordinal() + distance),
                        BooleanClause.Occur.FILTER)
                .build();
        TopDocs found = searcher.search(adjacent, 2 * distance + 1);
        StoredFields stored = searcher.storedFields();
        List<StoredChunk> neighbours = new ArrayList<>();
        for (ScoreDoc doc : found.scoreDocs) {
            StoredChunk chunk = ChunkDocuments.toChunk(stored.document(doc.doc));
            if (chunk.chunkId() != hit.chunkId()) {
                neighbours.add(chunk);
            }
        }
        neighbours.sort(Comparator.comparingInt(StoredChunk::ordinal));
        return neighbours;
    }

    private static final class Ranks {
        final int doc;
        int keyword;
        int vector;

        Ranks(int doc) {
            this.doc = doc;
        }
    }
}
