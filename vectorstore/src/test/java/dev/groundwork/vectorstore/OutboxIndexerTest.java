package dev.groundwork.vectorstore;

import static dev.groundwork.vectorstore.Chunks.chunk;
import static dev.groundwork.vectorstore.Chunks.upsert;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxIndexerTest {

    @TempDir
    Path folder;

    /** An in-memory catalog: chunks by id and the outbox that describes their history. */
    static final class FakeCatalog implements OutboxSource {
        final TreeMap<Long, IndexedChunk> chunks = new TreeMap<>();
        final List<IndexOperation> outbox = new ArrayList<>();

        synchronized void put(IndexedChunk chunk) {
            chunks.put(chunk.chunkId(), chunk);
            outbox.add(upsert(outbox.size() + 1, chunk));
        }

        synchronized void remove(long chunkId) {
            chunks.remove(chunkId);
            outbox.add(new IndexOperation.Delete(outbox.size() + 1, chunkId));
        }

        @Override
        public synchronized List<IndexOperation> operationsAfter(long afterId, int limit) {
            return outbox.stream()
                    .filter(op -> op.outboxId() > afterId)
                    .limit(limit)
                    .toList();
        }

        @Override
        public synchronized long forEachChunk(Consumer<IndexedChunk> consumer) {
            chunks.values().forEach(consumer);
            return outbox.size();
        }

        @Override
        public synchronized ChunkIds chunkIds() {
            return new ChunkIds(
                    outbox.size(),
                    chunks.keySet().stream().mapToLong(Long::longValue).toArray());
        }

        @Override
        public synchronized List<IndexedChunk> chunks(long[] ids) {
            return Arrays.stream(ids)
                    .mapToObj(chunks::get)
                    .filter(java.util.Objects::nonNull)
                    .toList();
        }
    }

    @Test
    void appliesTheWholeOutboxInBatchesAndCommitsItsPosition() throws Exception {
        FakeCatalog catalog = new FakeCatalog();
        for (int i = 1; i <= 1500; i++) {
            catalog.put(chunk(i, "a", "chunk number " + i, 1, i % 7, 0));
        }
        try (ChunkIndex index = ChunkIndex.open(folder);
                OutboxIndexer indexer = new OutboxIndexer(catalog, index)) {
            assertThat(indexer.catchUp()).isEqualTo(1500);
            assertThat(indexer.catchUp()).isZero();
            assertThat(index.chunkCount()).isEqualTo(1500);
        }
        try (ChunkIndex reopened = ChunkIndex.open(folder)) {
            assertThat(reopened.lastAppliedOutboxId()).isEqualTo(1500);
        }
    }

    @Test
    void replaysOperationsAppliedAfterTheLastCommitWhenReopened() throws Exception {
        FakeCatalog catalog = new FakeCatalog();
        catalog.put(chunk(1, "a", "one", 1, 0, 0));
        try (ChunkIndex index = ChunkIndex.open(folder);
                OutboxIndexer indexer = new OutboxIndexer(catalog, index)) {
            indexer.catchUp();
        }
        catalog.put(chunk(2, "a", "two", 0, 1, 0));
        catalog.remove(1);
        // A crash after applying but before committing: the index on disk still says 1.
        ChunkIndex crashed = ChunkIndex.open(folder);
        crashed.apply(catalog.operationsAfter(1, 10));
        assertThat(crashed.chunkIds()).containsExactly(2L);

        try (ChunkIndex reopened = ChunkIndex.open(folder.resolveSibling(folder.getFileName() + "-copy"))) {
            assertThat(reopened.lastAppliedOutboxId()).isZero();
        }
        crashed.close();
        try (ChunkIndex reopened = ChunkIndex.open(folder);
                OutboxIndexer indexer = new OutboxIndexer(catalog, reopened)) {
            indexer.catchUp();
            assertThat(reopened.chunkIds()).containsExactly(2L);
            assertThat(reopened.lastAppliedOutboxId()).isEqualTo(3);
        }
    }

    @Test
    void rebuildsFromTheCatalogWithTheSameResults() throws Exception {
        FakeCatalog catalog = new FakeCatalog();
        for (int i = 1; i <= 200; i++) {
            catalog.put(chunk(i, "a", "river number " + i + (i % 3 == 0 ? " delta" : ""), 1, i % 5, i % 3));
        }
        for (int i = 1; i <= 200; i += 10) {
            catalog.remove(i);
        }
        try (ChunkIndex index = ChunkIndex.open(folder);
                OutboxIndexer indexer = new OutboxIndexer(catalog, index)) {
            indexer.catchUp();
            SearchQuery query = ChunkIndexTest.query("river delta", new float[] {1, 2, 1}, SearchMode.HYBRID, 20);
            List<Long> before = ChunkIndexTest.ids(index.search(query));

            assertThat(indexer.rebuild()).isEqualTo(180);

            assertThat(ChunkIndexTest.ids(index.search(query))).isEqualTo(before);
            assertThat(index.chunkCount()).isEqualTo(180);
            assertThat(index.lastAppliedOutboxId()).isEqualTo(catalog.outbox.size());
        }
    }

    @Test
    void findsAndRepairsDifferencesBetweenIndexAndCatalog() throws Exception {
        FakeCatalog catalog = new FakeCatalog();
        for (int i = 1; i <= 10; i++) {
            catalog.put(chunk(i, "a", "text " + i, 1, 0, 0));
        }
        try (ChunkIndex index = ChunkIndex.open(folder);
                OutboxIndexer indexer = new OutboxIndexer(catalog, index)) {
            indexer.catchUp();
            assertThat(indexer.check(false).consistent()).isTrue();

            // Damage the index behind the indexer's back: one chunk lost, one stale chunk added.
            index.repair(List.of(chunk(99, "a", "stale", 0, 1, 0)), new long[] {4});

            ConsistencyReport found = indexer.check(true);
            assertThat(found.missing()).isEqualTo(1);
            assertThat(found.extra()).isEqualTo(1);
            assertThat(found.repaired()).isTrue();
            assertThat(indexer.check(false).consistent()).isTrue();
            assertThat(index.chunkIds()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        }
    }

    @Test
    void servesConcurrentSearchesWhileIndexing() throws Exception {
        FakeCatalog catalog = new FakeCatalog();
        try (ChunkIndex index = ChunkIndex.open(folder);
                OutboxIndexer indexer = new OutboxIndexer(catalog, index)) {
            ExecutorService searchers = Executors.newFixedThreadPool(2);
            List<Future<Integer>> searches = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                searches.add(searchers.submit(() -> {
                    int done = 0;
                    int lastSeen = 0;
                    while (lastSeen < 2000) {
                        List<SearchHit> hits =
                                index.search(ChunkIndexTest.query("word", new float[] {1, 1, 0}, SearchMode.HYBRID, 5));
                        int count = index.chunkCount();
                        assertThat(count).isGreaterThanOrEqualTo(lastSeen); // never goes backwards
                        assertThat(hits.size()).isLessThanOrEqualTo(5);
                        lastSeen = count;
                        done++;
                    }
                    return done;
                }));
            }
            for (int i = 1; i <= 2000; i++) {
                catalog.put(chunk(i, "a", "word " + i, 1, i % 11, 0));
                if (i % 100 == 0) {
                    indexer.catchUp();
                }
            }
            for (Future<Integer> search : searches) {
                assertThat(search.get()).isPositive();
            }
            searchers.shutdown();
        }
    }
}
