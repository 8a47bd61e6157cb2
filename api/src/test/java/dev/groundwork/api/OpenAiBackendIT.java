package dev.groundwork.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * One Groundwork as the {@code openai} backend of another, over real HTTP: the server under test
 * runs the oracle's TinyStories model with the {@code local} backend and offers it on {@code /v1}
 * for plain completions; a second instance, configured with {@code backend=openai} and that
 * server's address, answers through it. Both see the same corpus and greedy sampling, so the
 * answer written over HTTP must be the very answer the model writes in-process.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@EnabledIf("modelPresent")
class OpenAiBackendIT {

    static final Path MODEL = LocalBackendIT.MODEL;
    static final Path work = TestFolders.create("openai-backend-it");
    static final String QUESTION = "How often does the fog horn sound?";

    @LocalServerPort
    int port;

    Api server;
    Api client;
    ConfigurableApplicationContext clientInstance;
    String modelName;

    static boolean modelPresent() {
        return Files.isRegularFile(MODEL);
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("groundwork.data-dir", () -> work.resolve("server").toString());
        registry.add("groundwork.answer.backend", () -> "local");
        registry.add("groundwork.answer.local.model-path", MODEL::toString);
        registry.add("groundwork.answer.local.chat-template", () -> "plain");
        registry.add("groundwork.answer.local.context-length", () -> "8192");
        registry.add("groundwork.answer.local.max-tokens", () -> "40");
        registry.add("groundwork.answer.context-tokens", () -> "300");
        registry.add("groundwork.answer.model-judgement", () -> "false");
    }

    @BeforeAll
    void startTheClientInstance() {
        server = new Api(port);
        server.post(
                "/api/ingest",
                Map.of("path", SampleCorpus.copyTo(work.resolve("corpus")).toString()));
        for (JsonNode model : server.get("/v1/models").path("data")) {
            if (!model.path("id").asString().startsWith("groundwork")
                    && !model.path("id").asString().contains("minilm")) {
                modelName = model.path("id").asString();
            }
        }
        clientInstance = new SpringApplicationBuilder(GroundworkApplication.class)
                .run(
                        "--server.port=0",
                        "--groundwork.data-dir=" + work.resolve("client"),
                        "--groundwork.answer.backend=openai",
                        "--groundwork.answer.openai.base-url=http://127.0.0.1:" + port,
                        "--groundwork.answer.openai.model=" + modelName,
                        "--groundwork.answer.openai.api-key=" + Api.ADMIN_KEY,
                        "--groundwork.answer.openai.temperature=0",
                        "--groundwork.answer.openai.max-tokens=40",
                        "--groundwork.answer.context-tokens=300",
                        "--groundwork.answer.model-judgement=false");
        client = new Api(Integer.parseInt(clientInstance.getEnvironment().getProperty("local.server.port")));
        client.post("/api/ingest", Map.of("path", work.resolve("corpus").toString()));
    }

    @AfterAll
    void stopTheClientInstance() {
        if (clientInstance != null) {
            clientInstance.close();
        }
    }

    @Test
    void offersTheLocalModelForPlainCompletions() {
        assertThat(modelName).isNotBlank();
        OpenAiChatModel model = OpenAiChatModel.builder()
                .options(OpenAiChatOptions.builder()
                        .baseUrl("http://127.0.0.1:" + port + "/v1")
                        .apiKey(Api.ADMIN_KEY)
                        .model(modelName)
                        .temperature(0.0)
                        .maxTokens(24)
                        .maxRetries(0)
                        .build())
                .build();

        String story = model.call("Once upon a time");
        assertThat(story).isNotBlank();

        StringBuilder streamed = new StringBuilder();
        List<ChatResponse> chunks =
                model.stream(new Prompt("Once upon a time")).collectList().block();
        chunks.forEach(chunk -> {
            if (chunk.getResult() != null && chunk.getResult().getOutput().getText() != null) {
                streamed.append(chunk.getResult().getOutput().getText());
            }
        });
        assertThat(chunks).hasSizeGreaterThan(3);
        assertThat(streamed.toString()).isEqualTo(story);
    }

    @Test
    void aPlainCompletionStopsAtTheTokenLimitAndSaysSo() {
        JsonNode completion = server.post(
                "/v1/chat/completions",
                Map.of(
                        "model",
                        modelName,
                        "max_tokens",
                        5,
                        "messages",
                        List.of(Map.of("role", "user", "content", "Once upon a time"))));

        assertThat(completion.path("choices").get(0).path("finish_reason").asString())
                .isEqualTo("length");
        assertThat(completion
                        .path("choices")
                        .get(0)
                        .path("message")
                        .path("content")
                        .asString())
                .isNotBlank();
        assertThat(completion.has("groundwork")).isFalse();
    }

    @Test
    void anotherInstanceAnswersThroughThisOneWithTheSameWords() {
        JsonNode inProcess = server.post("/api/answer", Map.of("question", QUESTION, "policy", "annotate"));
        JsonNode overHttp = client.post("/api/answer", Map.of("question", QUESTION, "policy", "annotate"));

        assertThat(inProcess.path("backend").asString()).isEqualTo("local");
        assertThat(overHttp.path("backend").asString()).isEqualTo("openai");
        assertThat(overHttp.path("answer").asString())
                .isNotBlank()
                .isEqualTo(inProcess.path("answer").asString());
        List<String> verdicts = new ArrayList<>();
        overHttp.path("sentences")
                .forEach(sentence -> verdicts.add(sentence.path("support").asString()));
        assertThat(verdicts)
                .isNotEmpty()
                .allMatch(verdict ->
                        List.of("SUPPORTED", "PARTIAL", "UNSUPPORTED").contains(verdict));
    }
}
