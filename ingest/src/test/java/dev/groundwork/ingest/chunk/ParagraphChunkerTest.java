package dev.groundwork.ingest.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;

class ParagraphChunkerTest {

    /** One token per whitespace-separated word: easy to reason about in tests. */
    private static final ToIntFunction<String> WORDS =
            text -> text.isBlank() ? 0 : text.strip().split("\\s+").length;

    @Test
    void mergesShortParagraphsUpToTheLimit() {
        String text = "one two three\n\nfour five\n\nsix seven eight nine ten";
        List<ChunkSpan> chunks = new ParagraphChunker(WORDS, 8).chunk(text);

        assertThat(chunks)
                .extracting(chunk -> chunk.textOf(text))
                .containsExactly("one two three\n\nfour five", "six seven eight nine ten");
        assertThat(chunks).extracting(ChunkSpan::tokenCount).containsExactly(5, 5);
    }

    @Test
    void splitsLongParagraphsAtSentencesThenWords() {
        String sentence = "Alpha beta gamma delta epsilon zeta eta theta.";
        String runOn = "a b c d e f g h i j k l m n o p q r s t";
        String text = sentence + " " + sentence + "\n\n" + runOn;
        List<ChunkSpan> chunks = new ParagraphChunker(WORDS, 8).chunk(text);

        assertThat(chunks).allSatisfy(chunk -> assertThat(chunk.tokenCount()).isLessThanOrEqualTo(8));
        assertThat(chunks.get(0).textOf(text)).isEqualTo(sentence);
        assertThat(chunks.get(1).textOf(text)).isEqualTo(sentence);
        assertThat(String.join(
                        " ",
                        chunks.subList(2, chunks.size()).stream()
                                .map(c -> c.textOf(text))
                                .toList()))
                .isEqualTo(runOn);
    }

    @Test
    void everyChunkIsATrimmedExactSpanInDocumentOrder() {
        String text = "  Title\n\n\tIndented para line one\n  line two  \n\n\n\nLast.";
        List<ChunkSpan> chunks = new ParagraphChunker(WORDS, 8).chunk(text);

        int previousEnd = 0;
        for (ChunkSpan chunk : chunks) {
            String chunkText = chunk.textOf(text);
            assertThat(chunkText).isEqualTo(chunkText.strip()).isNotEmpty();
            assertThat(chunk.start()).isGreaterThanOrEqualTo(previousEnd);
            previousEnd = chunk.end();
        }
        assertThat(chunks).isNotEmpty();
    }

    @Test
    void neverMergesAcrossASectionStart() {
        String text = "# One\n\nshort text\n\n# Two\n\nmore text";
        List<ChunkSpan> chunks = new ParagraphChunker(WORDS, 50).chunk(text, List.of(0, text.indexOf("# Two")));

        assertThat(chunks)
                .extracting(chunk -> chunk.textOf(text))
                .containsExactly("# One\n\nshort text", "# Two\n\nmore text");
    }

    @Test
    void returnsNoChunksForBlankText() {
        assertThat(new ParagraphChunker(WORDS, 8).chunk(" \n\n \t ")).isEmpty();
    }
}
