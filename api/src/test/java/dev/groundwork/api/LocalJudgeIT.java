package dev.groundwork.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
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
 * With a local model whose vocabulary has "yes" and "no" (the oracle's random-weight model with the
 * Llama-2 vocabulary), the verifier asks the model about every sentence and reports its judgement.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@EnabledIf("modelPresent")
class LocalJudgeIT {

    static final Path MODEL = Path.of("../../shared/oracle/models/vocab-llama-spm-q8_0.gguf")
            .toAbsolutePath()
            .normalize();
    static final Path work = TestFolders.create("local-judge-it");

    @LocalServerPort
    int port;

    static boolean modelPresent() {
        return Files.isRegularFile(MODEL);
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("groundwork.data-dir", () -> work.resolve("data").toString());
        registry.add("groundwork.answer.backend", () -> "local");
        registry.add("groundwork.answer.local.model-path", MODEL::toString);
        registry.add("groundwork.answer.local.chat-template", () -> "llama2");
        registry.add("groundwork.answer.local.max-tokens", () -> "24");
        registry.add("groundwork.answer.context-tokens", () -> "300");
    }

    @BeforeAll
    void ingestSampleCorpus() {
        new Api(port)
                .post(
                        "/api/ingest",
                        Map.of(
                                "path",
                                SampleCorpus.copyTo(work.resolve("corpus")).toString()));
    }

    @Test
    void everySentenceCarriesTheModelsJudgement() {
        JsonNode answer = new Api(port).post("/api/answer", Map.of("question", "How often does the fog horn sound?"));

        assertThat(answer.path("backend").asString()).isEqualTo("local");
        assertThat(answer.path("sentences").size()).isPositive();
        for (JsonNode sentence : answer.path("sentences")) {
            JsonNode judgement = sentence.path("signals").path("modelSupport");
            assertThat(judgement.isNumber()).as(sentence.toString()).isTrue();
            assertThat(judgement.asDouble()).isBetween(0.0, 1.0);
        }
    }
}
