package dev.groundwork.api.ingest;

import dev.groundwork.ingest.catalog.IngestJobs;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** {@code /api/jobs}: ingest jobs, their progress and the status of every file. */
@RestController
@RequestMapping("/api/jobs")
class JobController {

    private final IngestJobs jobs;

    JobController(IngestJobs jobs) {
        this.jobs = jobs;
    }

    @GetMapping
    List<IngestJobs.JobSummary> recent(@RequestParam(defaultValue = "20") int limit) {
        if (limit < 1 || limit > 500) {
            throw new IllegalArgumentException("limit must be between 1 and 500, was " + limit);
        }
        return jobs.recent(limit);
    }

    record JobDetail(IngestJobs.JobSummary job, List<IngestJobs.Item> items) {}

    @GetMapping("/{id}")
    JobDetail job(@PathVariable long id) {
        IngestJobs.JobSummary summary = jobs.summary(id)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No ingest job with id " + id));
        return new JobDetail(summary, jobs.items(id));
    }
}
