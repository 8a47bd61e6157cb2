package dev.groundwork.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The {@code local} backend end to end: a GGUF file run in the server's process writes the answer,
 * which is verified like any other, with spans that are the stored text. The model is the oracle's TinyStories 260K (the one trained
 * model obtainable here): it tells stories instead of answering, so its sentences must come out
 * unsupported, and {@code refuse} must refuse them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@EnabledIf("modelPresent")
class LocalBackendIT {

    static final Path MODEL = Path.of("../../shared/oracle/models/stories260K-f32.gguf")
            .toAbsolutePath()
            .normalize();
    static final Path work = TestFolders.create("local-backend-it");
    static final String QUESTION = "How often does the fog horn sound?";

    @LocalServerPort
    int port;

    Api api;

    static boolean modelPresent() {
        return Files.isRegularFile(MODEL);
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("groundwork.data-dir", () -> work.resolve("data").toString());
        registry.add("groundwork.answer.backend", () -> "local");
        registry.add("groundwork.answer.local.model-path", MODEL::toString);
        registry.add("groundwork.answer.local.chat-template", () -> "plain");
        registry.add("groundwork.answer.local.context-length", () -> "8192");
        registry.add("groundwork.answer.local.max-tokens", () -> "48");
        registry.add("groundwork.answer.context-tokens", () -> "300");
    }

    @BeforeAll
    void ingestSampleCorpus() {
        api = new Api(port);
        api.post(
                "/api/ingest",
                Map.of("path", SampleCorpus.copyTo(work.resolve("corpus")).toString()));
    }

    @Test
    void theModelInTheServerWritesTheAnswerAndTheVerifierJudgesIt() {
        JsonNode answer = api.post("/api/answer", Map.of("question", QUESTION, "policy", "annotate"));

        assertThat(answer.path("backend").asString()).isEqualTo("local");
        assertThat(answer.path("answer").asString()).isNotBlank();
        assertThat(answer.path("timings").path("generateMs").asLong()).isPositive();
        JsonNode sentences = answer.path("sentences");
        assertThat(sentences.size()).isPositive();
        String text = answer.path("answer").asString();
        for (JsonNode sentence : sentences) {
            assertThat(sentence.path("support").asString()).isIn(Set.of("SUPPORTED", "PARTIAL", "UNSUPPORTED"));
            assertThat(text.substring(
                            sentence.path("start").asInt(), sentence.path("end").asInt()))
                    .isEqualTo(sentence.path("text").asString());
            JsonNode evidence = sentence.path("evidence");
            if (!evidence.isNull() && !evidence.isMissingNode()) {
                assertThat(api.get("/api/documents/"
                                        + evidence.path("documentId").asLong())
                                .path("text")
                                .asString()
                                .substring(
                                        evidence.path("start").asInt(),
                                        evidence.path("end").asInt()))
                        .isEqualTo(evidence.path("text").asString());
            }
        }
        // A children's story does not answer a question about a fog horn.
        assertThat(answer.path("supportedShare").asDouble()).isLessThan(0.5);
    }

    @Test
    void refuseRefusesTheStory() {
        JsonNode answer = api.post("/api/answer", Map.of("question", QUESTION, "policy", "refuse"));

        assertThat(answer.path("policy").path("action").asString()).isEqualTo("refused");
        assertThat(answer.path("grounded").asBoolean()).isFalse();
    }

    @Test
    void streamsTheModelsTokens() {
        Map.Entry<Integer, String> response =
                api.postForText("/api/answer/stream", Map.of("question", QUESTION, "policy", "annotate"));

        assertThat(response.getKey()).isEqualTo(200);
        String events = response.getValue();
        assertThat(events).contains("event:sources").contains("event:token").contains("event:answer");
        assertThat(events.indexOf("event:token")).isLessThan(events.indexOf("event:answer"));
        assertThat(events.substring(events.indexOf("event:answer"))).contains("\"backend\":\"local\"");
    }
}
