package dev.groundwork.vectorstore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.codecs.lucene104.Lucene104HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SortedNumericDocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.quantization.QuantizedByteVectorValues;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Lucene index of all chunks: the single writer that applies outbox operations, and the
 * near-real-time searchers that read it.
 *
 * <p>Applied operations are visible to searches at once (the searcher is refreshed after each
 * batch); they are committed, with the id of the last one, by {@link #commit()}. Operations are
 * idempotent, so after a crash the ones after the last commit are simply applied again.
 */
public final class ChunkIndex implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ChunkIndex.class);

    static final String LAST_OUTBOX_ID = "groundwork.last_outbox_id";

    /**
     * The layout of the index's documents (fields, how they are stored), kept with every commit. An
     * index written with another layout (by an older Groundwork) opens as if it were empty, so that
     * it is rebuilt from the catalog instead of failing searches on fields it lacks. Raise it when
     * {@link ChunkDocuments} changes what it writes.
     */
    static final String LAYOUT = "groundwork.layout";

    static final String CURRENT_LAYOUT = "2";

    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final HybridSearch hybridSearch;
    private volatile long lastAppliedOutboxId;
    private long lastCommittedOutboxId;

    private ChunkIndex(Directory directory, IndexWriter writer, IndexOptions options) throws IOException {
        this.directory = directory;
        this.writer = writer;
        this.searchers = new SearcherManager(writer, null);
        this.hybridSearch = new HybridSearch(options);
        this.lastAppliedOutboxId = readLastOutboxId(writer);
        this.lastCommittedOutboxId = lastAppliedOutboxId;
    }

    /** Opens the index in {@code folder} with the default options. */
    public static ChunkIndex open(Path folder) {
        return open(folder, IndexOptions.DEFAULT);
    }

    /** Opens the index in {@code folder}, creating it (and the folder) if there is none. */
    public static ChunkIndex open(Path folder, IndexOptions options) {
        try {
            Files.createDirectories(folder);
            Directory directory = FSDirectory.open(folder);
            KnnVectorsFormat quantized = new Lucene104HnswScalarQuantizedVectorsFormat(
                    QuantizedByteVectorValues.ScalarEncoding.UNSIGNED_BYTE, options.maxConn(), options.beamWidth());
            IndexWriterConfig config = new IndexWriterConfig(ChunkDocuments.analyzer())
                    .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                    .setRAMBufferSizeMB(64)
                    .setCodec(new Lucene104Codec() {
                        @Override
                        public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                            return quantized;
                        }
                    });
            return new ChunkIndex(directory, new IndexWriter(directory, config), options);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the chunk index in " + folder, e);
        }
    }

    /** The last outbox id of the last commit; 0 for a new index, or one written with another layout. */
    private static long readLastOutboxId(IndexWriter writer) {
        Map<String, String> data = new HashMap<>();
        for (Map.Entry<String, String> entry : writer.getLiveCommitData()) {
            data.put(entry.getKey(), entry.getValue());
        }
        if (!data.containsKey(LAST_OUTBOX_ID)) {
            return 0;
        }
        if (!CURRENT_LAYOUT.equals(data.get(LAYOUT))) {
            log.warn(
                    "The chunk index was written with layout {} (this version writes {}): it will be rebuilt"
                            + " from the catalog",
                    data.getOrDefault(LAYOUT, "1"),
                    CURRENT_LAYOUT);
            return 0;
        }
        return Long.parseLong(data.get(LAST_OUTBOX_ID));
    }

    /** Id of the last outbox operation this index holds (0 for a new index). */
    public long lastAppliedOutboxId() {
        return lastAppliedOutboxId;
    }

    /**
     * Applies {@code operations} (in outbox order, all after {@link #lastAppliedOutboxId()}) and
     * makes them visible to searches.
     */
    public synchronized void apply(List<IndexOperation> operations) {
        if (operations.isEmpty()) {
            return;
        }
        long last = lastAppliedOutboxId;
        for (IndexOperation operation : operations) {
            if (operation.outboxId() <= last) {
                throw new IllegalArgumentException(
                        "Outbox operation " + operation.outboxId() + " is not after the last applied one, " + last);
            }
            last = operation.outboxId();
        }
        try {
            for (IndexOperation operation : operations) {
                switch (operation) {
                    case IndexOperation.Upsert upsert ->
                        writer.updateDocument(
                                idTerm(upsert.chunk().chunkId()), ChunkDocuments.toDocument(upsert.chunk()));
                    case IndexOperation.Delete delete -> writer.deleteDocuments(idTerm(delete.chunkId()));
                    case IndexOperation.Skip skip -> {}
                }
            }
            lastAppliedOutboxId = last;
            searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot apply outbox operations up to " + last, e);
        }
    }

    /** Makes everything applied so far durable, together with the id of the last operation. */
    public synchronized void commit() {
        if (lastCommittedOutboxId == lastAppliedOutboxId && !writer.hasUncommittedChanges()) {
            return;
        }
        try {
            writer.setLiveCommitData(Map.of(LAST_OUTBOX_ID, Long.toString(lastAppliedOutboxId), LAYOUT, CURRENT_LAYOUT)
                    .entrySet());
            writer.commit();
            lastCommittedOutboxId = lastAppliedOutboxId;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot commit the chunk index", e);
        }
    }

    /**
     * Replaces the whole content of the index with the catalog's chunks, read from one snapshot.
     * Searches see the old content until the new one is complete and committed.
     *
     * @return the number of chunks indexed
     */
    public synchronized int replaceAll(OutboxSource catalog) {
        try {
            writer.deleteAll();
            int[] count = {0};
            long outboxId = catalog.forEachChunk(chunk -> {
                try {
                    writer.addDocument(ChunkDocuments.toDocument(chunk));
                    count[0]++;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            lastAppliedOutboxId = outboxId;
            commit();
            searchers.maybeRefreshBlocking();
            return count[0];
        } catch (IOException | RuntimeException e) {
            try {
                // Back to the last commit, which stays intact on disk. Rolling back closes the writer:
                // this index is unusable until reopened, and reopening resumes from that commit.
                writer.rollback();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e instanceof IOException io
                    ? new UncheckedIOException("Cannot rebuild the chunk index", io)
                    : (RuntimeException) e;
        }
    }

    /** Adds (or replaces) {@code missing} and deletes {@code extra}, without moving the outbox position. */
    synchronized void repair(List<IndexedChunk> missing, long[] extra) {
        try {
            for (IndexedChunk chunk : missing) {
                writer.updateDocument(idTerm(chunk.chunkId()), ChunkDocuments.toDocument(chunk));
            }
            for (long chunkId : extra) {
                writer.deleteDocuments(idTerm(chunkId));
            }
            searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot repair the chunk index", e);
        }
    }

    private static Term idTerm(long chunkId) {
        return new Term(ChunkDocuments.CHUNK_ID, Long.toString(chunkId));
    }

    /** Number of chunks visible to searches. */
    public int chunkCount() {
        return read(searcher -> searcher.getIndexReader().numDocs());
    }

    /** The ids of all chunks visible to searches, in increasing order. */
    public long[] chunkIds() {
        return read(searcher -> {
            long[] ids = new long[searcher.getIndexReader().numDocs()];
            int n = 0;
            for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
                SortedNumericDocValues values =
                        DocValues.getSortedNumeric(leaf.reader(), ChunkDocuments.CHUNK_ID_VALUE);
                Bits live = leaf.reader().getLiveDocs();
                for (int doc = values.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = values.nextDoc()) {
                    if (live == null || live.get(doc)) {
                        ids[n++] = values.nextValue();
                    }
                }
            }
            long[] result = Arrays.copyOf(ids, n);
            Arrays.sort(result);
            return result;
        });
    }

    /** Runs {@code query}; hits are ordered by fused score, best first. */
    public List<SearchHit> search(SearchQuery query) {
        return read(searcher -> hybridSearch.search(searcher, query));
    }

    /** Size of the index files on disk, in bytes. */
    public long sizeInBytes() {
        try {
            long size = 0;
            for (String file : directory.listAll()) {
                try {
                    size += directory.fileLength(file);
                } catch (java.nio.file.NoSuchFileException e) {
                    // removed by a merge while we listed: it no longer counts
                }
            }
            return size;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the chunk index files", e);
        }
    }

    private interface SearcherFunction<T> {
        T apply(IndexSearcher searcher) throws IOException;
    }

    private <T> T read(SearcherFunction<T> function) {
        try {
            IndexSearcher searcher = searchers.acquire();
            try {
                return function.apply(searcher);
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the chunk index", e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        commit();
        searchers.close();
        writer.close();
        directory.close();
    }
}
