package dev.groundwork.generator.answer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundwork.generator.Answer;
import dev.groundwork.generator.Citation;
import dev.groundwork.generator.text.Sentences;
import dev.groundwork.runtime.embedding.EmbeddingModelChoice;
import dev.groundwork.runtime.embedding.OnnxEmbedder;
import dev.groundwork.vectorstore.SearchHit;
import dev.groundwork.vectorstore.StoredChunk;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ExtractiveAnswererTest {

    private static final String DOCUMENT = """
            Lighthouse handbook

            The lamp is lit at sunset. The keeper winds the clockwork every four hours so the lens keeps turning.
            Fog signals sound every thirty seconds when visibility drops below two miles.

            Supplies arrive by boat on the first Monday of each month.""";

    private static OnnxEmbedder embedder;
    private static ExtractiveAnswerer answerer;

    @BeforeAll
    static void load() {
        embedder = new OnnxEmbedder(EmbeddingModelChoice.ALL_MINILM_L6_V2_Q, 2);
        answerer = new ExtractiveAnswerer(embedder);
    }

    @AfterAll
    static void close() {
        embedder.close();
    }

    @Test
    void answersWithTheRelevantSentenceCitedByItsExactSpan() {
        Answer answer = answerer.answer("How often does the fog signal sound?", null, passages());

        assertThat(answer.grounded()).isTrue();
        Citation first = answer.citations().getFirst();
        assertThat(first.text())
                .isEqualTo("Fog signals sound every thirty seconds when visibility drops below two miles.");
        assertThat(DOCUMENT.substring(first.start(), first.end())).isEqualTo(first.text());
        assertThat(answer.text()).startsWith(first.text() + " [1]");
        assertThat(answer.sentences().getFirst().citation()).isEqualTo(1);
    }

    @Test
    void everyCitationIsAnExactSpanInsideItsPassage() {
        Answer answer = answerer.answer("When do supplies arrive and when is the lamp lit?", null, passages());

        assertThat(answer.citations()).isNotEmpty().allSatisfy(citation -> {
            assertThat(DOCUMENT.substring(citation.start(), citation.end())).isEqualTo(citation.text());
            assertThat(DOCUMENT.substring(citation.passageStart(), citation.passageEnd()))
                    .isEqualTo(citation.passageText());
        });
        assertThat(answer.citations()).extracting(Citation::number).startsWith(1);
    }

    @Test
    void saysSoWhenTheSourcesDoNotAnswer() {
        Answer answer = answerer.answer("What is the capital of Mongolia?", null, passages());

        assertThat(answer.grounded()).isFalse();
        assertThat(answer.text()).isEqualTo(ExtractiveAnswerer.NOT_FOUND);
        assertThat(answer.citations()).isEmpty();
    }

    @Test
    void splitsLinesAndSentencesIntoTrimmedSpans() {
        String text = "Heading\nFirst one. Second one.\n\n  Third";

        assertThat(Sentences.spans(text).stream().map(s -> text.substring(s[0], s[1])))
                .containsExactly("Heading", "First one.", "Second one.", "Third");
    }

    private static List<SearchHit> passages() {
        int second = DOCUMENT.indexOf("The lamp");
        int secondEnd = DOCUMENT.indexOf("miles.") + "miles.".length();
        int third = DOCUMENT.indexOf("Supplies");
        return List.of(
                hit(1, second, secondEnd), hit(2, third, DOCUMENT.length()), hit(3, 0, "Lighthouse handbook".length()));
    }

    private static SearchHit hit(long chunkId, int start, int end) {
        StoredChunk chunk = new StoredChunk(
                chunkId,
                42,
                (int) chunkId,
                "docs",
                "/docs/lighthouse.md",
                "Lighthouse handbook",
                "",
                Set.of(),
                null,
                start,
                end,
                DOCUMENT.substring(start, end));
        return new SearchHit(chunk, 1.0 / chunkId, (int) chunkId, (int) chunkId, List.of());
    }
}
