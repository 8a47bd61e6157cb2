package dev.groundwork.vectorstore;

import static dev.groundwork.vectorstore.Chunks.chunk;
import static dev.groundwork.vectorstore.Chunks.upsert;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.FSDirectory;
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

            List<SearchHit> keyword = index.search(query("lighthouse", null, SearchMode.KEYWORD, 5));
            assertThat(ids(keyword)).containsExactlyInAnyOrder(10L, 12L);
            assertThat(keyword).allSatisfy(hit -> assertThat(hit.vectorRank()).isZero());

            List<SearchHit> vector = index.search(query("", new float[] {0, 1, 0}, SearchMode.VECTOR, 1));
            assertThat(ids(vector)).containsExactly(11L);

            List<SearchHit> hybrid =
                    index.search(query("lighthouse keeper", new float[] {0.9f, 0.1f, 0}, SearchMode.HYBRID, 3));
            SearchHit first = hybrid.getFirst();
            assertThat(first.chunk().chunkId()).isEqualTo(12L);
            assertThat(first.keywordRank()).isEqualTo(1);
            assertThat(first.vectorRank()).isEqualTo(1);
            assertThat(first.score()).isEqualTo(0.5 / 61 + 1.0 / 61);
            assertThat(first.chunk().text()).isEqualTo("The keeper trims the lighthouse lamp nightly.");
        }
    }

    @Test
    void keepsCodeIdentifiersSearchable() throws Exception {
        try (ChunkIndex index = ChunkIndex.open(folder)) {
            index.apply(List.of(
                    upsert(1, chunk(1, "a", "Call os.path.join to build paths.", 1, 0, 0)),
                    upsert(2, chunk(2, "a", "The path of the join is long.", 0, 1, 0)),
                    upsert(3, chunk(3, "a", "Define __init__ to set up attributes.", 0, 0, 1))));

            assertThat(ids(index.search(query("os.path.join", null, SearchMode.KEYWORD, 5))))
                    .first()
                    .isEqualTo(1L);
            assertThat(ids(index.search(query("__init__", null, SearchMode.KEYWORD, 5))))
                    .containsExactly(3L);
        }
    }

    @Test
    void appliesEveryFilterInsideBothSearches() throws Exception {
        Instant march = Instant.parse("2024-03-01T00:00:00Z");
        Instant june = Instant.parse("2024-06-01T00:00:00Z");
        try (ChunkIndex index = ChunkIndex.open(folder)) {
            index.apply(List.of(
                    upsert(1, chunk(1, 10, 0, "a", Set.of("guide"), march, "rivers and lakes", 1, 0, 0)),
                    upsert(2, chunk(2, 20, 0, "b", Set.of("faq"), june, "rivers and seas", 1, 0, 0)),
                    upsert(3, chunk(3, 30, 0, "b", Set.of("guide", "faq"), june, "rivers and bays", 1, 0, 0))));

            for (SearchMode mode : SearchMode.values()) {
                assertThat(ids(search(index, mode, filter(Set.of("b"), Set.of(), Set.of(), null, null, null))))
                        .as("collection filter, %s", mode)
                        .containsExactlyInAnyOrder(2L, 3L);
                assertThat(ids(search(index, mode, filter(Set.of(), Set.of(10L, 30L), Set.of(), null, null, null))))
                        .as("document filter, %s", mode)
                        .containsExactlyInAnyOrder(1L, 3L);
                assertThat(ids(search(index, mode, filter(Set.of(), Set.of(), Set.of("guide"), null, null, null))))
                        .as("tag filter, %s", mode)
                        .containsExactlyInAnyOrder(1L, 3L);
                assertThat(ids(search(index, mode, filter(Set.of(), Set.of(), Set.of(), march, june, null))))
                        .as("date filter, %s", mode)
                        .containsExactly(1L);
                assertThat(ids(search(index, mode, filter(Set.of(), Set.of(), Set.of(), null, null, "/docs/b/"))))
                        .as("source prefix filter, %s", mode)
                        .containsExactlyInAnyOrder(2L, 3L);
            }
        }
    }

    @Test
    void returnsNeighbouringChunksOfTheSameDocumentInOrder() throws Exception {
        try (ChunkIndex index = ChunkIndex.open(folder)) {
            index.apply(List.of(
                    upsert(1, chunk(1, 7, 0, "a", Set.of(), null, "first part", 0, 1, 0)),
                    upsert(2, chunk(2, 7, 1, "a", Set.of(), null, "middle about comets", 1, 0, 0)),
                    upsert(3, chunk(3, 7, 2, "a", Set.of(), null, "last part", 0, 1, 0)),
                    upsert(4, chunk(4, 8, 1, "a", Set.of(), null, "other document", 0, 1, 0))));

            SearchHit hit = index.search(new SearchQuery(
                            "comets", null, SearchMode.KEYWORD, 1, SearchFilter.NONE, Fusion.DEFAULT, 1))
                    .getFirst();

            assertThat(hit.chunk().chunkId()).isEqualTo(2L);
            assertThat(hit.neighbours()).extracting(StoredChunk::chunkId).containsExactly(1L, 3L);
        }
    }

    @Test
    void weightsTheRetrieversInTheFusion() throws Exception {
        try (ChunkIndex index = ChunkIndex.open(folder)) {
            index.apply(List.of(
                    upsert(1, chunk(1, "a", "volcano eruption", 0, 1, 0)),
                    upsert(2, chunk(2, "a", "unrelated words", 1, 0, 0))));
            float[] vector = {1, 0, 0};

            SearchHit keywordHeavy = index.search(new SearchQuery(
                            "volcano", vector, SearchMode.HYBRID, 2, SearchFilter.NONE, new Fusion(1, 0, 60), 0))
                    .getFirst();
            SearchHit vectorHeavy = index.search(new SearchQuery(
                            "volcano", vector, SearchMode.HYBRID, 2, SearchFilter.NONE, new Fusion(0, 1, 60), 0))
                    .getFirst();

            assertThat(keywordHeavy.chunk().chunkId()).isEqualTo(1L);
            assertThat(vectorHeavy.chunk().chunkId()).isEqualTo(2L);
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
            assertThat(index.chunkIds()).containsExactly(1L);
            assertThat(index.search(query("version removed", new float[] {0, 1, 0}, SearchMode.HYBRID, 5)))
                    .extracting(hit -> hit.chunk().text())
                    .containsExactly("second version");
            assertThat(index.lastAppliedOutboxId()).isEqualTo(5);
        }
    }

    @Test
    void remembersTheLastCommittedOutboxIdAcrossReopen() throws Exception {
        try (ChunkIndex index = ChunkIndex.open(folder)) {
            index.apply(List.of(upsert(7, chunk(1, "a", "persisted", 1, 0, 0))));
            index.commit();
        }
        try (ChunkIndex reopened = ChunkIndex.open(folder)) {
            assertThat(reopened.lastAppliedOutboxId()).isEqualTo(7);
            assertThat(reopened.chunkCount()).isEqualTo(1);
        }
    }

    @Test
    void anIndexWrittenWithAnotherLayoutOpensAsEmptySoThatItIsRebuilt() throws Exception {
        try (ChunkIndex index = ChunkIndex.open(folder)) {
            index.apply(List.of(upsert(7, chunk(1, "a", "persisted", 1, 0, 0))));
            index.commit();
        }
        // What an older Groundwork left: the outbox position, but no layout.
        try (IndexWriter older = new IndexWriter(FSDirectory.open(folder), new IndexWriterConfig())) {
            older.setLiveCommitData(Map.of(ChunkIndex.LAST_OUTBOX_ID, "7").entrySet());
            older.commit();
        }
        try (ChunkIndex reopened = ChunkIndex.open(folder)) {
            assertThat(reopened.lastAppliedOutboxId()).isZero();
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
    void rejectsChunksWhoseSpanDoesNotMatchTheirText() {
        assertThatThrownBy(() -> new StoredChunk(1, 1, 0, "a", "s", "t", "", Set.of(), null, 0, 3, "four"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has length 3 but text has 4 characters");
    }

    static SearchQuery query(String text, float[] vector, SearchMode mode, int k) {
        return new SearchQuery(text, vector, mode, k, SearchFilter.NONE);
    }

    private static List<SearchHit> search(ChunkIndex index, SearchMode mode, SearchFilter filter) {
        return index.search(new SearchQuery("rivers", new float[] {1, 0, 0}, mode, 10, filter));
    }

    private static SearchFilter filter(
            Set<String> collections, Set<Long> documents, Set<String> tags, Instant from, Instant to, String prefix) {
        return new SearchFilter(collections, documents, tags, from, to, prefix);
    }

    static List<Long> ids(List<SearchHit> hits) {
        return hits.stream().map(hit -> hit.chunk().chunkId()).toList();
    }
}
