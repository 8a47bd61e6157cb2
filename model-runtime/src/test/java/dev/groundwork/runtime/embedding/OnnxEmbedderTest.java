package dev.groundwork.runtime.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OnnxEmbedderTest {

    private static OnnxEmbedder embedder;

    @BeforeAll
    static void load() {
        embedder = new OnnxEmbedder(EmbeddingModelChoice.ALL_MINILM_L6_V2_Q, 2);
    }

    @AfterAll
    static void close() {
        embedder.close();
    }

    @Test
    void ranksTheRelatedPassageAboveUnrelatedOnes() {
        float[] query = embedder.embedQuery("How do I reverse a list in Python?");
        List<float[]> passages = embedder.embedPassages(List.of(
                "The lighthouse keeper rowed to the island before the storm.",
                "Use list.reverse() to reverse a Python list in place, or reversed() for an iterator.",
                "Sourdough bread needs a starter that is fed every day."));

        assertThat(passages).hasSize(3);
        double related = cosine(query, passages.get(1));
        assertThat(related).isGreaterThan(cosine(query, passages.get(0)) + 0.2);
        assertThat(related).isGreaterThan(cosine(query, passages.get(2)) + 0.2);
    }

    @Test
    void returnsUnitVectorsOfTheModelsDimension() {
        float[] vector = embedder.embedPassages(List.of("A short passage.")).getFirst();

        assertThat(vector).hasSize(embedder.dimensions());
        assertThat(cosine(vector, vector)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
    }

    @Test
    void countsWordPieceTokensWithoutSpecialTokens() {
        assertThat(embedder.countTokens("hello world")).isEqualTo(2);
        // "unaffable" splits into several word pieces, so tokens exceed words
        assertThat(embedder.countTokens("unaffable groundwork")).isGreaterThan(2);
        assertThat(embedder.countTokens("")).isZero();
    }

    @Test
    void countsWordByWordExactlyAsTheTokenizerCountsTheWholeText() {
        String[] pieces = {
            "hello",
            "World",
            "unaffable",
            "def",
            "f(x):",
            "x[0]",
            "3.11",
            "naïve",
            "café",
            "e\u0301",
            "\u0301",
            "\u00a0",
            "\u3000",
            "\u2028",
            "\u200b",
            "\u0000",
            "\u0007",
            "\ufffd",
            "東京",
            "日本語",
            "😀",
            "--",
            "https://docs.example/a?b=c",
            "a".repeat(120),
            "Ωmega",
            "İstanbul",
            "ß",
            "ﬁle",
            " ",
            "  ",
            "\n",
            "\t",
            "\r\n",
            "\n\n"
        };
        java.util.Random random = new java.util.Random(7);
        for (int n = 0; n < 500; n++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(30);
            for (int i = 0; i < length; i++) {
                text.append(pieces[random.nextInt(pieces.length)]);
                if (random.nextInt(3) > 0) {
                    text.append(' ');
                }
            }
            String sample = text.toString();
            assertThat(embedder.countTokens(sample)).as(sample).isEqualTo(embedder.countExactly(sample));
        }
    }

    @Test
    void runsTheBgeModelWithItsQueryInstruction() {
        try (OnnxEmbedder bge = new OnnxEmbedder(EmbeddingModelChoice.BGE_SMALL_EN_V15_Q, 1)) {
            float[] query = bge.embedQuery("When does the supply boat arrive?");
            List<float[]> passages = bge.embedPassages(List.of(
                    "The supply boat arrives on the first Monday of each month.",
                    "Sourdough bread needs a starter that is fed every day."));

            assertThat(bge.modelName()).isEqualTo("bge-small-en-v1.5-q");
            assertThat(bge.maxTokens()).isEqualTo(510);
            assertThat(passages.getFirst()).hasSize(384);
            assertThat(cosine(query, passages.get(0))).isGreaterThan(cosine(query, passages.get(1)) + 0.1);
        }
    }

    @Test
    void rejectsUnknownModelNamesWithTheKnownOnes() {
        assertThatThrownBy(() -> EmbeddingModelChoice.byName("gpt-embed"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gpt-embed")
                .hasMessageContaining("all-minilm-l6-v2-q");
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
        }
        return dot;
    }
}
