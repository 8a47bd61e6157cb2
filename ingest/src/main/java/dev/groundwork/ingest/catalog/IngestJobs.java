package dev.groundwork.ingest.catalog;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Ingest jobs and their items in the catalog: one item per file, claimed by workers with
 * {@code FOR UPDATE SKIP LOCKED}. A job is {@code running} until all its items ended, then
 * {@code finished}; or {@code cancelled}, after which no further item is claimed.
 */
public final class IngestJobs {

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final TransactionTemplate transactions;

    public IngestJobs(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
        this.template = new JdbcTemplate(dataSource);
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    /** Where a job's files come from. */
    public enum Kind {
        /** A folder on the server, synced: files gone from it are removed from the collection. */
        FOLDER,
        /** Uploaded files, kept under the data directory until the job ends. */
        UPLOAD;

        String dbValue() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * A file to ingest.
     *
     * @param source the document's source: its absolute path, or {@code upload:NAME}
     * @param path the file to read
     * @param bytes its size
     */
    public record NewItem(String source, String path, long bytes) {}

    /** An item claimed by one worker; {@code bytes} is the file's size when the job listed it (0 if unknown). */
    public record ClaimedItem(long id, String source, String path, long bytes) {}

    /** What a job is: enough to run it, or to resume it after a crash. */
    public record Job(
            long id,
            long collectionId,
            String collection,
            Kind kind,
            String origin,
            String status,
            Set<String> tags,
            List<String> include,
            List<String> exclude) {}

    /**
     * A job and its progress.
     *
     * @param files items in the job
     * @param deleted documents a folder sync removed because their files are gone
     * @param chunks chunks written so far
     * @param bytes total size of the job's files; {@code bytesDone} of the ended ones
     * @param current the file being ingested now, if any
     * @param filesPerSecond files ended per second since the job started
     * @param etaSeconds estimated time to the end from the bytes left and the rate so far, or
     *     {@code null} before there is a rate or once the job ended
     */
    public record JobSummary(
            long id,
            String collection,
            String kind,
            String origin,
            String status,
            Instant createdAt,
            Instant startedAt,
            Instant finishedAt,
            int files,
            int pending,
            int running,
            int done,
            int skipped,
            int failed,
            int cancelled,
            int deleted,
            long chunks,
            long bytes,
            long bytesDone,
            String current,
            double elapsedSeconds,
            double filesPerSecond,
            double chunksPerSecond,
            Double etaSeconds) {

        /** Whether no item is left to run. */
        public boolean ended() {
            return !status.equals("running");
        }
    }

    /** One file of a job. */
    public record Item(long id, String source, String status, String message, Long documentId, int chunks) {}

    /** Creates a job over {@code items} with one pending item each; returns the job id. */
    public long create(
            long collectionId,
            Kind kind,
            String origin,
            List<NewItem> items,
            Set<String> tags,
            List<String> include,
            List<String> exclude) {
        return transactions.execute(status -> {
            long jobId = jdbc.sql("""
                            insert into ingest_job (collection_id, kind, origin, status, tags, include, exclude)
                            values (?, ?, ?, 'running', ?, ?, ?) returning id""")
                    .params(
                            collectionId,
                            kind.dbValue(),
                            origin,
                            tags.stream().sorted().toArray(String[]::new),
                            include.toArray(String[]::new),
                            exclude.toArray(String[]::new))
                    .query(Long.class)
                    .single();
            template.batchUpdate(
                    "insert into ingest_item (job_id, source, path, bytes, status) values (?, ?, ?, ?, 'pending')",
                    items,
                    500,
                    (PreparedStatement ps, NewItem item) -> {
                        ps.setLong(1, jobId);
                        ps.setString(2, item.source());
                        ps.setString(3, item.path());
                        ps.setLong(4, item.bytes());
                    });
            return jobId;
        });
    }

    /** The job, if it exists. */
    public Optional<Job> job(long jobId) {
        return jdbc.sql("""
                        select j.id, j.collection_id, c.name, j.kind, j.origin, j.status, j.tags, j.include, j.exclude
                        from ingest_job j join collection c on c.id = j.collection_id where j.id = ?""").param(jobId).query(IngestJobs::job).optional();
    }

    /** Marks the job started (the first time a worker takes it up). */
    public void started(long jobId) {
        jdbc.sql("update ingest_job set started_at = coalesce(started_at, now()) where id = ?")
                .param(jobId)
                .update();
    }

    /** Claims the next pending item of the job for this worker, unless none is left or the job was cancelled. */
    public Optional<ClaimedItem> claim(long jobId) {
        return jdbc.sql("""
                        update ingest_item set status = 'running', updated_at = now()
                        where id = (select i.id from ingest_item i join ingest_job j on j.id = i.job_id
                                    where i.job_id = ? and i.status = 'pending' and j.status = 'running'
                                    order by i.id limit 1 for update of i skip locked)
                        returning id, source, coalesce(path, source), coalesce(bytes, 0)""")
                .param(jobId)
                .query((rs, n) -> new ClaimedItem(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4)))
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

    /** Marks the job finished, unless it was cancelled, with the count of documents it deleted. */
    public void finish(long jobId, int deleted) {
        jdbc.sql("""
                        update ingest_job set status = 'finished', finished_at = now(), deleted = ?
                        where id = ? and status = 'running'""").params(deleted, jobId).update();
    }

    /**
     * Cancels a running job: its pending items end {@code cancelled} and no worker claims another;
     * the item being ingested now is finished (documents are written whole or not at all).
     *
     * @return whether the job was running
     */
    public boolean cancel(long jobId) {
        return Boolean.TRUE.equals(transactions.execute(status -> {
            int updated = jdbc.sql("""
                            update ingest_job set status = 'cancelled', finished_at = now()
                            where id = ? and status = 'running'""").param(jobId).update();
            jdbc.sql("""
                            update ingest_item set status = 'cancelled', message = 'job cancelled', updated_at = now()
                            where job_id = ? and status = 'pending'""").param(jobId).update();
            return updated == 1;
        }));
    }

    /**
     * Resumes a cancelled job: its cancelled items are queued again and it runs again.
     *
     * @return whether the job was cancelled
     */
    public boolean resume(long jobId) {
        return Boolean.TRUE.equals(transactions.execute(status -> {
            int updated = jdbc.sql("""
                            update ingest_job set status = 'running', finished_at = null
                            where id = ? and status = 'cancelled'""").param(jobId).update();
            jdbc.sql("""
                            update ingest_item set status = 'pending', message = null, updated_at = now()
                            where job_id = ? and status = 'cancelled'""").param(jobId).update();
            return updated == 1;
        }));
    }

    /**
     * Puts the items that were being worked on back in the queue and returns the jobs that did not
     * finish, oldest first. Called at start, when no worker of this application can be running:
     * items left {@code running} belong to a process that died. (One application instance per
     * catalog; several instances would need leases on claimed items.)
     */
    public List<Job> requeueInterrupted() {
        jdbc.sql("""
                        update ingest_item set status = 'pending', updated_at = now()
                        where status = 'running'
                          and job_id in (select id from ingest_job where status = 'running')""").update();
        return jdbc.sql("""
                        select j.id, j.collection_id, c.name, j.kind, j.origin, j.status, j.tags, j.include, j.exclude
                        from ingest_job j join collection c on c.id = j.collection_id
                        where j.status = 'running' order by j.id""").query(IngestJobs::job).list();
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

    /** The job's items in the order they were queued, optionally only those in {@code status}. */
    public List<Item> items(long jobId, String status, int offset, int limit) {
        return jdbc.sql("""
                        select id, source, status, message, document_id, chunks from ingest_item
                        where job_id = ? and (cast(? as text) is null or status = ?) order by id offset ? limit ?""")
                .params(jobId, status, status, offset, limit)
                .query((rs, n) -> new Item(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        (Long) rs.getObject(5),
                        rs.getInt(6)))
                .list();
    }

    /** All the job's items, in the order they were queued. */
    public List<Item> items(long jobId) {
        return items(jobId, null, 0, Integer.MAX_VALUE);
    }

    /** The file an item reads, when it is not its source (an uploaded file). */
    public Optional<java.nio.file.Path> path(long itemId) {
        return jdbc.sql("select path from ingest_item where id = ? and path is not null")
                .param(itemId)
                .query(String.class)
                .optional()
                .map(java.nio.file.Path::of);
    }

    /** The sources of the job's items. */
    public List<String> sources(long jobId) {
        return jdbc.sql("select source from ingest_item where job_id = ? order by id")
                .param(jobId)
                .query(String.class)
                .list();
    }

    private static final String SUMMARY = """
            select j.id, c.name, j.kind, j.origin, j.status, j.created_at, j.started_at, j.finished_at, j.deleted,
                   extract(epoch from coalesce(j.finished_at, now()) - coalesce(j.started_at, now())) as elapsed,
                   count(i.id) as files,
                   count(*) filter (where i.status = 'pending') as pending,
                   count(*) filter (where i.status = 'running') as running,
                   count(*) filter (where i.status = 'done') as done,
                   count(*) filter (where i.status = 'skipped') as skipped,
                   count(*) filter (where i.status = 'failed') as failed,
                   count(*) filter (where i.status = 'cancelled') as cancelled,
                   coalesce(sum(i.chunks), 0) as chunks,
                   coalesce(sum(i.bytes), 0) as bytes,
                   coalesce(sum(i.bytes) filter (where i.status in ('done', 'skipped', 'failed')), 0) as bytes_done,
                   min(i.source) filter (where i.status = 'running') as current
            from ingest_job j join collection c on c.id = j.collection_id
            left join ingest_item i on i.job_id = j.id""";

    private static Job job(ResultSet rs, int row) throws SQLException {
        return new Job(
                rs.getLong(1),
                rs.getLong(2),
                rs.getString(3),
                Kind.valueOf(rs.getString(4).toUpperCase(java.util.Locale.ROOT)),
                rs.getString(5),
                rs.getString(6),
                Set.of((String[]) rs.getArray(7).getArray()),
                List.of((String[]) rs.getArray(8).getArray()),
                List.of((String[]) rs.getArray(9).getArray()));
    }

    private static JobSummary summary(ResultSet rs, int row) throws SQLException {
        String status = rs.getString("status");
        Instant started = instant(rs.getTimestamp("started_at"));
        double elapsed = started == null ? 0 : Math.max(0, rs.getDouble("elapsed"));
        int files = rs.getInt("files");
        int ended = rs.getInt("done") + rs.getInt("skipped") + rs.getInt("failed");
        long chunks = rs.getLong("chunks");
        long bytes = rs.getLong("bytes");
        long bytesDone = rs.getLong("bytes_done");
        Double eta = null;
        if (status.equals("running") && elapsed > 1 && ended > 0) {
            // By bytes when the job knows them (files differ a lot in size), else by files.
            double left = bytes > 0 && bytesDone > 0
                    ? (bytes - bytesDone) / (bytesDone / elapsed)
                    : (files - ended) / (ended / elapsed);
            eta = Math.round(left * 10) / 10.0;
        }
        return new JobSummary(
                rs.getLong("id"),
                rs.getString("name"),
                rs.getString("kind"),
                rs.getString("origin"),
                status,
                instant(rs.getTimestamp("created_at")),
                started,
                instant(rs.getTimestamp("finished_at")),
                files,
                rs.getInt("pending"),
                rs.getInt("running"),
                rs.getInt("done"),
                rs.getInt("skipped"),
                rs.getInt("failed"),
                rs.getInt("cancelled"),
                rs.getInt("deleted"),
                chunks,
                bytes,
                bytesDone,
                rs.getString("current"),
                Math.round(elapsed * 10) / 10.0,
                elapsed > 0 ? Math.round(ended / elapsed * 100) / 100.0 : 0,
                elapsed > 0 ? Math.round(chunks / elapsed * 10) / 10.0 : 0,
                eta);
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
