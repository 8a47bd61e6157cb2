package dev.groundwork.runtime.generation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.groundwork.runtime.chat.ChatMessage;
import dev.groundwork.runtime.llama.KvCache;
import dev.groundwork.runtime.oracle.Oracle;
import dev.groundwork.runtime.sampling.SamplerSettings;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Generation end to end on the one real trained model of the oracle, TinyStories 260K. */
class LanguageModelTest {

    private static LanguageModel stories(ModelOptions options) {
        return LanguageModel.load(Oracle.file("models/stories260K-f32.gguf"), options);
    }

    private static ModelOptions options() {
        return ModelOptions.defaults().withThreads(2).withFallbackTemplate("plain");
    }

    private static JsonNode run(String name) {
        return Oracle.json("logits/index.json").get("runs").get(name);
    }

    @Test
    void greedyStoryFromBosIsLlamaCppsWordForWord() {
        JsonNode reference = run("stories260K-f32.bos.gen200");
        // The file says 128 positions (llama.cpp's llama2.c converter); the model was trained on 512.
        try (LanguageModel model = stories(options().withContextLength(512))) {
            StringBuilder streamed = new StringBuilder();
            Generation generation = model.newSession()
                    .generate(new int[] {1}, GenerationSettings.greedy(200), streamed::append, () -> false);
            assertThat(generation.generatedTokens()).isEqualTo(200);
            assertThat(generation.finishReason()).isEqualTo(Generation.FinishReason.LENGTH);
            // Piece by piece, the first token keeps its SentencePiece space, which llama.cpp's
            // detokenizer drops at the start of a text.
            assertThat(generation.text().stripLeading())
                    .isEqualTo(reference.get("generated_text").asString());
            assertThat(streamed).hasToString(generation.text());
        }
    }

    @Test
    void continuesAPromptAsLlamaCppDoes() {
        JsonNode reference = run("stories260K-f32.once.gen64");
        try (LanguageModel model = stories(options())) {
            int[] prompt = model.encodePrompt("Once upon a time");
            assertThat(prompt).containsExactly(1, 403, 407, 261, 378);
            Generation generation =
                    model.newSession().generate(prompt, GenerationSettings.greedy(64), TextListener.NONE, () -> false);
            assertThat(generation.text())
                    .isEqualTo(reference.get("generated_text").asString());
        }
    }

    @Test
    void stopsAtAStopStringWithoutPrintingIt() {
        try (LanguageModel model = stories(options())) {
            StringBuilder streamed = new StringBuilder();
            Generation generation = model.newSession()
                    .generate(
                            model.encodePrompt("Once upon a time"),
                            new GenerationSettings(64, SamplerSettings.GREEDY, List.of("Lily")),
                            streamed::append,
                            () -> false);
            assertThat(generation.text()).isEqualTo(", there was a little girl named ");
            assertThat(streamed).hasToString(generation.text());
            assertThat(generation.finishReason()).isEqualTo(Generation.FinishReason.STOP);
        }
    }

    @Test
    void cancelsBetweenTokens() {
        try (LanguageModel model = stories(options())) {
            AtomicInteger checks = new AtomicInteger();
            Generation generation = model.newSession()
                    .generate(
                            model.encodePrompt("Once upon a time"),
                            GenerationSettings.greedy(64),
                            TextListener.NONE,
                            () -> checks.incrementAndGet() > 5);
            assertThat(generation.finishReason()).isEqualTo(Generation.FinishReason.CANCELLED);
            assertThat(generation.generatedTokens()).isEqualTo(5);
        }
    }

    @Test
    void aSecondTurnReusesTheCachedPrefix() {
        try (LanguageModel model = stories(options())) {
            Session session = model.newSession();
            int[] first = model.encodePrompt("Once upon a time");
            Generation a = session.generate(first, GenerationSettings.greedy(8), TextListener.NONE, () -> false);
            int[] second = model.encodePrompt("Once upon a time, there was a dog");
            Generation b = session.generate(second, GenerationSettings.greedy(8), TextListener.NONE, () -> false);
            assertThat(a.reusedTokens()).isZero();
            assertThat(b.reusedTokens()).isGreaterThanOrEqualTo(first.length);
            // The reused cache gives what a fresh session computes.
            Generation fresh =
                    model.newSession().generate(second, GenerationSettings.greedy(8), TextListener.NONE, () -> false);
            assertThat(b.text()).isEqualTo(fresh.text());
        }
    }

    @Test
    void int8AndHalfKvCachesSaveMemoryAndKeepTheStory() {
        JsonNode reference = run("stories260K-f32.once.gen64");
        for (KvCache.Type type : List.of(KvCache.Type.F16, KvCache.Type.Q8)) {
            try (LanguageModel model = stories(options().withKvCache(type));
                    LanguageModel f32 = stories(options())) {
                Session session = model.newSession();
                assertThat(session.cacheBytes()).isLessThan(f32.newSession().cacheBytes());
                Generation generation = session.generate(
                        model.encodePrompt("Once upon a time"),
                        GenerationSettings.greedy(24),
                        TextListener.NONE,
                        () -> false);
                assertThat(reference.get("generated_text").asString())
                        .as(type.name())
                        .startsWith(generation.text());
            }
        }
    }

    @Test
    void chatNeedsATemplateAndSaysHowToSetOne() {
        try (LanguageModel model = stories(ModelOptions.defaults().withThreads(1))) {
            assertThat(model.chatTemplate()).isEmpty();
            assertThatThrownBy(() -> model.encodeChat(List.of(ChatMessage.user("hi"))))
                    .hasMessageContaining("has no chat template that Groundwork recognises");
        }
    }

    @Test
    void refusesAPromptThatFillsTheContext() {
        try (LanguageModel model = stories(options().withContextLength(16))) {
            int[] prompt = new int[16];
            prompt[0] = 1;
            assertThatThrownBy(() -> model.newSession()
                            .generate(prompt, GenerationSettings.greedy(4), TextListener.NONE, () -> false))
                    .isInstanceOf(PromptTooLongException.class)
                    .hasMessage("the prompt has 16 tokens; the context holds 16, prompt and answer together");
        }
    }
}
