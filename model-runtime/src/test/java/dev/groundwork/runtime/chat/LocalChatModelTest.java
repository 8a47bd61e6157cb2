package dev.groundwork.runtime.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundwork.runtime.generation.GenerationSettings;
import dev.groundwork.runtime.generation.LanguageModel;
import dev.groundwork.runtime.generation.ModelOptions;
import dev.groundwork.runtime.oracle.Oracle;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;

/** The Spring AI adapter on TinyStories 260K, a base model, with the plain template. */
class LocalChatModelTest {

    private static LanguageModel model;
    private static String story;

    @BeforeAll
    static void load() {
        model = LanguageModel.load(
                Oracle.file("models/stories260K-f32.gguf"),
                ModelOptions.defaults().withThreads(2).withChatTemplate("plain"));
        story = Oracle.json("logits/index.json")
                .get("runs")
                .get("stories260K-f32.once.gen64")
                .get("generated_text")
                .asString();
    }

    @AfterAll
    static void close() {
        if (model != null) {
            model.close();
        }
    }

    @Test
    void callAnswersWithTheModelsGreedyText() {
        LocalChatModel chat = new LocalChatModel(model, GenerationSettings.greedy(64));
        ChatResponse response = chat.call(new Prompt("Once upon a time"));
        assertThat(response.getResult().getOutput().getText()).isEqualTo(story);
        assertThat(response.getResult().getMetadata().getFinishReason()).isEqualTo("length");
    }

    @Test
    void streamsTheSameTextInPieces() {
        LocalChatModel chat = new LocalChatModel(model, GenerationSettings.greedy(64));
        List<ChatResponse> responses =
                chat.stream(new Prompt("Once upon a time")).collectList().block();
        assertThat(responses).hasSizeGreaterThan(10);
        StringBuilder text = new StringBuilder();
        responses.forEach(
                response -> text.append(response.getResult().getOutput().getText()));
        assertThat(text).hasToString(story);
        assertThat(responses.getLast().getResult().getMetadata().getFinishReason())
                .isEqualTo("length");
    }

    @Test
    void promptOptionsOverrideTheDefaults() {
        LocalChatModel chat = new LocalChatModel(model, GenerationSettings.greedy(64));
        ChatResponse response = chat.call(new Prompt(
                "Once upon a time",
                ChatOptions.builder()
                        .maxTokens(5)
                        .stopSequences(List.of("girl"))
                        .build()));
        assertThat(story).startsWith(response.getResult().getOutput().getText());
        assertThat(response.getResult().getOutput().getText()).hasSizeLessThan(40);
    }

    @Test
    void cancellingTheStreamStopsTheGeneration() {
        LocalChatModel chat = new LocalChatModel(model, GenerationSettings.greedy(64));
        List<ChatResponse> first = chat.stream(new Prompt("Once upon a time"))
                .take(3)
                .collectList()
                .block();
        assertThat(first).hasSize(3);
        // The model is free again: a full answer follows.
        assertThat(chat.call(new Prompt("Once upon a time"))
                        .getResult()
                        .getOutput()
                        .getText())
                .isEqualTo(story);
    }
}
