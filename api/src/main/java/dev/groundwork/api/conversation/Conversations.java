package dev.groundwork.api.conversation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** The conversations and their turns in PostgreSQL. */
@Component
class Conversations {

    private final JdbcClient jdbc;

    Conversations(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    /** @param turns how many turns it has */
    record Conversation(long id, String title, String collection, int turns, Instant createdAt, Instant updatedAt) {}

    /** @param answer the verified answer as JSON, as the API returned it */
    record StoredTurn(
            int ordinal,
            String question,
            String standaloneQuestion,
            String rewrittenBy,
            String answer,
            Instant createdAt) {}

    /** @param owner who creates it ({@code key:ID} or {@code user:ID}); only it sees the conversation */
    Conversation create(String owner, String title, String collection) {
        long id = jdbc.sql("insert into conversation (owner, title, collection) values (?, ?, ?) returning id")
                .params(owner, title, collection)
                .query(Long.class)
                .single();
        return find(owner, id).orElseThrow();
    }

    /** The conversation, if it exists and belongs to {@code owner}. */
    Optional<Conversation> find(String owner, long id) {
        return jdbc.sql(SELECT + " where c.id = ? and c.owner = ? group by c.id")
                .params(id, owner)
                .query(Conversations::conversation)
                .optional();
    }

    /** The owner's conversations, most recently active first. */
    List<Conversation> list(String owner, int offset, int limit) {
        return jdbc.sql(SELECT
                        + " where c.owner = ? group by c.id order by c.updated_at desc, c.id desc offset ? limit ?")
                .params(owner, offset, limit)
                .query(Conversations::conversation)
                .list();
    }

    List<StoredTurn> turns(long conversationId) {
        return jdbc.sql("select ordinal, question, standalone_question, rewritten_by, answer::text, created_at"
                        + " from conversation_turn where conversation_id = ? order by ordinal")
                .param(conversationId)
                .query((row, n) -> new StoredTurn(
                        row.getInt(1),
                        row.getString(2),
                        row.getString(3),
                        row.getString(4),
                        row.getString(5),
                        row.getTimestamp(6).toInstant()))
                .list();
    }

    /**
     * Appends a turn; the conversation's row is locked so that two answers arriving at once get
     * consecutive ordinals. Empty if the conversation was deleted meanwhile.
     */
    @Transactional
    Optional<Integer> append(
            long conversationId, String question, String standaloneQuestion, String rewrittenBy, String answerJson) {
        Optional<Long> locked = jdbc.sql("select id from conversation where id = ? for update")
                .param(conversationId)
                .query(Long.class)
                .optional();
        if (locked.isEmpty()) {
            return Optional.empty();
        }
        int ordinal = jdbc.sql("select coalesce(max(ordinal), 0) + 1 from conversation_turn where conversation_id = ?")
                .param(conversationId)
                .query(Integer.class)
                .single();
        jdbc.sql("insert into conversation_turn"
                        + " (conversation_id, ordinal, question, standalone_question, rewritten_by, answer)"
                        + " values (?, ?, ?, ?, ?, ?::jsonb)")
                .params(conversationId, ordinal, question, standaloneQuestion, rewrittenBy, answerJson)
                .update();
        jdbc.sql("update conversation set updated_at = now() where id = ?")
                .param(conversationId)
                .update();
        return Optional.of(ordinal);
    }

    void retitle(long id, String title) {
        jdbc.sql("update conversation set title = ? where id = ?")
                .params(title, id)
                .update();
    }

    boolean delete(String owner, long id) {
        return jdbc.sql("delete from conversation where id = ? and owner = ?")
                        .params(id, owner)
                        .update()
                > 0;
    }

    private static final String SELECT = "select c.id, c.title, c.collection, count(t.id), c.created_at, c.updated_at"
            + " from conversation c left join conversation_turn t on t.conversation_id = c.id";

    private static Conversation conversation(ResultSet row, int n) throws SQLException {
        return new Conversation(
                row.getLong(1),
                row.getString(2),
                row.getString(3),
                row.getInt(4),
                row.getTimestamp(5).toInstant(),
                row.getTimestamp(6).toInstant());
    }
}
