package dev.groundwork.vectorstore.springai;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.codecs.lucene104.Lucene104HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.DoubleField;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.FSDirectory;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.ai.vectorstore.VectorStore;
import org.springframework.ai.vectorstore.filter.Filter;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Spring AI {@link VectorStore} on a Lucene index of its own: int8-quantized HNSW vectors,
 * metadata indexed for Spring AI filter expressions (which pre-filter the kNN search), and the
 * documents' text and metadata stored for retrieval. Writes are visible to searches when the
 * call returns and durable (committed) at once.
 *
 * <p>Scores are cosine similarities mapped to [0, 1] as {@code (1 + cos) / 2}, which is what the
 * similarity threshold of a {@link SearchRequest} is compared with.
 */
public final class LuceneVectorStore implements VectorStore, AutoCloseable {

    private static final String ID = "id";
    private static final String TEXT = "text";
    private static final String METADATA = "metadata_json";
    private static final String EMBEDDING = "embedding";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final EmbeddingModel embeddingModel;
    private final IndexWriter writer;
    private final SearcherManager searchers;

    public LuceneVectorStore(Path folder, EmbeddingModel embeddingModel) {
        this.embeddingModel = embeddingModel;
        try {
            Files.createDirectories(folder);
            KnnVectorsFormat quantized = new Lucene104HnswScalarQuantizedVectorsFormat();
            IndexWriterConfig config = new IndexWriterConfig(new StandardAnalyzer()).setCodec(new Lucene104Codec() {
                @Override
                public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                    return quantized;
                }
            });
            this.writer = new IndexWriter(FSDirectory.open(folder), config);
            this.searchers = new SearcherManager(writer, null);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the vector store in " + folder, e);
        }
    }

    @Override
    public void add(List<org.springframework.ai.document.Document> documents) {
        if (documents.isEmpty()) {
            return;
        }
        List<float[]> vectors = embeddingModel.embed(documents.stream()
                .map(d -> d.getText() == null ? "" : d.getText())
                .toList());
        write(() -> {
            for (int i = 0; i < documents.size(); i++) {
                org.springframework.ai.document.Document document = documents.get(i);
                writer.updateDocument(new Term(ID, document.getId()), toLucene(document, vectors.get(i)));
            }
        });
    }

    @Override
    public void delete(List<String> ids) {
        write(() -> {
            for (String id : ids) {
                writer.deleteDocuments(new Term(ID, id));
            }
        });
    }

    @Override
    public void delete(Filter.Expression filter) {
        Query query = FilterQueries.toQuery(filter);
        write(() -> writer.deleteDocuments(query));
    }

    @Override
    public List<org.springframework.ai.document.Document> similaritySearch(SearchRequest request) {
        float[] vector = embeddingModel.embed(request.getQuery());
        Query filter = request.hasFilterExpression() ? FilterQueries.toQuery(request.getFilterExpression()) : null;
        try {
            IndexSearcher searcher = searchers.acquire();
            try {
                ScoreDoc[] hits = searcher.search(
                                new KnnFloatVectorQuery(EMBEDDING, vector, request.getTopK(), filter),
                                request.getTopK())
                        .scoreDocs;
                StoredFields stored = searcher.storedFields();
                List<org.springframework.ai.document.Document> results = new ArrayList<>();
                for (ScoreDoc hit : hits) {
                    if (hit.score >= request.getSimilarityThreshold()) {
                        results.add(fromLucene(stored.document(hit.doc), hit.score));
                    }
                }
                return results;
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Vector store search failed", e);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> Optional<T> getNativeClient() {
        return Optional.of((T) writer);
    }

    private static Document toLucene(org.springframework.ai.document.Document source, float[] vector) {
        Document document = new Document();
        document.add(new StringField(ID, source.getId(), Field.Store.YES));
        document.add(new StoredField(TEXT, source.getText() == null ? "" : source.getText()));
        document.add(new StoredField(METADATA, JSON.writeValueAsString(source.getMetadata())));
        document.add(new KnnFloatVectorField(EMBEDDING, vector, VectorSimilarityFunction.COSINE));
        source.getMetadata().forEach((key, value) -> {
            document.add(new StringField(FilterQueries.KEYS, key, Field.Store.NO));
            addMetadata(document, FilterQueries.PREFIX + key, value);
        });
        return document;
    }

    private static void addMetadata(Document document, String field, Object value) {
        switch (value) {
            case null -> {}
            case Number number -> document.add(new DoubleField(field, number.doubleValue(), Field.Store.NO));
            case Collection<?> values -> values.forEach(v -> addMetadata(document, field, v));
            default -> document.add(new StringField(field, value.toString(), Field.Store.NO));
        }
    }

    @SuppressWarnings("unchecked")
    private static org.springframework.ai.document.Document fromLucene(Document document, float score) {
        Map<String, Object> metadata = new LinkedHashMap<>(JSON.readValue(document.get(METADATA), Map.class));
        metadata.put("distance", 1 - score);
        return org.springframework.ai.document.Document.builder()
                .id(document.get(ID))
                .text(document.get(TEXT))
                .metadata(metadata)
                .score((double) score)
                .build();
    }

    private interface Write {
        void run() throws IOException;
    }

    private synchronized void write(Write write) {
        try {
            write.run();
            writer.commit();
            searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw new UncheckedIOException("Vector store write failed", e);
        }
    }

    @Override
    public void close() throws IOException {
        searchers.close();
        writer.close();
    }
}
