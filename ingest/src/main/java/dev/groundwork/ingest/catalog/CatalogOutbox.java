package dev.groundwork.ingest.catalog;

import dev.groundwork.vectorstore.IndexOperation;
import dev.groundwork.vectorstore.IndexedChunk;
import dev.groundwork.vectorstore.OutboxSource;
import dev.groundwork.vectorstore.StoredChunk;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/** The catalog as the chunk index sees it: the outbox in id order, and the chunks it refers to. */
public final class CatalogOutbox implements OutboxSource {

    private static final String CHUNK_COLUMNS = """
            c.id as chunk_id, c.document_id, c.ordinal, c.start_offset, c.end_offset, c.text, c.embedding, c.heading_path,
            d.source, d.title, d.tags, d.modified_at, col.name as collection""";
    private static final String CHUNK_JOINS = """
            join document d on d.id = c.document_id
            join collection col on col.id = d.collection_id""";

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final TransactionTemplate snapshot;

    public CatalogOutbox(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
        this.template = new JdbcTemplate(dataSource);
        this.template.setFetchSize(500);
        this.snapshot = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        // One snapshot for the chunks and the outbox position they correspond to.
        this.snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        this.snapshot.setReadOnly(true);
    }

    @Override
    public List<IndexOperation> operationsAfter(long afterId, int limit) {
        return jdbc.sql("select o.id as outbox_id, o.operation, "
                        + CHUNK_COLUMNS.replace("c.id as chunk_id", "o.chunk_id")
                        + " from index_outbox o left join chunk c on c.id = o.chunk_id"
                        + " left join document d on d.id = c.document_id"
                        + " left join collection col on col.id = d.collection_id"
                        + " where o.id > ? order by o.id limit ?")
                .params(afterId, limit)
                .query(CatalogOutbox::operation)
                .list();
    }

    @Override
    public long forEachChunk(Consumer<IndexedChunk> consumer) {
        return snapshot.execute(status -> {
            long lastOutboxId = lastOutboxId();
            // Streams the rows (the driver fetches in batches inside a transaction) instead of loading them all.
            template.query(
                    "select " + CHUNK_COLUMNS + " from chunk c " + CHUNK_JOINS + " order by c.id", (ResultSet rs) -> {
                        consumer.accept(chunk(rs));
                    });
            return lastOutboxId;
        });
    }

    @Override
    public ChunkIds chunkIds() {
        return snapshot.execute(status -> {
            long lastOutboxId = lastOutboxId();
            long[] ids = jdbc.sql("select id from chunk order by id").query(Long.class).list().stream()
                    .mapToLong(Long::longValue)
                    .toArray();
            return new ChunkIds(lastOutboxId, ids);
        });
    }

    @Override
    public List<IndexedChunk> chunks(long[] ids) {
        if (ids.length == 0) {
            return List.of();
        }
        return template.query(
                connection -> {
                    var statement = connection.prepareStatement(
                            "select " + CHUNK_COLUMNS + " from chunk c " + CHUNK_JOINS + " where c.id = any(?)");
                    statement.setArray(1, array(connection, ids));
                    return statement;
                },
                (rs, n) -> chunk(rs));
    }

    private long lastOutboxId() {
        return jdbc.sql("select coalesce(max(id), 0) from index_outbox")
                .query(Long.class)
                .single();
    }

    private static java.sql.Array array(Connection connection, long[] ids) throws SQLException {
        Long[] boxed = new Long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            boxed[i] = ids[i];
        }
        return connection.createArrayOf("bigint", boxed);
    }

    private static IndexOperation operation(ResultSet rs, int row) throws SQLException {
        long outboxId = rs.getLong("outbox_id");
        if (rs.getString("operation").equals("delete")) {
            return new IndexOperation.Delete(outboxId, rs.getLong("chunk_id"));
        }
        if (rs.getString("text") == null) {
            // The chunk was deleted after this upsert was queued; its delete follows in the outbox.
            return new IndexOperation.Skip(outboxId);
        }
        return new IndexOperation.Upsert(outboxId, chunk(rs));
    }

    private static IndexedChunk chunk(ResultSet rs) throws SQLException {
        Float[] boxed = (Float[]) rs.getArray("embedding").getArray();
        float[] embedding = new float[boxed.length];
        for (int i = 0; i < boxed.length; i++) {
            embedding[i] = boxed[i];
        }
        Timestamp modified = rs.getTimestamp("modified_at");
        return new IndexedChunk(
                new StoredChunk(
                        rs.getLong("chunk_id"),
                        rs.getLong("document_id"),
                        rs.getInt("ordinal"),
                        rs.getString("collection"),
                        rs.getString("source"),
                        rs.getString("title"),
                        rs.getString("heading_path"),
                        Set.of((String[]) rs.getArray("tags").getArray()),
                        modified == null ? null : modified.toInstant(),
                        rs.getInt("start_offset"),
                        rs.getInt("end_offset"),
                        rs.getString("text")),
                embedding);
    }
}
