package dev.groundwork.ingest.catalog;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Ingest jobs and their items in the catalog: one item per file, claimed by workers. */
public final class IngestJobs {

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final TransactionTemplate transactions;

    public IngestJobs(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
        this.template = new JdbcTemplate(dataSource);
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    /** An item claimed by one worker. */
    public record ClaimedItem(long id, String source) {}

    /** A job that has not finished: the one to resume after a crash. */
    public record UnfinishedJob(long id, long collectionId, String collection, Set<String> tags) {}

    /** A job with the count of its items in each status. */
    public record JobSummary(
            long id,
            String collection,
            String origin,
            String status,
            Instant createdAt,
            Instant finishedAt,
            int pending,
            int running,
            int done,
            int skipped,
            int failed) {}

    /** One file of a job. */
    public record Item(long id, String source, String status, String message, Long documentId, int chunks) {}

    /** Creates a job over {@code sources} with one pending item each; returns the job id. */
    public long create(long collectionId, String origin, List<String> sources, Set<String> tags) {
        return transactions.execute(status -> {
            long jobId = jdbc.sql("""
                            insert into ingest_job (collection_id, origin, status, tags)
                            values (?, ?, 'running', ?) returning id""")
                    .params(collectionId, origin, tags.stream().sorted().toArray(String[]::new))
                    .query(Long.class)
                    .single();
            template.batchUpdate(
                    "insert into ingest_item (job_id, source, status) values (?, ?, 'pending')",
                    sources,
                    500,
                    (PreparedStatement ps, String source) -> {
                        ps.setLong(1, jobId);
                        ps.setString(2, source);
                    });
            return jobId;
        });
    }

    /** Claims the next pending item of the job for this worker, if any is left. */
    public Optional<ClaimedItem> claim(long jobId) {
        return jdbc.sql("""
                        update ingest_item set status = 'running', updated_at = now()
                        where id = (select id from ingest_item where job_id = ? and status = 'pending'
                                    order by id limit 1 for update skip locked)
                        returning id, source""")
                .param(jobId)
                .query((rs, n) -> new ClaimedItem(rs.getLong(1), rs.getString(2)))
                .optional();
    }

    /** Records how an item ended. */
    public void finishItem(long itemId, ItemStatus status, String message, Long documentId, int chunks) {
        jdbc.sql("""
                        update ingest_item set status = ?, message = ?, document_id = ?, chunks = ?, updated_at = now()
                        where id = ?""")
                .params(status.dbValue(), message, documentId, chunks, itemId)
                .update();
    }

    /** Marks the job finished. */
    public void finish(long jobId) {
        jdbc.sql("update ingest_job set status = 'finished', finished_at = now() where id = ?")
                .param(jobId)
                .update();
    }

    /**
     * Puts the items that were being worked on back in the queue and returns the jobs that did not
     * finish. Called at start, when no worker of this application can be running: items left
     * {@code running} belong to a process that died. (One application instance per catalog; several
     * instances would need leases on claimed items.)
     */
    public List<UnfinishedJob> requeueInterrupted() {
        jdbc.sql("""
                        update ingest_item set status = 'pending', updated_at = now()
                        where status = 'running'
                          and job_id in (select id from ingest_job where status = 'running')""").update();
        return jdbc.sql("""
                        select j.id, j.collection_id, c.name, j.tags from ingest_job j
                        join collection c on c.id = j.collection_id
                        where j.status = 'running' order by j.id""")
                .query((rs, n) -> new UnfinishedJob(rs.getLong(1), rs.getLong(2), rs.getString(3), Set.of((String[])
                        rs.getArray(4).getArray())))
                .list();
    }

    /** The most recent jobs, newest first. */
    public List<JobSummary> recent(int limit) {
        return jdbc.sql(SUMMARY + " group by j.id, c.name order by j.id desc limit ?")
                .param(limit)
                .query(IngestJobs::summary)
                .list();
    }

    public Optional<JobSummary> summary(long jobId) {
        return jdbc.sql(SUMMARY + " where j.id = ? group by j.id, c.name")
                .param(jobId)
                .query(IngestJobs::summary)
                .optional();
    }

    /** The job's items, in the order they were queued. */
    public List<Item> items(long jobId) {
        return jdbc.sql("""
                        select id, source, status, message, document_id, chunks from ingest_item
                        where job_id = ? order by id""")
                .param(jobId)
                .query((rs, n) -> new Item(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        (Long) rs.getObject(5),
                        rs.getInt(6)))
                .list();
    }

    private static final String SUMMARY = """
            select j.id, c.name, j.origin, j.status, j.created_at, j.finished_at,
                   count(*) filter (where i.status = 'pending') as pending,
                   count(*) filter (where i.status = 'running') as running,
                   count(*) filter (where i.status = 'done') as done,
                   count(*) filter (where i.status = 'skipped') as skipped,
                   count(*) filter (where i.status = 'failed') as failed
            from ingest_job j join collection c on c.id = j.collection_id
            left join ingest_item i on i.job_id = j.id""";

    private static JobSummary summary(ResultSet rs, int row) throws SQLException {
        Timestamp finished = rs.getTimestamp("finished_at");
        return new JobSummary(
                rs.getLong("id"),
                rs.getString("name"),
                rs.getString("origin"),
                rs.getString("status").toLowerCase(Locale.ROOT),
                rs.getTimestamp("created_at").toInstant(),
                finished == null ? null : finished.toInstant(),
                rs.getInt("pending"),
                rs.getInt("running"),
                rs.getInt("done"),
                rs.getInt("skipped"),
                rs.getInt("failed"));
    }
}
