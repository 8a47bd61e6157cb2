package dev.groundwork.vectorstore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.codecs.lucene104.Lucene104HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * The Lucene index of all chunks: the single writer that applies outbox operations, and the
 * near-real-time searchers that read it.
 */
public final class ChunkIndex implements AutoCloseable {

    static final String LAST_OUTBOX_ID = "groundwork.last_outbox_id";

    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final HybridSearch hybridSearch;
    private volatile long lastAppliedOutboxId;

    private ChunkIndex(Directory directory, IndexWriter writer) throws IOException {
        this.directory = directory;
        this.writer = writer;
        this.searchers = new SearcherManager(writer, null);
        this.hybridSearch = new HybridSearch(searchers);
        this.lastAppliedOutboxId = readLastOutboxId(writer);
    }

    /** Opens the index in {@code folder}, creating it (and the folder) if there is none. */
    public static ChunkIndex open(Path folder) {
        try {
            Files.createDirectories(folder);
            Directory directory = FSDirectory.open(folder);
            IndexWriterConfig config = new IndexWriterConfig(ChunkDocuments.analyzer())
                    .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                    .setCodec(new Lucene104Codec() {
                        private final KnnVectorsFormat quantized = new Lucene104HnswScalarQuantizedVectorsFormat();

                        @Override
                        public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                            return quantized;
                        }
                    });
            return new ChunkIndex(directory, new IndexWriter(directory, config));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the chunk index in " + folder, e);
        }
    }

    private static long readLastOutboxId(IndexWriter writer) {
        for (Map.Entry<String, String> entry : writer.getLiveCommitData()) {
            if (entry.getKey().equals(LAST_OUTBOX_ID)) {
                return Long.parseLong(entry.getValue());
            }
        }
        return 0;
    }

    /** Id of the last outbox operation this index holds (0 for a new index). */
    public long lastAppliedOutboxId() {
        return lastAppliedOutboxId;
    }

    /**
     * Applies {@code operations} (in outbox order, all after {@link #lastAppliedOutboxId()}) and
     * commits them together with the new position, so a crash never loses or repeats an operation.
     */
    public synchronized void apply(List<IndexOperation> operations) {
        if (operations.isEmpty()) {
            return;
        }
        long last = lastAppliedOutboxId;
        try {
            for (IndexOperation operation : operations) {
                if (operation.outboxId() <= last) {
                    throw new IllegalArgumentException(
                            "Outbox operation " + operation.outboxId() + " is not after the last applied one, " + last);
                }
                switch (operation) {
                    case IndexOperation.Upsert upsert ->
                        writer.updateDocument(
                                new Term(
                                        ChunkDocuments.CHUNK_ID,
                                        Long.toString(upsert.chunk().chunkId())),
                                ChunkDocuments.toDocument(upsert.chunk()));
                    case IndexOperation.Delete delete ->
                        writer.deleteDocuments(new Term(ChunkDocuments.CHUNK_ID, Long.toString(delete.chunkId())));
                    case IndexOperation.Skip skip -> {}
                }
                last = operation.outboxId();
            }
            Map<String, String> commitData = new HashMap<>();
            commitData.put(LAST_OUTBOX_ID, Long.toString(last));
            writer.setLiveCommitData(commitData.entrySet());
            writer.commit();
            lastAppliedOutboxId = last;
            searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot apply outbox operations up to " + last, e);
        }
    }

    /** Number of chunks visible to searches. */
    public int chunkCount() {
        try {
            IndexSearcher searcher = searchers.acquire();
            try {
                return searcher.getIndexReader().numDocs();
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the chunk index", e);
        }
    }

    /** Runs {@code query}; hits are ordered by fused score, best first. */
    public List<SearchHit> search(SearchQuery query) {
        return hybridSearch.search(query);
    }

    @Override
    public void close() throws IOException {
        searchers.close();
        writer.close();
        directory.close();
    }
}
