package dev.groundwork.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundwork.api.FakeOpenAiServer.Reply;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.NestedTestConfiguration;
import tools.jackson.databind.JsonNode;

/**
 * Health, metrics and request ids on the real stack, with the {@code openai} backend talking to an
 * OpenAI-protocol server on the loopback interface: every health component with its details, a
 * Prometheus histogram per answer stage, ingestion counters, {@code X-Request-Id} in responses and
 * log lines; and the language model's health when its server cannot be reached.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
class ObservabilityIT {

    static final Path work = TestFolders.create("observability-it");
    static final FakeOpenAiServer model = FakeOpenAiServer.started();

    static final String HORN = "The horn sounds one blast of three seconds every thirty seconds.";
    static final String QUESTION = "How often does the fog horn sound?";

    @LocalServerPort
    int port;

    Api api;
    JsonNode ingest;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("groundwork.data-dir", () -> work.resolve("data").toString());
        registry.add("groundwork.answer.backend", () -> "openai");
        registry.add("groundwork.answer.openai.base-url", model::baseUrl);
        registry.add("groundwork.answer.openai.model", () -> "fake-model");
        registry.add("groundwork.answer.openai.timeout", () -> "3s");
    }

    @BeforeAll
    void ingestSampleCorpus() {
        api = new Api(port);
        ingest = api.post(
                "/api/ingest",
                Map.of("path", SampleCorpus.copyTo(work.resolve("corpus")).toString()));
    }

    @AfterAll
    void stopModel() {
        model.close();
    }

    /** The model answers with the horn sentence and judges every claim supported. */
    @BeforeEach
    void answerFromTheHandbook() {
        model.script(request -> request.judging() ? Reply.text("Yes") : Reply.text(HORN + " [1]"));
    }

    @Test
    void healthShowsEveryComponentUpWithItsDetails() {
        JsonNode health = api.get("/actuator/health");

        assertThat(health.path("status").asString()).isEqualTo("UP");
        JsonNode components = health.path("components");
        for (String component : List.of("db", "index", "embeddingModel", "languageModel")) {
            assertThat(components.path(component).path("status").asString())
                    .as(component + ": " + components.path(component))
                    .isEqualTo("UP");
        }
        JsonNode index = components.path("index").path("details");
        assertThat(index.path("chunks").asLong())
                .isEqualTo(ingest.path("chunks").asLong());
        assertThat(index.path("lastAppliedOutboxId").asLong()).isPositive();
        assertThat(index.path("outboxLag").asLong()).isZero();
        JsonNode embedding = components.path("embeddingModel").path("details");
        assertThat(embedding.path("model").asString()).isEqualTo("all-minilm-l6-v2-q");
        assertThat(embedding.path("dimensions").asInt()).isEqualTo(384);
        JsonNode language = components.path("languageModel").path("details");
        assertThat(language.path("backend").asString()).isEqualTo("openai");
        assertThat(language.path("model").asString()).isEqualTo("fake-model");
        assertThat(language.path("url").asString()).isEqualTo(model.baseUrl() + "/v1/models");
        // The fake server lists no models: it answers, so the backend is reachable.
        assertThat(language.path("httpStatus").asInt()).isEqualTo(404);
    }

    @Test
    void prometheusHasAHistogramPerAnswerStageAndTheFirstTokenAndTokenRate() {
        api.post("/api/answer", Map.of("question", QUESTION));
        assertThat(api.postForText("/api/answer/stream", Map.of("question", QUESTION))
                        .getValue())
                .contains("event:answer");

        String metrics = api.getText("/actuator/prometheus");

        for (String stage : List.of("retrieve", "generate", "verify")) {
            String series = "{backend=\"openai\",stage=\"" + stage + "\"}";
            assertThat(lines(metrics, "groundwork_answer_stage_seconds_bucket"))
                    .as(stage)
                    .anyMatch(line -> line.contains("stage=\"" + stage + "\"") && line.contains("le=\"+Inf\""));
            assertThat(value(metrics, "groundwork_answer_stage_seconds_count" + series))
                    .as(stage)
                    .isGreaterThanOrEqualTo(2);
        }
        assertThat(value(metrics, "groundwork_answer_time_to_first_token_seconds_count{backend=\"openai\"}"))
                .isGreaterThanOrEqualTo(2);
        assertThat(value(metrics, "groundwork_answer_time_to_first_token_seconds_sum{backend=\"openai\"}"))
                .isPositive();
        assertThat(lines(metrics, "groundwork_answer_time_to_first_token_seconds_bucket"))
                .isNotEmpty();
        assertThat(value(metrics, "groundwork_answer_tokens_per_second_count{backend=\"openai\"}"))
                .isGreaterThanOrEqualTo(2);
        assertThat(value(metrics, "groundwork_answer_tokens_per_second_sum{backend=\"openai\"}"))
                .isPositive();
        assertThat(lines(metrics, "http_server_requests_seconds_bucket"))
                .anyMatch(line -> line.contains("uri=\"/api/answer\""));
    }

    @Test
    void prometheusCountsIngestedItemsChunksAndTheQueue() {
        String metrics = api.getText("/actuator/prometheus");

        assertThat(value(metrics, "groundwork_ingest_queue_depth")).isZero();
        assertThat(value(metrics, "groundwork_ingest_items_total{status=\"done\"}"))
                .isEqualTo(ingest.path("done").asDouble())
                .isEqualTo(5);
        assertThat(value(metrics, "groundwork_ingest_items_total{status=\"skipped\"}"))
                .isEqualTo(1); // LICENSE has no supported type
        assertThat(value(metrics, "groundwork_ingest_items_total{status=\"failed\"}"))
                .isZero();
        assertThat(value(metrics, "groundwork_ingest_chunks_total"))
                .isEqualTo(ingest.path("chunks").asDouble())
                .isGreaterThanOrEqualTo(5);
    }

    @Test
    void echoesAValidRequestId() {
        HttpResponse<String> response = get("/api/status", "client-42.retry_1");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Request-Id")).hasValue("client-42.retry_1");
    }

    @Test
    void generatesARequestIdWhenThereIsNone() {
        HttpResponse<String> first = get("/api/status", null);
        HttpResponse<String> second = get("/api/status", null);

        String id = first.headers().firstValue("X-Request-Id").orElseThrow();
        assertThat(id).matches("[0-9a-f-]{36}");
        assertThat(second.headers().firstValue("X-Request-Id").orElseThrow()).isNotEqualTo(id);
    }

    @Test
    void replacesAnInvalidRequestId() {
        for (String invalid : List.of("has spaces", "semi;colon", "x".repeat(101))) {
            String id = get("/api/status", invalid)
                    .headers()
                    .firstValue("X-Request-Id")
                    .orElseThrow();

            assertThat(id).as(invalid).isNotEqualTo(invalid).matches("[0-9a-f-]{36}");
        }
    }

    @Test
    void logLinesOfARequestCarryItsId(CapturedOutput output) {
        model.script(request -> Reply.error(500));

        HttpResponse<String> failed = post("/api/answer", "{\"question\": \"" + QUESTION + "\"}", "failing-answer-1");
        HttpResponse<String> stream =
                post("/api/answer/stream", "{\"question\": \"" + QUESTION + "\"}", "failing-stream-1");

        assertThat(failed.statusCode()).isEqualTo(502);
        assertThat(stream.body()).contains("event:error");
        assertThat(output.getOut().lines().toList())
                .anyMatch(line -> line.contains("[failing-answer-1]") && line.contains("Answer backend failed"))
                .anyMatch(line -> line.contains("[failing-stream-1]") && line.contains("Answering"));
    }

    /** The same application with the openai backend pointed at a loopback port nothing listens on. */
    @Nested
    @NestedTestConfiguration(NestedTestConfiguration.EnclosingConfiguration.OVERRIDE)
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
    class WithTheModelServerDown {

        static final Path downWork = TestFolders.create("observability-down-it");
        static final int CLOSED_PORT = closedPort();

        @LocalServerPort
        int port;

        @DynamicPropertySource
        static void properties(DynamicPropertyRegistry registry) {
            registry.add("groundwork.data-dir", () -> downWork.resolve("data").toString());
            registry.add("groundwork.answer.backend", () -> "openai");
            registry.add("groundwork.answer.openai.base-url", () -> "http://127.0.0.1:" + CLOSED_PORT);
        }

        @Test
        void theLanguageModelIsDownWithTheErrorAndTheRestUp() {
            Api.Response response = new Api(port).getRaw("/actuator/health");

            assertThat(response.status()).isEqualTo(503);
            JsonNode components = response.body().path("components");
            JsonNode language = components.path("languageModel");
            assertThat(language.path("status").asString()).isEqualTo("DOWN");
            assertThat(language.path("details").path("error").asString())
                    .contains("cannot reach the server")
                    .contains("ConnectException");
            for (String component : List.of("db", "index", "embeddingModel")) {
                assertThat(components.path(component).path("status").asString())
                        .as(component)
                        .isEqualTo("UP");
            }
            // What container health checks ask: the application itself is alive.
            Api.Response liveness = new Api(port).getRaw("/actuator/health/liveness");
            assertThat(liveness.status()).isEqualTo(200);
            assertThat(liveness.body().path("status").asString()).isEqualTo("UP");
        }
    }

    /** A loopback port that was free a moment ago: nothing listens on it. */
    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> lines(String metrics, String name) {
        return metrics.lines().filter(line -> line.startsWith(name + "{")).toList();
    }

    /** The value of one series of a Prometheus text exposition, e.g. {@code name{tag="x"}}. */
    private static double value(String metrics, String series) {
        Matcher value = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE)
                .matcher(metrics);
        assertThat(value.find()).as("%s in%n%s", series, metrics).isTrue();
        return Double.parseDouble(value.group(1));
    }

    private HttpResponse<String> get(String path, String requestId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (requestId != null) {
            request.header("X-Request-Id", requestId);
        }
        return send(request.GET().build());
    }

    private HttpResponse<String> post(String path, String json, String requestId) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .header("X-Request-Id", requestId)
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpRequest withKey = HttpRequest.newBuilder(request, (name, value) -> true)
                    .header("Authorization", "Bearer " + Api.ADMIN_KEY)
                    .build();
            return http.send(withKey, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("Request to " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
