package dev.groundwork.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.ai.openai.OpenAiEmbeddingModel;
import org.springframework.ai.openai.OpenAiEmbeddingOptions;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenAI-compatible endpoints, called by Spring AI's OpenAI client (built on OpenAI's official
 * Java SDK) and over plain HTTP: grounded answers with their verification in the {@code groundwork}
 * field, streamed and not; embeddings as floats and base64; errors in OpenAI's shape.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenAiCompatibleIT {

    static final java.nio.file.Path work = TestFolders.create("openai-compatible-it");
    static final String QUESTION = "How often does the fog horn sound?";
    static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    Api api;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("groundwork.data-dir", () -> work.resolve("data").toString());
    }

    @BeforeAll
    void ingestSampleCorpus() {
        api = new Api(port);
        api.post(
                "/api/ingest",
                Map.of("path", SampleCorpus.copyTo(work.resolve("corpus")).toString(), "collection", "handbooks"));
    }

    @Test
    void listsTheGroundedModelsOneForEveryCollectionAndTheEmbeddingModel() {
        JsonNode models = api.get("/v1/models");

        assertThat(models.path("object").asString()).isEqualTo("list");
        List<String> ids = new ArrayList<>();
        models.path("data").forEach(model -> ids.add(model.path("id").asString()));
        assertThat(ids.getFirst()).isEqualTo("groundwork");
        assertThat(ids).contains("groundwork/handbooks");
        assertThat(ids.getLast()).isEqualTo("all-minilm-l6-v2-q");
        assertThat(ids).noneMatch(id -> id.startsWith("stories")); // no plain model without the local backend
    }

    @Test
    void theOpenAiClientGetsAGroundedAnswerStreamedOrNot() {
        OpenAiChatModel client = chatClient("groundwork/handbooks");

        String answer = client.call(QUESTION);
        assertThat(answer).contains("three seconds").containsPattern("\\[\\d+]");

        StringBuilder streamed = new StringBuilder();
        List<ChatResponse> chunks =
                client.stream(new Prompt(QUESTION)).collectList().block();
        assertThat(chunks).hasSizeGreaterThan(2);
        chunks.forEach(chunk -> {
            if (chunk.getResult() != null && chunk.getResult().getOutput().getText() != null) {
                streamed.append(chunk.getResult().getOutput().getText());
            }
        });
        assertThat(streamed.toString()).isEqualTo(answer);
    }

    @Test
    void aGroundedCompletionCarriesCitationsAndVerdictsWhoseSpansAreTheStoredText() {
        JsonNode completion = api.post("/v1/chat/completions", chat("groundwork", false));

        assertThat(completion.path("object").asString()).isEqualTo("chat.completion");
        assertThat(completion.path("id").asString()).startsWith("chatcmpl-");
        JsonNode choice = completion.path("choices").get(0);
        assertThat(choice.path("finish_reason").asString()).isEqualTo("stop");
        assertThat(choice.path("message").path("role").asString()).isEqualTo("assistant");
        String content = choice.path("message").path("content").asString();
        JsonNode groundwork = completion.path("groundwork");
        assertThat(groundwork.path("answer").asString()).isEqualTo(content);
        assertThat(groundwork.path("backend").asString()).isEqualTo("extractive");
        assertThat(groundwork.path("sentences").size()).isPositive();
        for (JsonNode sentence : groundwork.path("sentences")) {
            assertThat(sentence.path("support").asString()).isIn("SUPPORTED", "PARTIAL", "UNSUPPORTED");
            assertThat(content.substring(
                            sentence.path("start").asInt(), sentence.path("end").asInt()))
                    .isEqualTo(sentence.path("text").asString());
        }
        JsonNode citation = groundwork.path("citations").get(0);
        assertThat(api.get("/api/documents/" + citation.path("documentId").asLong())
                        .path("text")
                        .asString()
                        .substring(
                                citation.path("start").asInt(),
                                citation.path("end").asInt()))
                .isEqualTo(citation.path("text").asString());
    }

    @Test
    void aStreamedGroundedCompletionEndsWithTheVerificationAndDone() {
        Map.Entry<Integer, String> response = api.postForText("/v1/chat/completions", chat("groundwork", true));

        assertThat(response.getKey()).isEqualTo(200);
        List<String> data = response.getValue()
                .lines()
                .filter(line -> line.startsWith("data:"))
                .map(line -> line.substring("data:".length()).strip())
                .toList();
        assertThat(data.getLast()).isEqualTo("[DONE]");
        List<JsonNode> chunks =
                data.subList(0, data.size() - 1).stream().map(JSON::readTree).toList();
        assertThat(chunks.getFirst()
                        .path("choices")
                        .get(0)
                        .path("delta")
                        .path("role")
                        .asString())
                .isEqualTo("assistant");
        StringBuilder content = new StringBuilder();
        for (JsonNode chunk : chunks) {
            assertThat(chunk.path("object").asString()).isEqualTo("chat.completion.chunk");
            assertThat(chunk.path("id").asString())
                    .isEqualTo(chunks.getFirst().path("id").asString());
            content.append(
                    chunk.path("choices").get(0).path("delta").path("content").asString(""));
        }
        JsonNode last = chunks.getLast();
        assertThat(last.path("choices").get(0).path("finish_reason").asString()).isEqualTo("stop");
        assertThat(last.path("groundwork").path("answer").asString()).isEqualTo(content.toString());
        assertThat(last.path("groundwork").path("citations").size()).isPositive();
        assertThat(content.toString()).contains("three seconds");
    }

    @Test
    void theCollectionHeaderAndTheExtensionChooseWhatIsAnswered() {
        Api.Response unknownCollection =
                api.postRaw("/v1/chat/completions", JSON.writeValueAsString(chat("groundwork/none-such", false)));
        assertThat(unknownCollection.status()).isEqualTo(404);
        assertThat(unknownCollection.body().path("error").path("code").asString())
                .isEqualTo("model_not_found");
        assertThat(unknownCollection.body().path("error").path("message").asString())
                .contains("none-such");
        assertThat(unknownCollection.body().path("status").asInt()).isEqualTo(404);

        Map<String, Object> refuse = new java.util.HashMap<>(chat("groundwork", false));
        refuse.put("messages", List.of(Map.of("role", "user", "content", "Who won the football world cup in 1954?")));
        refuse.put("groundwork", Map.of("policy", "refuse", "collection", "handbooks"));
        JsonNode refused = api.post("/v1/chat/completions", refuse);
        assertThat(refused.path("groundwork").path("policy").path("action").asString())
                .isEqualTo("refused");
        assertThat(refused.path("groundwork").path("grounded").asBoolean()).isFalse();
    }

    @Test
    void invalidRequestsGetOpenAiErrorsInsideProblemDetails() {
        assertInvalid(Map.of("model", "groundwork", "messages", List.of()), "messages");
        assertInvalid(
                Map.of("model", "groundwork", "n", 2, "messages", List.of(Map.of("role", "user", "content", QUESTION))),
                "n: must be 1");
        assertInvalid(
                Map.of("model", "groundwork", "messages", List.of(Map.of("role", "wizard", "content", QUESTION))),
                "role");
        assertInvalid(
                Map.of(
                        "model",
                        "groundwork",
                        "messages",
                        List.of(Map.of(
                                "role",
                                "user",
                                "content",
                                List.of(Map.of("type", "image_url", "image_url", Map.of("url", "x")))))),
                "only text content parts");
        assertInvalid(
                Map.of("model", "groundwork", "messages", List.of(Map.of("role", "system", "content", "Be brief."))),
                "no user message");
        assertInvalid(
                Map.of("model", "all-minilm-l6-v2-q", "messages", List.of(Map.of("role", "user", "content", "x"))),
                "embedding model");
        assertInvalid(
                Map.of(
                        "model",
                        "groundwork",
                        "messages",
                        List.of(Map.of("role", "user", "content", "x".repeat(400_001)))),
                "at most 400000");

        Api.Response malformed = api.postRaw("/v1/chat/completions", "{\"model\": \"groundwork\", \"messages\": [");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.body().path("error").path("type").asString()).isEqualTo("invalid_request_error");

        Api.Response unknownModel = api.postRaw(
                "/v1/chat/completions",
                JSON.writeValueAsString(
                        Map.of("model", "gpt-4o", "messages", List.of(Map.of("role", "user", "content", "hi")))));
        assertThat(unknownModel.status()).isEqualTo(404);
        assertThat(unknownModel.body().path("error").path("message").asString()).contains("known: groundwork");
    }

    @Test
    void theOpenAiClientEmbedsWithTheIndexingModelAsFloatsAndAsBase64() {
        float[] viaClient = new OpenAiEmbeddingModel(OpenAiEmbeddingOptions.builder()
                        .baseUrl("http://127.0.0.1:" + port + "/v1")
                        .apiKey(Api.ADMIN_KEY)
                        .model("all-minilm-l6-v2-q")
                        .maxRetries(0)
                        .build())
                .embed("the fog horn");
        assertThat(viaClient).hasSize(384);

        JsonNode floats = api.post(
                "/v1/embeddings",
                Map.of("model", "all-minilm-l6-v2-q", "input", List.of("the fog horn", "sourdough starter")));
        assertThat(floats.path("data").size()).isEqualTo(2);
        assertThat(floats.path("data").get(1).path("index").asInt()).isEqualTo(1);
        assertThat(floats.path("usage").path("prompt_tokens").asInt()).isPositive();
        float[] first = new float[384];
        for (int i = 0; i < first.length; i++) {
            first[i] = floats.path("data").get(0).path("embedding").get(i).floatValue();
        }
        assertThat(first).containsExactly(viaClient, org.assertj.core.data.Offset.offset(1e-6f));

        JsonNode base64 = api.post(
                "/v1/embeddings",
                Map.of("model", "all-minilm-l6-v2-q", "input", "the fog horn", "encoding_format", "base64"));
        ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder()
                        .decode(base64.path("data").get(0).path("embedding").asString()))
                .order(ByteOrder.LITTLE_ENDIAN);
        float[] decoded = new float[bytes.remaining() / Float.BYTES];
        bytes.asFloatBuffer().get(decoded);
        assertThat(decoded).containsExactly(first);

        assertEmbeddingInvalid(
                Map.of("model", "all-minilm-l6-v2-q", "input", List.of(List.of(1, 2, 3))), "token arrays");
        assertEmbeddingInvalid(Map.of("model", "all-minilm-l6-v2-q", "input", ""), "non-empty");
        assertEmbeddingInvalid(
                Map.of("model", "all-minilm-l6-v2-q", "input", "x", "dimensions", 1536), "384 dimensions");
        assertEmbeddingInvalid(Map.of("model", "groundwork", "input", "x"), "not an embedding model");
    }

    @Test
    void keysDecideWhoMayCallAndWhichCollectionsTheyReach() {
        Api.Response anonymous =
                new Api(port, null).postRaw("/v1/chat/completions", JSON.writeValueAsString(chat("groundwork", false)));
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.body().path("error").path("type").asString()).isEqualTo("authentication_error");
        assertThat(anonymous.body().path("error").path("code").asString()).isEqualTo("invalid_api_key");

        api.post("/api/ingest", Map.of("path", work.resolve("corpus").toString(), "collection", "other"));
        String reader = api.postRaw(
                        "/api/admin/keys",
                        JSON.writeValueAsString(
                                Map.of("name", "reader", "role", "reader", "collections", List.of("other"))))
                .body()
                .path("key")
                .asString();
        Api asReader = new Api(port, reader);
        List<String> ids = new ArrayList<>();
        asReader.get("/v1/models")
                .path("data")
                .forEach(model -> ids.add(model.path("id").asString()));
        assertThat(ids).contains("groundwork/other").doesNotContain("groundwork/handbooks");

        Api.Response ungranted =
                asReader.postRaw("/v1/chat/completions", JSON.writeValueAsString(chat("groundwork/handbooks", false)));
        assertThat(ungranted.status()).isEqualTo(403);
        assertThat(ungranted.body().path("error").path("type").asString()).isEqualTo("permission_error");

        JsonNode granted = asReader.post("/v1/chat/completions", chat("groundwork", false));
        for (JsonNode citation : granted.path("groundwork").path("citations")) {
            assertThat(api.get("/api/documents/" + citation.path("documentId").asLong())
                            .path("collection")
                            .asString())
                    .isEqualTo("other");
        }
        assertThat(granted.path("groundwork").path("citations").size()).isPositive();
    }

    @Test
    void theApiIsDescribedByOpenApiWithABrowsableUi() {
        JsonNode description = api.get("/v3/api-docs");

        assertThat(description.path("info").path("title").asString()).isEqualTo("Groundwork API");
        List<String> paths = new ArrayList<>();
        description.path("paths").propertyNames().forEach(paths::add);
        assertThat(paths)
                .contains(
                        "/v1/chat/completions",
                        "/v1/embeddings",
                        "/v1/models",
                        "/api/answer",
                        "/api/search",
                        "/api/conversations/{id}/messages",
                        "/api/jobs");
        assertThat(api.getText("/swagger-ui/index.html")).contains("swagger-ui");
    }

    private OpenAiChatModel chatClient(String model) {
        return OpenAiChatModel.builder()
                .options(OpenAiChatOptions.builder()
                        .baseUrl("http://127.0.0.1:" + port + "/v1")
                        .apiKey(Api.ADMIN_KEY)
                        .model(model)
                        .maxRetries(0)
                        .build())
                .build();
    }

    private static Map<String, Object> chat(String model, boolean stream) {
        return Map.of(
                "model",
                model,
                "stream",
                stream,
                "messages",
                List.of(
                        Map.of("role", "system", "content", "You answer questions about lighthouses."),
                        Map.of("role", "user", "content", QUESTION)));
    }

    private void assertInvalid(Map<String, Object> body, String detail) {
        Api.Response response = api.postRaw("/v1/chat/completions", JSON.writeValueAsString(body));
        assertThat(response.status())
                .as(body.toString().substring(0, Math.min(200, body.toString().length())))
                .isEqualTo(400);
        assertThat(response.contentType()).contains("application/problem+json");
        assertThat(response.body().path("detail").asString()).contains(detail);
        assertThat(response.body().path("error").path("type").asString()).isEqualTo("invalid_request_error");
        assertThat(response.body().path("error").path("message").asString()).contains(detail);
    }

    private void assertEmbeddingInvalid(Map<String, Object> body, String detail) {
        Api.Response response = api.postRaw("/v1/embeddings", JSON.writeValueAsString(body));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body().path("error").path("message").asString()).contains(detail);
    }
}
