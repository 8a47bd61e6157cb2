package dev.groundwork.generator.context;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundwork.vectorstore.SearchHit;
import dev.groundwork.vectorstore.StoredChunk;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ContextPackerTest {

    private static final String DOCUMENT =
            "Alpha one two three. Beta four five six. Gamma seven eight. Delta nine ten.";
    private static final String OTHER = "Other document text that is about something else entirely.";

    /** Counts words, so budgets in the tests are easy to read. */
    private final ContextPacker packer = new ContextPacker(text -> text.split("\\s+").length);

    @Test
    void mergesOverlappingAndTouchingChunksOfADocumentIntoOneExactSpan() {
        StoredChunk first = chunk(1, 7, DOCUMENT, 0, 40); // "Alpha ... six."
        StoredChunk overlapping = chunk(2, 7, DOCUMENT, 21, 59); // "Beta ... eight."

        List<PackedSource> sources = packer.pack(List.of(hit(overlapping), hit(first)), 1000);

        assertThat(sources).hasSize(1);
        PackedSource source = sources.getFirst();
        assertThat(source.start()).isZero();
        assertThat(source.end()).isEqualTo(59);
        assertThat(source.text()).isEqualTo(DOCUMENT.substring(0, 59));
        assertThat(source.rank()).isEqualTo(1);
        assertThat(source.chunks()).extracting(PackedSource.Chunk::chunkId).containsExactly(1L, 2L);
        assertThat(source.chunkAt(45)).isEqualTo(2L);
    }

    @Test
    void keepsChunksWithAGapApartAndOrdersSourcesByTheirBestRank() {
        StoredChunk alpha = chunk(1, 7, DOCUMENT, 0, 20);
        StoredChunk gamma = chunk(3, 7, DOCUMENT, 41, 59);
        StoredChunk other = chunk(9, 8, OTHER, 0, OTHER.length());

        List<PackedSource> sources = packer.pack(List.of(hit(gamma), hit(other), hit(alpha)), 1000);

        assertThat(sources)
                .extracting(PackedSource::text)
                .containsExactly(DOCUMENT.substring(41, 59), OTHER, DOCUMENT.substring(0, 20));
        assertThat(sources).extracting(PackedSource::number).containsExactly(1, 2, 3);
    }

    @Test
    void takesNeighboursAndTheSameChunkOnlyOnce() {
        StoredChunk alpha = chunk(1, 7, DOCUMENT, 0, 20);
        StoredChunk beta = chunk(2, 7, DOCUMENT, 21, 40);
        SearchHit withNeighbour = new SearchHit(alpha, 1, 1, 1, List.of(beta));

        List<PackedSource> sources = packer.pack(List.of(withNeighbour, hit(beta)), 1000);

        // Chunks with white space between them stay apart: a source is an exact span of its document.
        assertThat(sources)
                .extracting(PackedSource::text)
                .containsExactly(DOCUMENT.substring(0, 20), DOCUMENT.substring(21, 40));
        assertThat(sources).extracting(PackedSource::rank).containsExactly(1, 1);
    }

    @Test
    void skipsSourcesOverTheBudgetButAlwaysKeepsTheFirst() {
        StoredChunk big = chunk(1, 7, DOCUMENT, 0, DOCUMENT.length()); // 14 words
        StoredChunk other = chunk(9, 8, OTHER, 0, OTHER.length()); // 9 words
        StoredChunk small = chunk(5, 6, "Tiny text.", 0, 10); // 2 words

        List<PackedSource> sources = packer.pack(List.of(hit(big), hit(other), hit(small)), 16);

        assertThat(sources).extracting(PackedSource::documentId).containsExactly(7L, 6L);
        assertThat(sources).extracting(PackedSource::tokens).containsExactly(14, 2);
    }

    private static StoredChunk chunk(long id, long documentId, String document, int start, int end) {
        return new StoredChunk(
                id,
                documentId,
                (int) id,
                "docs",
                "/docs/" + documentId + ".txt",
                "Doc " + documentId,
                "",
                Set.of(),
                null,
                start,
                end,
                document.substring(start, end));
    }

    private static SearchHit hit(StoredChunk chunk) {
        return new SearchHit(chunk, 0.5, 1, 1, List.of());
    }
}
