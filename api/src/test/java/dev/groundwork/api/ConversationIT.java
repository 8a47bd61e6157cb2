package dev.groundwork.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Multi-turn conversations on the real stack: a follow-up that leans on the question before it is
 * rewritten into a standalone question, answered from the right passage, and stored with the
 * conversation; the OpenAI-compatible endpoint does the same with the history a client sends.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConversationIT {

    static final java.nio.file.Path work = TestFolders.create("conversation-it");
    static final String FIRST = "When does the keeper start the fog horn?";
    static final String FOLLOW_UP = "How long does it keep sounding?";

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
                Map.of("path", SampleCorpus.copyTo(work.resolve("corpus")).toString()));
    }

    @Test
    void aFollowUpIsAnsweredAsTheStandaloneQuestionItStandsForAndStored() {
        Api.Response created = api.postRaw("/api/conversations", "{\"collection\": \"default\"}");
        assertThat(created.status()).isEqualTo(201);
        long id = created.body().path("id").asLong();

        JsonNode first = api.post("/api/conversations/" + id + "/messages", Map.of("question", FIRST));
        assertThat(first.path("turn").asInt()).isEqualTo(1);
        assertThat(first.path("rewrittenBy").asString()).isEqualTo("unchanged");
        assertThat(first.path("answer").path("answer").asString()).contains("two nautical miles");

        JsonNode followUp = api.post("/api/conversations/" + id + "/messages", Map.of("question", FOLLOW_UP));
        assertThat(followUp.path("turn").asInt()).isEqualTo(2);
        assertThat(followUp.path("question").asString()).isEqualTo(FOLLOW_UP);
        assertThat(followUp.path("rewrittenBy").asString()).isEqualTo("terms");
        assertThat(followUp.path("standaloneQuestion").asString())
                .startsWith(FOLLOW_UP)
                .contains("fog horn");
        assertThat(followUp.path("answer").path("answer").asString()).containsAnyOf("full hour", "thirty seconds");
        assertThat(followUp.path("answer")
                        .path("citations")
                        .get(0)
                        .path("source")
                        .asString())
                .endsWith("lighthouse-handbook.md");

        JsonNode stored = api.get("/api/conversations/" + id);
        assertThat(stored.path("conversation").path("title").asString()).isEqualTo(FIRST);
        assertThat(stored.path("conversation").path("turns").asInt()).isEqualTo(2);
        assertThat(stored.path("turns").get(1).path("standaloneQuestion").asString())
                .isEqualTo(followUp.path("standaloneQuestion").asString());
        assertThat(stored.path("turns").get(1).path("answer").path("sentences"))
                .isEqualTo(followUp.path("answer").path("sentences"));

        List<Long> listed = new java.util.ArrayList<>();
        api.get("/api/conversations")
                .forEach(conversation -> listed.add(conversation.path("id").asLong()));
        assertThat(listed).contains(id);
    }

    @Test
    void aStreamedTurnSendsTheStandaloneQuestionTheTokensAndTheStoredTurn() {
        long id = api.postRaw("/api/conversations", "{}").body().path("id").asLong();
        api.post("/api/conversations/" + id + "/messages", Map.of("question", FIRST));

        Map.Entry<Integer, String> response =
                api.postForText("/api/conversations/" + id + "/messages/stream", Map.of("question", FOLLOW_UP));

        assertThat(response.getKey()).isEqualTo(200);
        String events = response.getValue();
        int question = events.indexOf("event:question");
        int sources = events.indexOf("event:sources");
        int token = events.indexOf("event:token");
        int answer = events.indexOf("event:answer");
        assertThat(question).isNotNegative().isLessThan(sources);
        assertThat(sources).isLessThan(token);
        assertThat(token).isLessThan(answer);
        assertThat(events.substring(question, sources)).contains("fog horn").contains("\"rewrittenBy\":\"terms\"");
        assertThat(events.substring(answer)).contains("\"turn\":2");
        assertThat(api.get("/api/conversations/" + id).path("turns").size()).isEqualTo(2);
    }

    @Test
    void aDeletedConversationIsGoneWithItsTurns() {
        long id = api.postRaw("/api/conversations", "{\"title\": \"Bees\"}")
                .body()
                .path("id")
                .asLong();
        api.post("/api/conversations/" + id + "/messages", Map.of("question", "What do honeybees eat?"));

        assertThat(api.deleteRaw("/api/conversations/" + id).status()).isEqualTo(204);
        assertThat(api.getRaw("/api/conversations/" + id).status()).isEqualTo(404);
        assertThat(api.postRaw("/api/conversations/" + id + "/messages", "{\"question\": \"Why?\"}")
                        .status())
                .isEqualTo(404);
        assertThat(api.deleteRaw("/api/conversations/" + id).status()).isEqualTo(404);
    }

    @Test
    void aConversationIsSeenOnlyByTheKeyThatStartedIt() {
        long id = api.postRaw("/api/conversations", "{}").body().path("id").asLong();
        String other = api.postRaw(
                        "/api/admin/keys",
                        "{\"name\": \"someone else\", \"role\": \"reader\", \"collections\": [\"*\"]}")
                .body()
                .path("key")
                .asString();
        Api someoneElse = new Api(port, other);

        assertThat(someoneElse.getRaw("/api/conversations/" + id).status()).isEqualTo(404);
        assertThat(someoneElse
                        .postRaw("/api/conversations/" + id + "/messages", "{\"question\": \"Why?\"}")
                        .status())
                .isEqualTo(404);
        assertThat(someoneElse.deleteRaw("/api/conversations/" + id).status()).isEqualTo(404);
        assertThat(someoneElse.get("/api/conversations").size()).isZero();
        assertThat(new Api(port, null).getRaw("/api/conversations").status()).isEqualTo(401);
        assertThat(api.getRaw("/api/conversations/" + id).status()).isEqualTo(200);
    }

    @Test
    void invalidRequestsAreRefusedWithProblemDetails() {
        assertThat(api.postRaw("/api/conversations", "{\"collection\": \"none-such\"}")
                        .status())
                .isEqualTo(404);
        long id = api.postRaw("/api/conversations", "{}").body().path("id").asLong();
        Api.Response blank = api.postRaw("/api/conversations/" + id + "/messages", "{\"question\": \" \"}");
        assertThat(blank.status()).isEqualTo(400);
        assertThat(blank.body().path("detail").asString()).contains("question");
        Api.Response policy = api.postRaw(
                "/api/conversations/" + id + "/messages", "{\"question\": \"Why?\", \"policy\": \"shout\"}");
        assertThat(policy.status()).isEqualTo(400);
        assertThat(policy.body().path("detail").asString()).contains("policy: must be annotate");
        assertThat(api.getRaw("/api/conversations?limit=100000").status()).isEqualTo(400);
    }

    @Test
    void bodiesOverTheSizeLimitAreRefusedWith413WhetherTheirLengthIsDeclaredOrNot() throws Exception {
        String question = "{\"question\": \"" + "x".repeat(5 * 1024 * 1024) + "\"}";
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.URI uri = java.net.URI.create("http://127.0.0.1:" + port + "/api/answer");

        java.net.http.HttpResponse<String> declared = http.send(
                java.net.http.HttpRequest.newBuilder(uri)
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + Api.ADMIN_KEY)
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(question))
                        .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(declared.statusCode()).isEqualTo(413);
        assertThat(declared.body()).contains("at most 4194304 are accepted");

        java.net.http.HttpResponse<String> chunked = http.send(
                java.net.http.HttpRequest.newBuilder(uri)
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + Api.ADMIN_KEY)
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(
                                () -> new java.io.ByteArrayInputStream(question.getBytes())))
                        .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(chunked.body()).contains("larger than 4194304 bytes");

        // and the server goes on answering
        assertThat(api.get("/api/conversations").isArray()).isTrue();
    }

    @Test
    void theOpenAiEndpointRewritesAFollowUpFromTheHistoryItIsSent() {
        JsonNode completion = api.post(
                "/v1/chat/completions",
                Map.of(
                        "model",
                        "groundwork",
                        "messages",
                        List.of(
                                Map.of("role", "user", "content", FIRST),
                                Map.of(
                                        "role",
                                        "assistant",
                                        "content",
                                        "When visibility drops below two nautical miles."),
                                Map.of("role", "user", "content", FOLLOW_UP))));

        JsonNode answer = completion.path("groundwork");
        assertThat(answer.path("question").asString()).startsWith(FOLLOW_UP).contains("fog horn");
        assertThat(completion
                        .path("choices")
                        .get(0)
                        .path("message")
                        .path("content")
                        .asString())
                .containsAnyOf("full hour", "thirty seconds");
    }
}
