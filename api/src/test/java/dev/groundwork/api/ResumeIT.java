package dev.groundwork.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundwork.ingest.FileSelection;
import dev.groundwork.ingest.Ingestion;
import dev.groundwork.ingest.catalog.IngestJobs;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/** An ingest job interrupted by the end of the process is finished by the next start, exactly once. */
class ResumeIT {

    private final Path work = TestFolders.create("resume-it");

    @Test
    void finishesAJobInterruptedMidFileAfterRestart() throws Exception {
        Path corpus = SampleCorpus.copyTo(work.resolve("corpus"));
        long jobId;
        try (ConfigurableApplicationContext app = start()) {
            IngestJobs jobs = app.getBean(IngestJobs.class);
            jobId = app.getBean(Ingestion.class).submitFolder(corpus, "resumed", FileSelection.ALL, Set.of("night"));
            // A worker took the first file and the process ended before it finished.
            assertThat(jobs.claim(jobId)).isPresent();
            assertThat(jobs.summary(jobId).orElseThrow().running()).isEqualTo(1);
        }

        try (ConfigurableApplicationContext app = start()) {
            Api api = new Api(Integer.parseInt(app.getEnvironment().getProperty("local.server.port")));
            JsonNode job = waitUntilFinished(api, jobId);

            assertThat(job.path("job").path("done").asInt()).isEqualTo(5);
            assertThat(job.path("job").path("skipped").asInt()).isEqualTo(1);
            assertThat(job.path("job").path("running").asInt()).isZero();
            assertThat(job.path("job").path("pending").asInt()).isZero();
            assertThat(job.path("items").size()).isEqualTo(6);
            JsonNode status = api.get("/api/status");
            assertThat(status.path("documents").asLong()).isEqualTo(5);
            assertThat(status.path("indexedChunks").asLong())
                    .isEqualTo(status.path("chunks").asLong());
            JsonNode hits = api.post(
                            "/api/search",
                            Map.of(
                                    "query",
                                    "fog horn",
                                    "filter",
                                    Map.of("collections", List.of("resumed"), "tags", List.of("night"))))
                    .path("hits");
            assertThat(hits.size()).isPositive();
            assertThat(api.get("/api/jobs").get(0).path("id").asLong()).isEqualTo(jobId);
            assertThat(api.getRaw("/api/jobs/999999").status()).isEqualTo(404);
        }
    }

    private static JsonNode waitUntilFinished(Api api, long jobId) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (true) {
            JsonNode job = api.get("/api/jobs/" + jobId);
            if (job.path("job").path("status").asString().equals("finished")
                    && api.get("/api/status").path("indexedChunks").asLong()
                            == api.get("/api/status").path("chunks").asLong()) {
                return job;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("Job " + jobId + " did not finish: " + job);
            }
            Thread.sleep(250);
        }
    }

    private ConfigurableApplicationContext start() {
        return SpringApplication.run(
                GroundworkApplication.class, "--server.port=0", "--groundwork.data-dir=" + work.resolve("data"));
    }
}
