package dev.groundwork.ingest.catalog;

import dev.groundwork.vectorstore.IndexOperation;
import dev.groundwork.vectorstore.IndexedChunk;
import dev.groundwork.vectorstore.OutboxSource;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The catalog's index outbox, read in id order with the chunk rows it refers to. */
public final class CatalogOutbox implements OutboxSource {

    private final JdbcClient jdbc;

    public CatalogOutbox(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    @Override
    public List<IndexOperation> operationsAfter(long afterId, int limit) {
        return jdbc.sql("""
                        select o.id, o.operation, o.chunk_id, c.document_id, c.start_offset, c.end_offset, c.text,
                               c.embedding, d.source, d.title, col.name as collection
                        from index_outbox o
                        left join chunk c on c.id = o.chunk_id
                        left join document d on d.id = c.document_id
                        left join collection col on col.id = d.collection_id
                        where o.id > ? order by o.id limit ?""")
                .params(afterId, limit)
                .query(CatalogOutbox::operation)
                .list();
    }

    private static IndexOperation operation(ResultSet rs, int row) throws SQLException {
        long outboxId = rs.getLong("id");
        long chunkId = rs.getLong("chunk_id");
        if (rs.getString("operation").equals("delete")) {
            return new IndexOperation.Delete(outboxId, chunkId);
        }
        if (rs.getString("text") == null) {
            // The chunk was deleted after this upsert was queued; its delete follows in the outbox.
            return new IndexOperation.Skip(outboxId);
        }
        Float[] boxed = (Float[]) rs.getArray("embedding").getArray();
        float[] embedding = new float[boxed.length];
        for (int i = 0; i < boxed.length; i++) {
            embedding[i] = boxed[i];
        }
        return new IndexOperation.Upsert(
                outboxId,
                new IndexedChunk(
                        chunkId,
                        rs.getLong("document_id"),
                        rs.getString("collection"),
                        rs.getString("source"),
                        rs.getString("title"),
                        rs.getInt("start_offset"),
                        rs.getInt("end_offset"),
                        rs.getString("text"),
                        embedding));
    }
}
