package dev.groundwork.ingest.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundwork.ingest.read.Heading;
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
        List<ChunkSpan> chunks = new ParagraphChunker(WORDS, 50)
                .chunk(text, List.of(new Heading(0, 1, "One"), new Heading(text.indexOf("# Two"), 1, "Two")));

        assertThat(chunks)
                .extracting(chunk -> chunk.textOf(text))
                .containsExactly("# One\n\nshort text", "# Two\n\nmore text");
    }

    @Test
    void carriesTheHeadingPathAboveEachChunk() {
        String text =
                "Intro words.\n\nGuide\n\nInstall\n\nLinux\n\nUse apt.\n\nWindows\n\nUse the installer.\n\nUsage\n\nRun it.";
        List<Heading> headings = List.of(
                heading(text, "Guide", 1),
                heading(text, "Install", 2),
                heading(text, "Linux", 3),
                heading(text, "Windows", 3),
                heading(text, "Usage", 2));
        List<ChunkSpan> chunks = new ParagraphChunker(WORDS, 50).chunk(text, headings);

        assertThat(chunks)
                .extracting(ChunkSpan::headingPath)
                .containsExactly(
                        "",
                        "Guide",
                        "Guide > Install",
                        "Guide > Install > Linux",
                        "Guide > Install > Windows",
                        "Guide > Usage");
        assertThat(chunks.get(3).textOf(text)).isEqualTo("Linux\n\nUse apt.");
    }

    @Test
    void leavesRoomForTheHeadingPathInTheBudget() {
        String text = "Title\n\n" + "one two three four five. ".repeat(4).strip();
        List<ChunkSpan> chunks =
                new ParagraphChunker(WORDS, 12).chunk(text, List.of(new Heading(0, 1, "Long heading path here")));

        // 12 tokens less the 4 of the path and 1 for the line it is embedded on: 7 per chunk.
        assertThat(chunks).allSatisfy(chunk -> assertThat(chunk.tokenCount()).isLessThanOrEqualTo(7));
        assertThat(chunks).hasSizeGreaterThan(2);
    }

    @Test
    void keepsAListWholeWhenItFitsAndSplitsItAtItemsWhenNot() {
        String list = "- apples are red\n- pears are green\n- plums are purple";
        String text = "Fruit colours:\n\n" + list;

        assertThat(new ParagraphChunker(WORDS, 20).chunk(text))
                .extracting(chunk -> chunk.textOf(text))
                .containsExactly(text);
        assertThat(new ParagraphChunker(WORDS, 9).chunk(text))
                .extracting(chunk -> chunk.textOf(text))
                .containsExactly("Fruit colours:\n\n- apples are red", "- pears are green\n- plums are purple");
    }

    @Test
    void overlapsConsecutiveChunksBySentences() {
        String text = "One two three. Four five six. Seven eight nine. Ten eleven twelve.";
        List<ChunkSpan> chunks = new ParagraphChunker(WORDS, 8, 3).chunk(text);

        assertThat(chunks)
                .extracting(chunk -> chunk.textOf(text))
                .containsExactly(
                        "One two three. Four five six.",
                        "Four five six. Seven eight nine.",
                        "Seven eight nine. Ten eleven twelve.");
    }

    @Test
    void chunksAListOfTensOfThousandsOfLinesWithoutOverflowingTheStack() {
        String text = "Contents\n\n" + "- entry one two\n".repeat(50_000).strip();
        List<ChunkSpan> chunks = new ParagraphChunker(WORDS, 100).chunk(text);

        assertThat(chunks).allSatisfy(chunk -> assertThat(chunk.tokenCount()).isLessThanOrEqualTo(100));
        assertThat(chunks.getLast().end()).isEqualTo(text.length());
    }

    @Test
    void refusesAnOverlapOfMoreThanHalfTheChunk() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ParagraphChunker(WORDS, 100, 51))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("between 0 and half");
    }

    private static Heading heading(String text, String heading, int level) {
        return new Heading(text.indexOf(heading), level, heading);
    }

    @Test
    void returnsNoChunksForBlankText() {
        assertThat(new ParagraphChunker(WORDS, 8).chunk(" \n\n \t ")).isEmpty();
    }
}
