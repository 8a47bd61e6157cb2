package dev.groundwork.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Kills a real Groundwork process with SIGKILL in the middle of an ingest job, starts it again, and
 * finds the job finished exactly once: every file one document, no chunk twice, the index in step.
 */
class KillIT {

    private static final int FILES = 80;

    private final Path work = TestFolders.create("kill-it");
    private Process server;

    @Test
    void resumesAJobAfterKillMinus9WithNothingDuplicatedOrHalfWritten() throws Exception {
        Path corpus = Files.createDirectories(work.resolve("corpus"));
        for (int i = 0; i < FILES; i++) {
            StringBuilder text = new StringBuilder("# Station " + i + "\n\n");
            for (int p = 0; p < 6; p++) {
                text.append("Weather station ")
                        .append(i)
                        .append(" records paragraph ")
                        .append(p)
                        .append(": the wind from the north-west reached ")
                        .append(i * 7 + p)
                        .append(" knots while the barometer fell slowly through the afternoon.\n\n");
            }
            Files.writeString(corpus.resolve(String.format("station-%03d.md", i)), text);
        }

        int port = freePort();
        server = start(port);
        Api api = new Api(port);
        awaitUp(api);
        long jobId = api.postRaw("/api/jobs", "{\"path\": \"" + corpus + "\", \"collection\": \"stations\"}")
                .body()
                .path("id")
                .asLong();
        JsonNode before = await(api, jobId, job -> job.path("done").asInt() >= 5);
        assertThat(before.path("status").asString())
                .as("the job must still be running when the process is killed")
                .isEqualTo("running");
        server.destroyForcibly().waitFor();

        server = start(port);
        awaitUp(api);
        JsonNode job = await(api, jobId, j -> !j.path("status").asString().equals("running"));

        assertThat(job.path("status").asString()).isEqualTo("finished");
        assertThat(job.path("done").asInt()).isEqualTo(FILES);
        assertThat(job.path("failed").asInt()).isZero();
        List<JsonNode> documents = api.get("/api/collections/stations/documents?limit=1000")
                .valueStream()
                .toList();
        assertThat(documents).hasSize(FILES);
        Set<String> sources = new HashSet<>();
        long chunks = 0;
        for (JsonNode document : documents) {
            assertThat(sources.add(document.path("source").asString())).isTrue();
            List<JsonNode> documentChunks = api.get(
                            "/api/documents/" + document.path("id").asLong() + "/chunks")
                    .valueStream()
                    .toList();
            String text = api.get("/api/documents/" + document.path("id").asLong())
                    .path("text")
                    .asString();
            for (int ordinal = 0; ordinal < documentChunks.size(); ordinal++) {
                JsonNode chunk = documentChunks.get(ordinal);
                assertThat(chunk.path("ordinal").asInt()).isEqualTo(ordinal);
                assertThat(text.substring(
                                chunk.path("start").asInt(), chunk.path("end").asInt()))
                        .isEqualTo(chunk.path("text").asString());
            }
            chunks += documentChunks.size();
        }
        JsonNode status = awaitIndex(api);
        assertThat(status.path("chunks").asLong()).isEqualTo(chunks);
        assertThat(status.path("indexedChunks").asLong()).isEqualTo(chunks);
        JsonNode hits = api.post(
                        "/api/search",
                        java.util.Map.of("query", "Weather station 42 wind knots", "collection", "stations", "k", 20))
                .path("hits");
        Set<String> chunkIds = new HashSet<>();
        hits.forEach(hit -> assertThat(chunkIds.add(hit.path("chunkId").asString()))
                .as("a chunk found twice")
                .isTrue());
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null && server.isAlive()) {
            server.destroy(); // SIGTERM: a clean shutdown, which also stops the embedded PostgreSQL
            if (!server.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    private Process start(int port) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(
                        java,
                        "-jar",
                        Path.of("target", "groundwork-exec.jar")
                                .toAbsolutePath()
                                .toString(),
                        "serve",
                        "--server.port=" + port,
                        "--groundwork.data-dir=" + work.resolve("data"),
                        "--groundwork.ingest.allowed-roots=" + work,
                        // The jar does not read the tests' configuration.
                        "--groundwork.security.bootstrap-key=" + Api.ADMIN_KEY)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        work.resolve("server.log").toFile()))
                .start();
    }

    private void awaitUp(Api api) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (Instant.now().isBefore(deadline)) {
            assertThat(server.isAlive())
                    .as("server process is running (see " + work + "/server.log)")
                    .isTrue();
            try {
                if (api.getRaw("/api/status").status() == 200) {
                    return;
                }
            } catch (AssertionError notYet) {
                // connection refused while starting
            }
            Thread.sleep(250);
        }
        throw new AssertionError("The server did not start; see " + work.resolve("server.log"));
    }

    private static JsonNode await(Api api, long jobId, Predicate<JsonNode> condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (Instant.now().isBefore(deadline)) {
            JsonNode job = api.get("/api/jobs/" + jobId + "?limit=1").path("job");
            if (condition.test(job)) {
                return job;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("Job " + jobId + " did not get there in time");
    }

    private static JsonNode awaitIndex(Api api) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
        while (Instant.now().isBefore(deadline)) {
            JsonNode status = api.get("/api/status");
            if (status.path("indexedChunks").asLong() == status.path("chunks").asLong()) {
                return status;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("The index did not catch up");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
