package dev.groundwork.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/** State survives restarts, and a deleted index is rebuilt from PostgreSQL at the next start. */
class RestartIT {

    private final Path work = TestFolders.create("restart-it");
    private final Path dataDir = work.resolve("data");

    @Test
    void keepsDocumentsSearchableAcrossRestartsAndRebuildsADeletedIndex() throws IOException {
        long chunks;
        String firstHit;
        try (ConfigurableApplicationContext app = start()) {
            Api api = api(app);
            api.post(
                    "/api/ingest",
                    Map.of("path", SampleCorpus.copyTo(work.resolve("corpus")).toString()));
            chunks = api.get("/api/status").path("chunks").asLong();
            firstHit = topHit(api);
        }
        assertThat(chunks).isPositive();

        try (ConfigurableApplicationContext app = start()) {
            Api api = api(app);
            JsonNode status = api.get("/api/status");
            assertThat(status.path("chunks").asLong()).isEqualTo(chunks);
            assertThat(status.path("indexedChunks").asLong()).isEqualTo(chunks);
            assertThat(topHit(api)).isEqualTo(firstHit);
        }

        deleteRecursively(dataDir.resolve("index"));

        try (ConfigurableApplicationContext app = start()) {
            Api api = api(app);
            JsonNode status = api.get("/api/status");
            assertThat(status.path("indexedChunks").asLong()).isEqualTo(chunks);
            assertThat(status.path("lastAppliedOutboxId").asLong()).isPositive();
            assertThat(topHit(api)).isEqualTo(firstHit);
        }
    }

    @Test
    void refusesToMixEmbeddingModelsInACollectionAfterTheModelChanged() {
        Path corpus = SampleCorpus.copyTo(work.resolve("models-corpus"));
        try (ConfigurableApplicationContext app = start()) {
            api(app).post("/api/ingest", Map.of("path", corpus.toString(), "collection", "minilm"));
        }

        try (ConfigurableApplicationContext app = start("--groundwork.embedding.model=bge-small-en-v1.5-q")) {
            Api api = api(app);
            Api.Response refused =
                    api.postRaw("/api/ingest", "{\"path\": \"" + corpus + "\", \"collection\": \"minilm\"}");
            assertThat(refused.status()).isEqualTo(409);
            assertThat(refused.body().path("detail").asString())
                    .isEqualTo("Collection 'minilm' holds vectors of the embedding model 'all-minilm-l6-v2-q', but the"
                            + " configured model is 'bge-small-en-v1.5-q': ingest into a new collection, or configure"
                            + " 'all-minilm-l6-v2-q' again (groundwork.embedding.model)");

            JsonNode report = api.post("/api/ingest", Map.of("path", corpus.toString(), "collection", "bge"));
            assertThat(report.path("done").asInt()).isEqualTo(5);
            assertThat(api.get("/api/status").path("embeddingModel").asString()).isEqualTo("bge-small-en-v1.5-q");
            JsonNode hits = api.post(
                            "/api/search",
                            Map.of(
                                    "query",
                                    "How often does the fog horn sound?",
                                    "collection",
                                    "bge",
                                    "mode",
                                    "vector"))
                    .path("hits");
            assertThat(hits.get(0).path("source").asString()).endsWith("lighthouse-handbook.md");
        }
    }

    private ConfigurableApplicationContext start(String... extra) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--groundwork.data-dir=" + dataDir));
        args.addAll(List.of(extra));
        return SpringApplication.run(GroundworkApplication.class, args.toArray(String[]::new));
    }

    private static Api api(ConfigurableApplicationContext app) {
        return new Api(Integer.parseInt(app.getEnvironment().getProperty("local.server.port")));
    }

    private static String topHit(Api api) {
        return api.post("/api/search", Map.of("query", "How many eggs does the queen lay?"))
                .path("hits")
                .get(0)
                .path("text")
                .asString();
    }

    private static void deleteRecursively(Path folder) throws IOException {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
