package dev.groundwork.generator.backend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundwork.generator.context.PackedSource;
import dev.groundwork.generator.text.CitationMarkers;
import dev.groundwork.generator.text.Sentences;
import dev.groundwork.runtime.embedding.EmbeddingModelChoice;
import dev.groundwork.runtime.embedding.OnnxEmbedder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ExtractiveBackendTest {

    private static final String DOCUMENT = """
            Lighthouse handbook

            The lamp is lit at sunset. The keeper winds the clockwork every four hours so the lens keeps turning.
            Fog signals sound every thirty seconds when visibility drops below two miles.

            Supplies arrive by boat on the first Monday of each month.""";

    private static OnnxEmbedder embedder;
    private static ExtractiveBackend backend;

    @BeforeAll
    static void load() {
        embedder = new OnnxEmbedder(EmbeddingModelChoice.ALL_MINILM_L6_V2_Q, 2);
        backend = new ExtractiveBackend(embedder);
    }

    @AfterAll
    static void close() {
        embedder.close();
    }

    @Test
    void answersWithTheRelevantSentenceFollowedByItsSourcesMarker() {
        List<String> tokens = new ArrayList<>();
        AnswerBackend.Draft draft = backend.draft("How often does the fog signal sound?", null, sources(), tokens::add);

        assertThat(draft.answered()).isTrue();
        assertThat(draft.text())
                .startsWith("Fog signals sound every thirty seconds when visibility drops below two miles. [1]");
        assertThat(String.join("", tokens)).isEqualTo(draft.text());
    }

    @Test
    void everySentenceIsVerbatimFromTheSourceItCites() {
        List<PackedSource> sources = sources();
        AnswerBackend.Draft draft =
                backend.draft("When do supplies arrive and when is the lamp lit?", null, sources, text -> {});

        List<CitationMarkers.MarkedSentence> sentences = CitationMarkers.sentences(draft.text());
        assertThat(sentences).isNotEmpty();
        for (CitationMarkers.MarkedSentence sentence : sentences) {
            assertThat(sentence.cited()).hasSize(1);
            assertThat(sources.get(sentence.cited().getFirst() - 1).text()).contains(sentence.claim());
        }
    }

    @Test
    void saysSoWhenTheSourcesDoNotAnswer() {
        AnswerBackend.Draft draft = backend.draft("What is the capital of Mongolia?", null, sources(), text -> {});

        assertThat(draft.answered()).isFalse();
        assertThat(draft.text()).isEqualTo(AnswerBackend.NOT_FOUND);
    }

    @Test
    void splitsLinesAndSentencesIntoTrimmedSpans() {
        String text = "Heading\nFirst one. Second one.\n\n  Third";

        assertThat(Sentences.spans(text).stream().map(s -> text.substring(s[0], s[1])))
                .containsExactly("Heading", "First one.", "Second one.", "Third");
    }

    private static List<PackedSource> sources() {
        int second = DOCUMENT.indexOf("The lamp");
        int secondEnd = DOCUMENT.indexOf("miles.") + "miles.".length();
        int third = DOCUMENT.indexOf("Supplies");
        return List.of(
                source(1, second, secondEnd),
                source(2, third, DOCUMENT.length()),
                source(3, 0, "Lighthouse handbook".length()));
    }

    private static PackedSource source(int number, int start, int end) {
        String text = DOCUMENT.substring(start, end);
        return new PackedSource(
                number,
                42,
                "Lighthouse handbook",
                "/docs/lighthouse.md",
                "",
                start,
                end,
                text,
                number,
                List.of(new PackedSource.Chunk(number, start, end)),
                embedder.countTokens(text));
    }
}
