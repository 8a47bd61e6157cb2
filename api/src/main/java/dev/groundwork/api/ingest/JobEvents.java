package dev.groundwork.api.ingest;

import dev.groundwork.ingest.catalog.IngestJobs;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** Streams a job's progress as server-sent events, from the catalog, until the job ends. */
@Component
class JobEvents {

    private static final Logger log = LoggerFactory.getLogger(JobEvents.class);
    private static final Duration INTERVAL = Duration.ofMillis(500);
    private static final Duration MAX_STREAM = Duration.ofHours(6);

    private final IngestJobs jobs;

    JobEvents(IngestJobs jobs) {
        this.jobs = jobs;
    }

    SseEmitter stream(long jobId) {
        SseEmitter emitter = new SseEmitter(MAX_STREAM.toMillis());
        Thread.ofVirtual().name("job-events-" + jobId).start(() -> {
            try {
                IngestJobs.JobSummary last = null;
                int failuresSent = 0;
                while (true) {
                    IngestJobs.JobSummary summary = jobs.summary(jobId).orElseThrow();
                    if (summary.failed() > failuresSent) {
                        for (IngestJobs.Item item : jobs.items(jobId, "failed", failuresSent, summary.failed())) {
                            emitter.send(SseEmitter.event().name("failed").data(item));
                        }
                        failuresSent = summary.failed();
                    }
                    if (summary.ended()) {
                        emitter.send(SseEmitter.event().name("end").data(summary));
                        emitter.complete();
                        return;
                    }
                    if (!sameProgress(summary, last)) {
                        emitter.send(SseEmitter.event().name("progress").data(summary));
                        last = summary;
                    }
                    Thread.sleep(INTERVAL);
                }
            } catch (IOException | IllegalStateException e) {
                // The client went away.
                log.debug("Job {} event stream closed: {}", jobId, e.getMessage());
            } catch (InterruptedException e) {
                emitter.complete();
            } catch (RuntimeException e) {
                emitter.completeWithError(e);
            }
        });
        return emitter;
    }

    private static boolean sameProgress(IngestJobs.JobSummary a, IngestJobs.JobSummary b) {
        return b != null
                && a.done() == b.done()
                && a.skipped() == b.skipped()
                && a.failed() == b.failed()
                && a.running() == b.running()
                && a.status().equals(b.status());
    }
}
