package dev.groundwork.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundwork.api.cli.Commands;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The whole application on embedded PostgreSQL, the real embedding model and a real Lucene index,
 * driven over HTTP: ingest the sample corpus, search it, answer from it, re-sync it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GroundworkIT {

    static final Path work = TestFolders.create("groundwork-it");

    @LocalServerPort
    int port;

    Api api;
    Path corpus;
    JsonNode firstIngest;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("groundwork.data-dir", () -> work.resolve("data").toString());
    }

    @BeforeAll
    void ingestSampleCorpus() {
        api = new Api(port);
        corpus = SampleCorpus.copyTo(work.resolve("corpus"));
        firstIngest = api.post(
                "/api/ingest", Map.of("path", corpus.toString(), "collection", "samples", "tags", List.of("demo")));
    }

    @Test
    @Order(1)
    void ingestsEverySupportedFileAndSkipsTheRest() {
        assertThat(firstIngest.path("files").asInt()).isEqualTo(6);
        assertThat(firstIngest.path("done").asInt()).isEqualTo(5);
        assertThat(firstIngest.path("skipped").asInt()).isEqualTo(1); // LICENSE has no supported type
        assertThat(firstIngest.path("failed").asInt()).isZero();

        JsonNode status = api.get("/api/status");
        assertThat(status.path("documents").asLong()).isEqualTo(5);
        assertThat(status.path("indexedChunks").asLong())
                .isEqualTo(status.path("chunks").asLong())
                .isEqualTo(firstIngest.path("chunks").asLong())
                .isGreaterThanOrEqualTo(5);
    }

    @Test
    @Order(2)
    void ranksThePassageThatAnswersTheQueryFirst() {
        JsonNode hits = api.post(
                        "/api/search", Map.of("query", "fog horn visibility", "collection", "samples", "explain", true))
                .path("hits");

        JsonNode first = hits.get(0);
        assertThat(first.path("title").asString()).isEqualTo("Keeper's Handbook of the Marrow Point Light");
        assertThat(first.path("text").asString()).contains("fog horn");
        assertThat(first.path("explain").path("keywordRank").asInt()).isEqualTo(1);
        assertThat(first.path("explain").path("vectorRank").asInt()).isBetween(1, 3);
        assertThat(first.path("source").asString()).endsWith("lighthouse-handbook.md");

        JsonNode bread = api.post(
                        "/api/search", Map.of("query", "how long to bake the loaf", "mode", "vector", "explain", true))
                .path("hits");
        assertThat(bread.get(0).path("title").asString()).isEqualTo("A Practical Guide to Sourdough Bread");
        assertThat(bread.get(0).path("explain").path("keywordRank").asInt()).isZero();
    }

    @Test
    @Order(2)
    void appliesFiltersInEveryModeAndExplainsRanks() {
        for (String mode : List.of("keyword", "vector", "hybrid")) {
            JsonNode tagged = api.post(
                            "/api/search",
                            Map.of("query", "queen bee eggs", "mode", mode, "filter", Map.of("tags", List.of("demo"))))
                    .path("hits");
            assertThat(tagged.size()).as(mode).isPositive();
            JsonNode otherTag = api.post(
                            "/api/search",
                            Map.of("query", "queen bee eggs", "mode", mode, "filter", Map.of("tags", List.of("nope"))))
                    .path("hits");
            assertThat(otherTag.size()).as(mode).isZero();
            JsonNode prefixed = api.post(
                            "/api/search",
                            Map.of(
                                    "query",
                                    "flour and water",
                                    "mode",
                                    mode,
                                    "filter",
                                    Map.of(
                                            "sourcePrefix",
                                            corpus.resolve("sourdough").toString())))
                    .path("hits");
            assertThat(prefixed.valueStream().map(hit -> hit.path("title").asString()))
                    .as(mode)
                    .isNotEmpty()
                    .allMatch(title -> title.equals("A Practical Guide to Sourdough Bread"));
            JsonNode future = api.post(
                            "/api/search",
                            Map.of(
                                    "query",
                                    "queen bee eggs",
                                    "mode",
                                    mode,
                                    "filter",
                                    Map.of("modifiedFrom", "2999-01-01T00:00:00Z")))
                    .path("hits");
            assertThat(future.size()).as(mode).isZero();
        }
        JsonNode explained = api.post(
                        "/api/search", Map.of("query", "queen bee eggs", "explain", true, "neighbours", 1, "k", 3))
                .path("hits")
                .get(0);
        assertThat(explained.path("explain").path("keywordRank").asInt()).isPositive();
        assertThat(explained.path("explain").path("fusedScore").asDouble()).isPositive();
        assertThat(explained.path("tags").get(0).asString()).isEqualTo("demo");
        assertThat(explained.has("neighbours")).isTrue();
    }

    @Test
    @Order(3)
    void rebuildsTheIndexFromPostgresWithTheSameResults() {
        Map<String, Object> query = Map.of("query", "how long should bread cool", "k", 10);
        List<Long> before = api.post("/api/search", query)
                .path("hits")
                .valueStream()
                .map(hit -> hit.path("chunkId").asLong())
                .toList();

        JsonNode rebuilt = api.post("/api/index/rebuild", Map.of());

        assertThat(rebuilt.path("chunks").asLong())
                .isEqualTo(firstIngest.path("chunks").asLong());
        List<Long> after = api.post("/api/search", query)
                .path("hits")
                .valueStream()
                .map(hit -> hit.path("chunkId").asLong())
                .toList();
        assertThat(after).isEqualTo(before);
        JsonNode check = api.post("/api/index/check?repair=false", Map.of());
        assertThat(check.path("missing").asInt()).isZero();
        assertThat(check.path("extra").asInt()).isZero();
        assertThat(check.path("catalogChunks").asLong())
                .isEqualTo(firstIngest.path("chunks").asLong());
    }

    @Test
    @Order(3)
    void answersWithCitationsThatAreExactSpansOfTheStoredDocument() {
        JsonNode answer = api.post("/api/answer", Map.of("question", "How often does the fog horn sound?"));

        assertThat(answer.path("grounded").asBoolean()).isTrue();
        assertThat(answer.path("answer").asString())
                .contains("The horn sounds one blast of three seconds every thirty seconds")
                .contains("[1]");
        JsonNode citations = answer.path("citations");
        assertThat(citations.size()).isPositive();
        for (JsonNode citation : citations) {
            String text = api.get(
                            "/api/documents/" + citation.path("documentId").asLong())
                    .path("text")
                    .asString();
            int start = citation.path("start").asInt();
            int end = citation.path("end").asInt();
            assertThat(text.substring(start, end))
                    .isEqualTo(citation.path("text").asString());
            assertThat(text.substring(
                            citation.path("passageStart").asInt(),
                            citation.path("passageEnd").asInt()))
                    .isEqualTo(citation.path("passageText").asString());
        }
        assertThat(citations.get(0).path("title").asString()).isEqualTo("Keeper's Handbook of the Marrow Point Light");
        assertThat(answer.path("backend").asString()).isEqualTo("extractive");
        assertThat(answer.path("sentences").size()).isPositive();
        for (JsonNode sentence : answer.path("sentences")) {
            // The extractive backend quotes the sources, so the verifier finds each sentence stated.
            assertThat(sentence.path("support").asString()).isEqualTo("SUPPORTED");
            assertThat(sentence.path("citationCheck").asString()).isEqualTo("KEPT");
            JsonNode evidence = sentence.path("evidence");
            String text = api.get(
                            "/api/documents/" + evidence.path("documentId").asLong())
                    .path("text")
                    .asString();
            assertThat(text.substring(
                            evidence.path("start").asInt(), evidence.path("end").asInt()))
                    .isEqualTo(evidence.path("text").asString())
                    .contains(sentence.path("text").asString());
        }
    }

    @Test
    @Order(4)
    void answersFromHtmlDocumentsWithoutTheirNavigation() {
        JsonNode answer =
                api.post("/api/answer", Map.of("question", "How often should I lubricate the bicycle chain?"));

        assertThat(answer.path("answer").asString()).contains("every 300 kilometres");
        assertThat(answer.path("answer").asString()).doesNotContain("Home | Guides");
        assertThat(answer.path("citations").get(0).path("title").asString()).isEqualTo("Bicycle Maintenance Basics");
    }

    @Test
    @Order(5)
    void saysSoWhenTheDocumentsDoNotAnswer() {
        JsonNode answer = api.post("/api/answer", Map.of("question", "Who won the 1998 football World Cup?"));

        assertThat(answer.path("grounded").asBoolean()).isFalse();
        assertThat(answer.path("citations").size()).isZero();
    }

    @Test
    @Order(6)
    void resyncSkipsUnchangedFilesReplacesChangedOnesAndRemovesDeletedOnes() throws IOException {
        Path handbook = corpus.resolve("lighthouse-handbook.md");
        Files.writeString(
                handbook,
                Files.readString(handbook).replace("every thirty seconds until", "every forty-five seconds until"));
        Files.delete(corpus.resolve("honeybees.md"));

        JsonNode report = api.post(
                "/api/ingest", Map.of("path", corpus.toString(), "collection", "samples", "tags", List.of("demo")));

        assertThat(report.path("done").asInt()).isEqualTo(1);
        assertThat(report.path("skipped").asInt()).isEqualTo(4);
        assertThat(report.path("deleted").asInt()).isEqualTo(1);
        JsonNode fog = api.post("/api/search", Map.of("query", "fog horn blast seconds", "k", 10))
                .path("hits");
        List<String> texts =
                fog.valueStream().map(hit -> hit.path("text").asString()).toList();
        assertThat(texts).anyMatch(text -> text.contains("every forty-five seconds"));
        assertThat(texts).noneMatch(text -> text.contains("every thirty seconds until"));
        JsonNode bees = api.post("/api/search", Map.of("query", "queen bee eggs", "mode", "keyword"))
                .path("hits");
        assertThat(bees.size()).isZero();
        JsonNode status = api.get("/api/status");
        assertThat(status.path("documents").asLong()).isEqualTo(4);
        assertThat(status.path("indexedChunks").asLong())
                .isEqualTo(status.path("chunks").asLong());
    }

    @Test
    @Order(7)
    void reportsUnreadableFilesPerItemAndKeepsTheRest() throws IOException {
        Path bad = Files.createDirectories(work.resolve("bad"));
        Files.write(bad.resolve("binary.txt"), new byte[] {0x50, 0x4b, 0x03, 0x04, 0x00, 0x00});
        Files.write(bad.resolve("empty.md"), new byte[0]);
        Files.writeString(bad.resolve("good.txt"), "Otters hold hands while they sleep so they do not drift apart.");

        JsonNode report = api.post("/api/ingest", Map.of("path", bad.toString(), "collection", "mixed"));

        assertThat(report.path("done").asInt()).isEqualTo(1);
        assertThat(report.path("failed").asInt()).isEqualTo(2);
        assertThat(report.path("failures")
                        .valueStream()
                        .map(f -> f.path("message").asString()))
                .containsExactlyInAnyOrder(
                        "'binary.txt' is binary data (contains NUL bytes), not text", "'empty.md' is empty (0 bytes)");
        JsonNode answer =
                api.post("/api/answer", Map.of("question", "Why do otters hold hands?", "collection", "mixed"));
        assertThat(answer.path("answer").asString()).contains("Otters hold hands");
    }

    @Test
    @Order(8)
    void answersBadRequestsWithProblemDetails() {
        Api.Response blank = api.postRaw("/api/answer", "{\"question\": \"  \"}");
        assertThat(blank.status()).isEqualTo(400);
        assertThat(blank.contentType()).startsWith("application/problem+json");

        Api.Response malformed = api.postRaw("/api/search", "{\"query\": ");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.contentType()).startsWith("application/problem+json");

        Api.Response notAFolder = api.postRaw("/api/ingest", "{\"path\": \"/no/such/folder\"}");
        assertThat(notAFolder.status()).isEqualTo(400);
        assertThat(notAFolder.body().path("detail").asString()).isEqualTo("'/no/such/folder' does not exist");

        Api.Response badMode = api.postRaw("/api/search", "{\"query\": \"x\", \"mode\": \"psychic\"}");
        assertThat(badMode.status()).isEqualTo(400);
        assertThat(badMode.body().path("detail").asString()).contains("Unknown search mode 'psychic'");

        Api.Response missing = api.getRaw("/api/documents/999999");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body().path("detail").asString()).isEqualTo("No document with id 999999");
    }

    @Test
    @Order(9)
    void servesTheWebPage() {
        assertThat(api.getText("/")).contains("<title>Groundwork").contains("app.js");
    }

    @Test
    @Order(20)
    void theCommandLineVerifiesAnAnswerAgainstAStoredDocument() {
        long handbook = documentIdOf("Keeper's Handbook of the Marrow Point Light");
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int exit = cli(
                out,
                "verify",
                "--answer",
                "The horn sounds one blast of three seconds every forty-five seconds."
                        + " The keeper is paid in gold coins by the King of Spain.",
                "--documents",
                String.valueOf(handbook));

        assertThat(exit).isEqualTo(1); // one sentence is unsupported
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed)
                .contains("supported ")
                .contains("unsupported")
                .contains("1 supported, 0 partial, 1 unsupported");
        assertThat(printed).contains("evidence: document " + handbook);
    }

    @Test
    @Order(21)
    void theCommandLineMeasuresAnswerQualityOnAQuestionSet() throws IOException {
        Path questions = work.resolve("questions.jsonl");
        Files.writeString(questions, """
                {"question": "How often should I lubricate the bicycle chain?", "answer": "Clean and lubricate the chain every 300 kilometres, or after every wet ride.", "page": "bicycle-maintenance.html"}
                {"question": "How often does the fog horn sound?", "answer": "The horn sounds one blast of three seconds every forty-five seconds until visibility has been above two miles for a full hour.", "page": "lighthouse-handbook.md"}
                """);
        Path report = work.resolve("answer-quality.json");

        int exit = cli(
                new ByteArrayOutputStream(),
                "eval",
                questions.toString(),
                "--answers",
                "--collection",
                "samples",
                "--out",
                report.toString());

        assertThat(exit).isZero();
        JsonNode result =
                tools.jackson.databind.json.JsonMapper.builder().build().readTree(report.toFile());
        JsonNode qa = result.path("qa");
        assertThat(qa.path("questions").asInt()).isEqualTo(2);
        // A hit counts when half its words are in the reference; these one-sentence references are short.
        assertThat(qa.path("recall_at_5").asDouble()).isGreaterThanOrEqualTo(0.5);
        assertThat(qa.path("cites_reference_page").asDouble()).isEqualTo(1.0);
        assertThat(qa.path("refusal_rate").asDouble()).isZero();
        assertThat(qa.path("answer_f1").asDouble()).isGreaterThan(0.5);
        assertThat(qa.path("supported_share").asDouble()).isEqualTo(1.0);
        assertThat(result.path("citation_precision").asDouble()).isEqualTo(1.0);
        assertThat(result.path("machine").path("cores").asInt()).isPositive();
    }

    private int cli(ByteArrayOutputStream out, String... args) {
        String[] withUrl = java.util.Arrays.copyOf(args, args.length + 4);
        withUrl[args.length] = "--url";
        withUrl[args.length + 1] = "http://127.0.0.1:" + port;
        withUrl[args.length + 2] = "--api-key";
        withUrl[args.length + 3] = Api.ADMIN_KEY;
        return new Commands(
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(OutputStream.nullOutputStream()))
                .run(withUrl);
    }

    private long documentIdOf(String title) {
        return api.get("/api/collections/samples/documents?limit=100")
                .valueStream()
                .filter(document -> document.path("title").asString().equals(title))
                .findFirst()
                .orElseThrow()
                .path("id")
                .asLong();
    }
}
