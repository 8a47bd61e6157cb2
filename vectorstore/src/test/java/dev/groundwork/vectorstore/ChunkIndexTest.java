package dev.groundwork.vectorstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChunkIndexTest {

    @TempDir
    Path folder;

    @Test
    void findsChunksByKeywordAndByVectorAndFusesBoth() throws Exception {
        try (ChunkIndex index = ChunkIndex.open(folder)) {
            index.apply(List.of(
                    upsert(1, chunk(10, "docs", "Lighthouses guide ships past dangerous rocks.", 1, 0, 0)),
                    upsert(2, chunk(11, "docs", "Sourdough needs a fed starter.", 0, 1, 0)),
                    upsert(3, chunk(12, "docs", "The keeper trims the lighthouse lamp nightly.", 0.9f, 0.1f, 0))));

            List<SearchHit> keyword = index.search(new SearchQuery("lighthouse", null, null, 5, SearchMode.KEYWORD));
            assertThat(keyword).extracting(SearchHit::chunkId).containsExactlyInAnyOrder(10L, 12L);
            assertThat(keyword).allSatisfy(hit -> assertThat(hit.vectorRank()).isZero());

            List<SearchHit> vector =
                    index.search(new SearchQuery("", new float[] {0, 1, 0}, null, 1, SearchMode.VECTOR));
            assertThat(vector).extracting(SearchHit::chunkId).containsExactly(11L);

            List<SearchHit> hybrid = index.search(
                    new SearchQuery("lighthouse keeper", new float[] {0.9f, 0.1f, 0}, null, 3, SearchMode.HYBRID));
            assertThat(hybrid.getFirst().chunkId()).isEqualTo(12L);
            assertThat(hybrid.getFirst().keywordRank()).isEqualTo(1);
            assertThat(hybrid.getFirst().vectorRank()).isEqualTo(1);
            assertThat(hybrid.getFirst().text()).isEqualTo("The keeper trims the lighthouse lamp nightly.");
        }
    }

    @Test
    void restrictsBothSearchesToTheCollection() throws Exception {
        try (ChunkIndex index = ChunkIndex.open(folder)) {
            index.apply(List.of(
                    upsert(1, chunk(1, "a", "shared words about rivers", 1, 0, 0)),
                    upsert(2, chunk(2, "b", "shared words about rivers", 1, 0, 0))));

            List<SearchHit> hits =
                    index.search(new SearchQuery("rivers", new float[] {1, 0, 0}, "b", 10, SearchMode.HYBRID));

            assertThat(hits).extracting(SearchHit::chunkId).containsExactly(2L);
        }
    }

    @Test
    void deletesAndReplacesChunksById() throws Exception {
        try (ChunkIndex index = ChunkIndex.open(folder)) {
            index.apply(List.of(
                    upsert(1, chunk(1, "a", "first version", 1, 0, 0)),
                    upsert(2, chunk(2, "a", "to be removed", 0, 1, 0))));
            index.apply(List.of(
                    upsert(3, chunk(1, "a", "second version", 1, 0, 0)),
                    new IndexOperation.Delete(4, 2),
                    new IndexOperation.Skip(5)));

            assertThat(index.chunkCount()).isEqualTo(1);
            assertThat(index.search(new SearchQuery("version", null, null, 5, SearchMode.KEYWORD)))
                    .extracting(SearchHit::text)
                    .containsExactly("second version");
            assertThat(index.lastAppliedOutboxId()).isEqualTo(5);
        }
    }

    @Test
    void remembersTheLastAppliedOutboxIdAcrossReopen() throws Exception {
        try (ChunkIndex index = ChunkIndex.open(folder)) {
            index.apply(List.of(upsert(7, chunk(1, "a", "persisted", 1, 0, 0))));
        }
        try (ChunkIndex reopened = ChunkIndex.open(folder)) {
            assertThat(reopened.lastAppliedOutboxId()).isEqualTo(7);
            assertThat(reopened.chunkCount()).isEqualTo(1);
        }
    }

    @Test
    void rejectsOperationsThatAreNotAfterTheLastAppliedOne() throws Exception {
        try (ChunkIndex index = ChunkIndex.open(folder)) {
            index.apply(List.of(upsert(5, chunk(1, "a", "x", 1, 0, 0))));

            assertThatThrownBy(() -> index.apply(List.of(upsert(5, chunk(2, "a", "y", 0, 1, 0)))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not after the last applied one, 5");
            assertThat(index.chunkCount()).isEqualTo(1);
        }
    }

    @Test
    void indexerAppliesTheWholeOutboxInBatches() throws Exception {
        List<IndexOperation> outbox = new ArrayList<>();
        for (int i = 1; i <= 1200; i++) {
            outbox.add(upsert(i, chunk(i, "a", "chunk number " + i, 1, i % 7, 0)));
        }
        OutboxSource source = (after, limit) ->
                outbox.stream().filter(op -> op.outboxId() > after).limit(limit).toList();
        try (ChunkIndex index = ChunkIndex.open(folder);
                OutboxIndexer indexer = new OutboxIndexer(source, index)) {
            assertThat(indexer.catchUp()).isEqualTo(1200);
            assertThat(indexer.catchUp()).isZero();
            assertThat(index.chunkCount()).isEqualTo(1200);
            assertThat(index.lastAppliedOutboxId()).isEqualTo(1200);
        }
    }

    @Test
    void rejectsChunksWhoseSpanDoesNotMatchTheirText() {
        assertThatThrownBy(() -> new IndexedChunk(1, 1, "a", "s", "t", 0, 3, "four", new float[] {1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has length 3 but text has 4 characters");
    }

    private static IndexOperation upsert(long outboxId, IndexedChunk chunk) {
        return new IndexOperation.Upsert(outboxId, chunk);
    }

    private static IndexedChunk chunk(long id, String collection, String text, float... vector) {
        return new IndexedChunk(
                id, id * 100, collection, "doc-" + id + ".txt", "Doc " + id, 5, 5 + text.length(), text, vector);
    }
}
