package dev.groundwork.ingest.catalog;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reads and writes the catalog. Every change to chunks appends the matching index operations to
 * the outbox in the same transaction, so the index can never see a chunk the catalog lacks.
 */
public final class Catalog {

    /**
     * Advisory lock taken by every transaction that appends to the outbox: outbox ids then commit
     * in id order, so the indexer can never skip an id that commits after a higher one.
     */
    private static final long OUTBOX_WRITER_LOCK = 0x6772_6f75_6e64L;

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final TransactionTemplate transactions;

    public Catalog(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
        this.template = new JdbcTemplate(dataSource);
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    /**
     * The id of the collection {@code name}, created if missing.
     *
     * @throws IllegalStateException if it exists with vectors of another embedding model
     */
    public long collection(String name, String embeddingModel) {
        jdbc.sql("insert into collection (name, embedding_model) values (?, ?) on conflict (name) do nothing")
                .params(name, embeddingModel)
                .update();
        var row = jdbc.sql("select id, embedding_model from collection where name = ?")
                .param(name)
                .query((rs, n) -> new Object[] {rs.getLong(1), rs.getString(2)})
                .single();
        if (!row[1].equals(embeddingModel)) {
            throw new IllegalStateException("Collection '" + name + "' holds vectors of the embedding model '" + row[1]
                    + "', but the configured model is '" + embeddingModel + "': ingest into a new collection, or"
                    + " configure '" + row[1] + "' again (groundwork.embedding.model)");
        }
        return (long) row[0];
    }

    /** The version of the document stored for {@code source}, if there is one. */
    public Optional<StoredVersion> storedVersion(long collectionId, String source) {
        return jdbc.sql("select content_hash, tags from document where collection_id = ? and source = ?")
                .params(collectionId, source)
                .query((rs, n) -> new StoredVersion(
                        rs.getString(1), Set.of((String[]) rs.getArray(2).getArray())))
                .optional();
    }

    /** What decides whether a file must be ingested again: its content and the tags given to it. */
    public record StoredVersion(String contentHash, Set<String> tags) {}

    /** Stores the document, replacing any earlier version of the same source; returns its id. */
    public long saveDocument(NewDocument document) {
        return saveDocument(document, id -> {});
    }

    /**
     * Stores the document as {@link #saveDocument(NewDocument)} does, and runs {@code
     * inSameTransaction} with its id before the transaction commits: what records that the document
     * was written (an ingest item's status) commits with it or not at all.
     */
    public long saveDocument(NewDocument document, java.util.function.LongConsumer inSameTransaction) {
        return transactions.execute(status -> {
            lockOutbox();
            Optional<Long> existing = jdbc.sql("select id from document where collection_id = ? and source = ?")
                    .params(document.collectionId(), document.source())
                    .query(Long.class)
                    .optional();
            long documentId;
            if (existing.isPresent()) {
                documentId = existing.get();
                deleteChunks(documentId);
                jdbc.sql("""
                                update document set content_hash = ?, media_type = ?, title = ?, text = ?,
                                       tags = ?, modified_at = ?, metadata = jsonb_object(?::text[], ?::text[]),
                                       page_starts = ?::int[], updated_at = now()
                                where id = ?""")
                        .params(
                                document.contentHash(),
                                document.mediaType(),
                                document.title(),
                                document.text(),
                                tagArray(document.tags()),
                                timestamp(document.modified()),
                                metadataKeys(document),
                                metadataValues(document),
                                document.pageStarts().toArray(Integer[]::new),
                                documentId)
                        .update();
            } else {
                documentId = jdbc.sql("""
                                insert into document (collection_id, source, content_hash, media_type, title, text,
                                                      tags, modified_at, metadata, page_starts)
                                values (?, ?, ?, ?, ?, ?, ?, ?, jsonb_object(?::text[], ?::text[]), ?::int[])
                                returning id""")
                        .params(
                                document.collectionId(),
                                document.source(),
                                document.contentHash(),
                                document.mediaType(),
                                document.title(),
                                document.text(),
                                tagArray(document.tags()),
                                timestamp(document.modified()),
                                metadataKeys(document),
                                metadataValues(document),
                                document.pageStarts().toArray(Integer[]::new))
                        .query(Long.class)
                        .single();
            }
            insertChunks(documentId, document.chunks());
            inSameTransaction.accept(documentId);
            return documentId;
        });
    }

    /** Deletes the collection's documents whose source starts with {@code prefix} and is {@code gone}. */
    public int deleteMissing(long collectionId, String prefix, Predicate<String> gone) {
        List<Long> ids = jdbc
                .sql("select id, source from document where collection_id = ? and starts_with(source, ?)")
                .params(collectionId, prefix)
                .query((rs, n) -> gone.test(rs.getString(2)) ? rs.getLong(1) : null)
                .list()
                .stream()
                .filter(Objects::nonNull)
                .toList();
        ids.forEach(this::deleteDocument);
        return ids.size();
    }

    /**
     * Deletes a document and its chunks, and queues their removal from the index.
     *
     * @return whether it existed
     */
    public boolean deleteDocument(long documentId) {
        return Boolean.TRUE.equals(transactions.execute(status -> {
            lockOutbox();
            deleteChunks(documentId);
            return jdbc.sql("delete from document where id = ?")
                            .param(documentId)
                            .update()
                    == 1;
        }));
    }

    /** A collection with its settings and size. */
    public record CollectionInfo(
            String name, String embeddingModel, String description, long documents, long chunks, Instant createdAt) {}

    /** All collections, by name. */
    public List<CollectionInfo> collections() {
        return jdbc.sql(COLLECTIONS + " order by c.name")
                .query(Catalog::collectionInfo)
                .list();
    }

    /** Whether a collection {@code name} exists (without counting what it holds). */
    public boolean hasCollection(String name) {
        return jdbc.sql("select exists (select 1 from collection where name = ?)")
                .param(name)
                .query(Boolean.class)
                .single();
    }

    /** The collection {@code name}, if it exists. */
    public Optional<CollectionInfo> collectionInfo(String name) {
        return jdbc.sql(COLLECTIONS + " where c.name = ?")
                .param(name)
                .query(Catalog::collectionInfo)
                .optional();
    }

    /**
     * Creates an empty collection whose documents will be embedded by {@code embeddingModel}.
     *
     * @return false if one of that name exists already
     */
    public boolean createCollection(String name, String embeddingModel, String description) {
        return jdbc.sql("""
                        insert into collection (name, embedding_model, description) values (?, ?, ?)
                        on conflict (name) do nothing""").params(name, embeddingModel, description).update() == 1;
    }

    /** Sets the collection's description; false if there is no such collection. */
    public boolean describeCollection(String name, String description) {
        return jdbc.sql("update collection set description = ? where name = ?")
                        .params(description, name)
                        .update()
                == 1;
    }

    private static final String COLLECTIONS = """
            select c.name, c.embedding_model, c.description, c.created_at,
                   (select count(*) from document d where d.collection_id = c.id),
                   (select count(*) from chunk k join document d on d.id = k.document_id
                    where d.collection_id = c.id)
            from collection c""";

    private static CollectionInfo collectionInfo(ResultSet rs, int row) throws SQLException {
        return new CollectionInfo(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getLong(5),
                rs.getLong(6),
                rs.getTimestamp(4).toInstant());
    }

    /**
     * Deletes the collection with its documents, chunks and jobs, and queues the chunks' removal
     * from the index.
     *
     * @return whether it existed
     * @throws IllegalStateException if one of its ingest jobs is still running
     */
    public boolean deleteCollection(String name) {
        return Boolean.TRUE.equals(transactions.execute(status -> {
            lockOutbox();
            Optional<Long> id = jdbc.sql("select id from collection where name = ? for update")
                    .param(name)
                    .query(Long.class)
                    .optional();
            if (id.isEmpty()) {
                return false;
            }
            List<Long> running = jdbc.sql("select id from ingest_job where collection_id = ? and status = 'running'")
                    .param(id.get())
                    .query(Long.class)
                    .list();
            if (!running.isEmpty()) {
                throw new IllegalStateException(
                        "Collection '" + name + "' has running ingest jobs " + running + "; cancel them first");
            }
            jdbc.sql("""
                            insert into index_outbox (operation, chunk_id)
                            select 'delete', k.id from chunk k join document d on d.id = k.document_id
                            where d.collection_id = ? order by k.id""").param(id.get()).update();
            jdbc.sql("delete from chunk where document_id in (select id from document where collection_id = ?)")
                    .param(id.get())
                    .update();
            jdbc.sql("delete from collection where id = ?").param(id.get()).update();
            return true;
        }));
    }

    /** The stored document with its full text, if it exists. */
    public Optional<StoredDocument> document(long documentId) {
        return jdbc.sql("""
                        select d.id, c.name, d.source, d.title, d.media_type, d.content_hash, d.text,
                               array(select key from jsonb_each_text(d.metadata) order by key),
                               array(select value from jsonb_each_text(d.metadata) order by key),
                               d.page_starts
                        from document d join collection c on c.id = d.collection_id where d.id = ?""")
                .param(documentId)
                .query((rs, n) -> {
                    String[] keys = (String[]) rs.getArray(8).getArray();
                    String[] values = (String[]) rs.getArray(9).getArray();
                    Map<String, String> metadata = new TreeMap<>();
                    for (int i = 0; i < keys.length; i++) {
                        metadata.put(keys[i], values[i]);
                    }
                    return new StoredDocument(
                            rs.getLong(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getString(5),
                            rs.getString(6),
                            metadata,
                            List.of((Integer[]) rs.getArray(10).getArray()),
                            rs.getString(7));
                })
                .optional();
    }

    /** The document's chunks in order. */
    public List<StoredDocument.Chunk> chunks(long documentId) {
        return jdbc.sql("""
                        select id, ordinal, start_offset, end_offset, token_count, heading_path, text
                        from chunk where document_id = ? order by ordinal""")
                .param(documentId)
                .query((rs, n) -> new StoredDocument.Chunk(
                        rs.getLong(1),
                        rs.getInt(2),
                        rs.getInt(3),
                        rs.getInt(4),
                        rs.getInt(5),
                        rs.getString(6),
                        rs.getString(7)))
                .list();
    }

    /**
     * Which of a collection's documents a listing shows; every condition that is not null applies.
     *
     * @param text part of the title or the source, any case
     * @param mediaType the exact media type, e.g. {@code application/pdf}
     * @param tag a tag the document carries
     */
    public record DocumentQuery(String text, String mediaType, String tag) {

        public static final DocumentQuery ALL = new DocumentQuery(null, null, null);
    }

    /** A page of the collection's documents that match {@code query}, by source. */
    public List<DocumentSummary> documents(String collection, DocumentQuery query, int offset, int limit) {
        return jdbc.sql("""
                        select d.id, d.source, d.title, d.media_type, d.updated_at,
                               (select count(*) from chunk k where k.document_id = d.id)
                        from document d join collection c on c.id = d.collection_id
                        where c.name = ?""" + DOCUMENT_CONDITIONS + " order by d.source offset ? limit ?")
                .params(documentParameters(collection, query, offset, limit))
                .query((rs, n) -> new DocumentSummary(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getTimestamp(5).toInstant(),
                        rs.getInt(6)))
                .list();
    }

    /** How many of the collection's documents match {@code query}. */
    public long documentCount(String collection, DocumentQuery query) {
        return jdbc.sql("select count(*) from document d join collection c on c.id = d.collection_id where c.name = ?"
                        + DOCUMENT_CONDITIONS)
                .params(documentParameters(collection, query))
                .query(Long.class)
                .single();
    }

    // A condition whose parameter is null holds for every row, so one statement serves every query.
    private static final String DOCUMENT_CONDITIONS = """
             and (cast(? as text) is null
                  or strpos(lower(d.title), lower(cast(? as text))) > 0
                  or strpos(lower(d.source), lower(cast(? as text))) > 0)
             and (cast(? as text) is null or d.media_type = cast(? as text))
             and (cast(? as text) is null or cast(? as text) = any(d.tags))""";

    private static Object[] documentParameters(String collection, DocumentQuery query, Object... more) {
        List<Object> parameters = new ArrayList<>(List.of(collection));
        for (String value : new String[] {query.text(), query.text(), query.text()}) {
            parameters.add(value);
        }
        parameters.add(query.mediaType());
        parameters.add(query.mediaType());
        parameters.add(query.tag());
        parameters.add(query.tag());
        parameters.addAll(List.of(more));
        return parameters.toArray();
    }

    /** A document of a collection listing. */
    public record DocumentSummary(
            long id, String source, String title, String mediaType, Instant updatedAt, int chunks) {}

    /** Number of documents stored in all collections. */
    public long documentCount() {
        return jdbc.sql("select count(*) from document").query(Long.class).single();
    }

    /** Number of chunks stored in all collections. */
    public long chunkCount() {
        return jdbc.sql("select count(*) from chunk").query(Long.class).single();
    }

    // --- internals ---------------------------------------------------------------------------

    private void lockOutbox() {
        jdbc.sql("select pg_advisory_xact_lock(?)")
                .param(OUTBOX_WRITER_LOCK)
                .query()
                .singleRow();
    }

    private void deleteChunks(long documentId) {
        jdbc.sql("""
                        insert into index_outbox (operation, chunk_id)
                        select 'delete', id from chunk where document_id = ? order by id""").param(documentId).update();
        jdbc.sql("delete from chunk where document_id = ?").param(documentId).update();
    }

    private void insertChunks(long documentId, List<NewChunk> chunks) {
        if (chunks.isEmpty()) {
            return;
        }
        List<Long> ids = jdbc.sql("select nextval('chunk_id_seq') from generate_series(1, ?)")
                .param(chunks.size())
                .query(Long.class)
                .list();
        template.batchUpdate("""
                insert into chunk (id, document_id, ordinal, start_offset, end_offset, token_count, heading_path, text,
                                   embedding)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?)""", new org.springframework.jdbc.core.BatchPreparedStatementSetter() {
            @Override
            public void setValues(PreparedStatement ps, int i) throws SQLException {
                NewChunk chunk = chunks.get(i);
                ps.setLong(1, ids.get(i));
                ps.setLong(2, documentId);
                ps.setInt(3, i);
                ps.setInt(4, chunk.start());
                ps.setInt(5, chunk.end());
                ps.setInt(6, chunk.tokenCount());
                ps.setString(7, chunk.headingPath());
                ps.setString(8, chunk.text());
                ps.setArray(9, floatArray(ps, chunk.embedding()));
            }

            @Override
            public int getBatchSize() {
                return chunks.size();
            }
        });
        template.batchUpdate(
                "insert into index_outbox (operation, chunk_id) values ('upsert', ?)",
                ids,
                1000,
                (PreparedStatement ps, Long id) -> ps.setLong(1, id));
    }

    private static String[] metadataKeys(NewDocument document) {
        return document.metadata().keySet().stream().sorted().toArray(String[]::new);
    }

    private static String[] metadataValues(NewDocument document) {
        return document.metadata().keySet().stream()
                .sorted()
                .map(document.metadata()::get)
                .toArray(String[]::new);
    }

    private static String[] tagArray(Set<String> tags) {
        return tags.stream().sorted().toArray(String[]::new);
    }

    private static java.sql.Timestamp timestamp(java.time.Instant instant) {
        return instant == null ? null : java.sql.Timestamp.from(instant);
    }

    private static Array floatArray(PreparedStatement ps, float[] values) throws SQLException {
        Float[] boxed = new Float[values.length];
        for (int i = 0; i < values.length; i++) {
            boxed[i] = values[i];
        }
        return ps.getConnection().createArrayOf("float4", boxed);
    }
}
