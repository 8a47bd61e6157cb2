package dev.groundwork.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundwork.api.FakeOpenAiServer.Reply;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The answer pipeline over HTTP with the {@code openai} backend talking to an OpenAI-protocol
 * server on the loopback interface: verdicts and exact spans for every sentence, each policy,
 * streaming, and a failing model.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnswerIT {

    static final Path work = TestFolders.create("answer-it");
    static final FakeOpenAiServer model = FakeOpenAiServer.started();

    static final String HORN = "The horn sounds one blast of three seconds every thirty seconds.";
    static final String PLANTED = "The keeper is paid nine hundred gold coins a year by the King of Spain.";
    static final String QUESTION = "How often does the fog horn sound?";

    @LocalServerPort
    int port;

    Api api;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("groundwork.data-dir", () -> work.resolve("data").toString());
        registry.add("groundwork.answer.backend", () -> "openai");
        registry.add("groundwork.answer.openai.base-url", model::baseUrl);
        registry.add("groundwork.answer.openai.model", () -> "fake-model");
        registry.add("groundwork.answer.openai.api-key", () -> "test-key");
        registry.add("groundwork.answer.openai.timeout", () -> "3s");
    }

    @BeforeAll
    void ingestSampleCorpus() {
        api = new Api(port);
        api.post(
                "/api/ingest",
                Map.of("path", SampleCorpus.copyTo(work.resolve("corpus")).toString()));
    }

    @AfterAll
    void stopModel() {
        model.close();
    }

    /** The model answers with the horn sentence, citing the source that holds it, and a planted falsehood. */
    @BeforeEach
    void plantAnUnsupportedSentence() {
        model.script(request -> {
            if (request.judging()) { // the verifier asks: a model that knows the planted sentence is wrong
                return request.lastUserMessage().contains("gold coins")
                        ? Reply.word("No", Map.of("No", -0.05, " no", -3.5, "Yes", -4.0))
                        : Reply.word("Yes", Map.of("Yes", -0.02, " yes", -4.6, "No", -4.2));
            }
            if (request.lastUserMessage().contains("A fact check of your answer")) {
                return Reply.text(HORN + " " + PLANTED); // a model that does not learn
            }
            int source = sourceHolding(request.lastUserMessage(), "one blast");
            return Reply.text(HORN + " [" + source + "] " + PLANTED + " [" + source + "]");
        });
    }

    @Test
    void everySentenceCarriesAVerdictAndSpansThatAreTheStoredText() {
        JsonNode answer = api.post("/api/answer", Map.of("question", QUESTION, "policy", "annotate"));

        assertThat(answer.path("backend").asString()).isEqualTo("openai");
        JsonNode sentences = answer.path("sentences");
        assertThat(sentences.size()).isEqualTo(2);
        assertThat(sentences.get(0).path("support").asString()).isEqualTo("SUPPORTED");
        assertThat(sentences.get(1).path("support").asString()).isEqualTo("UNSUPPORTED");
        assertThat(sentences.get(1).path("citationCheck").asString()).isEqualTo("REMOVED");
        String text = answer.path("answer").asString();
        for (JsonNode sentence : sentences) {
            assertThat(text.substring(
                            sentence.path("start").asInt(), sentence.path("end").asInt()))
                    .isEqualTo(sentence.path("text").asString());
            JsonNode evidence = sentence.path("evidence");
            assertThat(storedText(
                            evidence.path("documentId").asLong(),
                            evidence.path("start").asInt(),
                            evidence.path("end").asInt()))
                    .isEqualTo(evidence.path("text").asString());
        }
        JsonNode citation = answer.path("citations").get(0);
        assertThat(storedText(
                        citation.path("documentId").asLong(),
                        citation.path("start").asInt(),
                        citation.path("end").asInt()))
                .isEqualTo(citation.path("text").asString())
                .contains("one blast of three seconds");
        FakeOpenAiServer.Request request = model.requests().stream()
                .filter(sent -> !sent.judging())
                .toList()
                .getLast();
        assertThat(request.model()).isEqualTo("fake-model");
        assertThat(request.authorization()).isEqualTo("Bearer test-key");
        assertThat(request.messages().getFirst().get("role")).isEqualTo("system");
    }

    @Test
    void dropRemovesThePlantedSentence() {
        JsonNode answer = api.post("/api/answer", Map.of("question", QUESTION, "policy", "drop"));

        assertThat(answer.path("answer").asString()).contains("one blast").doesNotContain("gold coins");
        assertThat(answer.path("policy").path("dropped").asInt()).isEqualTo(1);
        assertThat(answer.path("sentences")
                        .valueStream()
                        .map(s -> s.path("support").asString()))
                .containsOnly("SUPPORTED");
    }

    @Test
    void rewriteIsBoundedAndLeavesNoUnsupportedSentence() {
        int before = model.requests().size();

        JsonNode answer = api.post("/api/answer", Map.of("question", QUESTION, "policy", "rewrite"));

        assertThat(answer.path("policy").path("rounds").asInt()).isEqualTo(2);
        List<FakeOpenAiServer.Request> writing = model.requests().stream()
                .skip(before)
                .filter(sent -> !sent.judging())
                .toList();
        assertThat(writing).hasSize(3); // the draft and two revisions
        assertThat(writing.getLast().lastUserMessage()).contains(PLANTED);
        assertThat(answer.path("answer").asString()).doesNotContain("gold coins");
    }

    @Test
    void refusesAQuestionOutsideTheDocumentsWithoutAskingTheModel() {
        int before = model.requests().size();

        JsonNode answer =
                api.post("/api/answer", Map.of("question", "Who won the 1998 football World Cup?", "policy", "refuse"));

        assertThat(answer.path("grounded").asBoolean()).isFalse();
        assertThat(answer.path("policy").path("action").asString()).isEqualTo("refused");
        assertThat(answer.path("citations").size()).isZero();
        assertThat(model.requests().size()).isEqualTo(before);
    }

    @Test
    void theModelJudgesEachSentenceFromItsTokenProbabilities() {
        JsonNode answer = api.post("/api/answer", Map.of("question", QUESTION, "policy", "annotate"));

        JsonNode sentences = answer.path("sentences");
        double yes = Math.exp(-0.02) + Math.exp(-4.6);
        double supported = yes / (yes + Math.exp(-4.2));
        double planted = Math.exp(-4.0) / (Math.exp(-4.0) + Math.exp(-0.05) + Math.exp(-3.5));
        assertThat(sentences.get(0).path("signals").path("modelSupport").asDouble())
                .isCloseTo(supported, org.assertj.core.api.Assertions.within(0.01));
        assertThat(sentences.get(1).path("signals").path("modelSupport").asDouble())
                .isCloseTo(planted, org.assertj.core.api.Assertions.within(0.01));
        assertThat(sentences.get(0).path("support").asString()).isEqualTo("SUPPORTED");
        assertThat(sentences.get(1).path("support").asString()).isEqualTo("UNSUPPORTED");
        FakeOpenAiServer.Request judging = model.requests().stream()
                .filter(FakeOpenAiServer.Request::judging)
                .toList()
                .getLast();
        assertThat(judging.logprobs()).isTrue();
        assertThat(judging.maxTokens()).isEqualTo(1);
        assertThat(judging.lastUserMessage()).startsWith("<passage>").contains("<claim>");
    }

    @Test
    void aServerWithoutLogprobsIsJudgedByTheWordItAnswers() {
        model.script(request -> request.judging()
                ? Reply.text("Yes")
                : Reply.text(HORN + " [" + sourceHolding(request.lastUserMessage(), "one blast") + "]"));
        JsonNode answer = api.post("/api/answer", Map.of("question", QUESTION, "policy", "annotate"));

        assertThat(answer.path("sentences")
                        .get(0)
                        .path("signals")
                        .path("modelSupport")
                        .asDouble())
                .isEqualTo(1.0);
    }

    @Test
    void streamsTheModelsTokensThenTheVerifiedAnswer() {
        Map.Entry<Integer, String> response =
                api.postForText("/api/answer/stream", Map.of("question", QUESTION, "policy", "drop"));

        assertThat(response.getKey()).isEqualTo(200);
        String events = response.getValue();
        assertThat(events).contains("event:sources").contains("event:token").contains("event:answer");
        assertThat(events.indexOf("event:token")).isLessThan(events.indexOf("event:answer"));
        assertThat(events.substring(events.indexOf("event:answer"))).doesNotContain("gold coins");
        // the findings come before the answer: the cited spans, then a verdict per sentence
        assertThat(events.indexOf("event:citations"))
                .isBetween(events.indexOf("event:token"), events.indexOf("event:answer"));
        assertThat(events.indexOf("event:verdict"))
                .isBetween(events.indexOf("event:citations"), events.indexOf("event:answer"));
        assertThat(events.substring(events.indexOf("event:verdict"))).contains("\"support\":");
    }

    @Test
    void aFailingModelGivesABadGatewayProblem() {
        model.script(request -> Reply.error(500));

        Api.Response response = api.postRaw("/api/answer", "{\"question\": \"" + QUESTION + "\"}");

        assertThat(response.status()).isEqualTo(502);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.body().path("detail").asString()).contains("openai");
    }

    @Test
    void aModelThatDoesNotAnswerInTimeGivesABadGatewayProblem() {
        model.script(request -> {
            try {
                Thread.sleep(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Reply.text("Too late.");
        });
        long started = System.nanoTime();

        Api.Response response = api.postRaw("/api/answer", "{\"question\": \"" + QUESTION + "\"}");

        assertThat(response.status()).isEqualTo(502);
        assertThat(response.body().path("detail").asString()).contains("openai");
        assertThat((System.nanoTime() - started) / 1_000_000_000).isLessThan(5);
    }

    @Test
    void rejectsAnUnknownPolicy() {
        Api.Response response = api.postRaw("/api/answer", "{\"question\": \"x\", \"policy\": \"shout\"}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
    }

    private String storedText(long documentId, int start, int end) {
        return api.get("/api/documents/" + documentId).path("text").asString().substring(start, end);
    }

    private static int sourceHolding(String prompt, String snippet) {
        Matcher source = Pattern.compile("<source id=\"(\\d+)\"[^>]*>\\n(.*?)\\n</source>", Pattern.DOTALL)
                .matcher(prompt);
        while (source.find()) {
            if (source.group(2).contains(snippet)) {
                return Integer.parseInt(source.group(1));
            }
        }
        throw new AssertionError("No source holds '" + snippet + "' in: " + prompt);
    }
}
