package dev.groundwork.api.security;

import dev.groundwork.api.GroundworkProperties;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The API keys in {@code api_key}: created with a secret shown once, found by the SHA-256 of their
 * text (see {@link ApiKeyToken} for why that hash), revoked for good. Also knows the in-process key
 * ({@code groundwork.security.process-key}), an admin key that lives only in this process's memory.
 */
@Component
public final class ApiKeys {

    /** The caller id of the in-process key, which has no row. */
    static final long PROCESS_KEY_ID = 0;

    private static final String CALLER_COLUMNS = "id, name, role, collections";
    private static final String INFO_COLUMNS =
            "id, prefix, name, role, collections, created_at, last_used_at, revoked_at";

    private final JdbcClient jdbc;
    private final SecureRandom random = new SecureRandom();
    private final byte[] processKeyHash;

    ApiKeys(DataSource dataSource, GroundworkProperties properties) {
        this.jdbc = JdbcClient.create(dataSource);
        String processKey = properties.security().processKey();
        this.processKeyHash = processKey == null || processKey.isBlank()
                ? null
                : ApiKeyToken.hash(ApiKeyToken.checkConfigured(processKey, "groundwork.security.process-key"));
    }

    /** A key as listings show it: never its secret. */
    public record KeyInfo(
            long id,
            String prefix,
            String name,
            Role role,
            List<String> collections,
            Instant createdAt,
            Instant lastUsedAt,
            Instant revokedAt) {}

    /**
     * A key just created.
     *
     * @param key the full key text: returned this once, stored nowhere
     */
    public record CreatedKey(KeyInfo info, String key) {}

    /** Creates a key with a new random secret. */
    public CreatedKey create(String name, Role role, Grants grants) {
        checkName(name);
        for (int attempt = 0; ; attempt++) {
            ApiKeyToken token = ApiKeyToken.generate(random);
            try {
                return new CreatedKey(insert(token.text(), token.prefix(), name.strip(), role, grants), token.text());
            } catch (DuplicateKeyException e) {
                // Two keys drew the same 8-character id (1 in 2.8e12 per pair): draw again.
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    /**
     * Registers {@code text} as an admin key named {@code name}, unless a key with that text was
     * ever registered (a revoked key stays revoked).
     *
     * @return whether it was added
     */
    boolean register(String text, String name) {
        boolean known = jdbc.sql("select count(*) from api_key where key_hash = ?")
                        .param(ApiKeyToken.hash(text))
                        .query(Long.class)
                        .single()
                > 0;
        if (known) {
            return false;
        }
        insert(text, ApiKeyToken.prefixOf(text), name, Role.ADMIN, Grants.ALL);
        return true;
    }

    private KeyInfo insert(String text, String prefix, String name, Role role, Grants grants) {
        return jdbc.sql("insert into api_key (prefix, name, role, collections, key_hash) values (?, ?, ?, ?, ?)"
                        + " returning " + INFO_COLUMNS)
                .params(prefix, name, role.label(), grants.names().toArray(String[]::new), ApiKeyToken.hash(text))
                .query(ApiKeys::toInfo)
                .single();
    }

    /** The caller a presented key stands for, if it is a live key; records its use. */
    public Optional<Caller> authenticate(String text) {
        byte[] hash = ApiKeyToken.hash(text);
        if (processKeyHash != null && MessageDigest.isEqual(hash, processKeyHash)) {
            return Optional.of(processCaller());
        }
        // Found through the unique index on the hash: learning where a lookup stops in the index says
        // nothing useful about a 256-bit secret, so no constant-time comparison is needed here.
        Optional<Caller> caller = jdbc.sql(
                        "select " + CALLER_COLUMNS + " from api_key" + " where key_hash = ? and revoked_at is null")
                .param(hash)
                .query(ApiKeys::toCaller)
                .optional();
        caller.ifPresent(this::touch);
        return caller;
    }

    /** The caller of a live key, by id (for sessions signed in with a key). */
    Optional<Caller> caller(long id) {
        if (id == PROCESS_KEY_ID) {
            return processKeyHash == null ? Optional.empty() : Optional.of(processCaller());
        }
        return jdbc.sql("select " + CALLER_COLUMNS + " from api_key where id = ? and revoked_at is null")
                .param(id)
                .query(ApiKeys::toCaller)
                .optional();
    }

    /** The key with this id, revoked or not. */
    public Optional<KeyInfo> find(long id) {
        return jdbc.sql("select " + INFO_COLUMNS + " from api_key where id = ?")
                .param(id)
                .query(ApiKeys::toInfo)
                .optional();
    }

    /** Every key, revoked ones too, newest first. */
    public List<KeyInfo> list() {
        return jdbc.sql("select " + INFO_COLUMNS + " from api_key order by id desc")
                .query(ApiKeys::toInfo)
                .list();
    }

    /**
     * Revokes the key: it never works again, and the sessions signed in with it end.
     *
     * @return whether a live key with that id existed
     */
    public boolean revoke(long id) {
        return jdbc.sql("update api_key set revoked_at = now() where id = ? and revoked_at is null")
                        .param(id)
                        .update()
                == 1;
    }

    /** Live admin keys, other than {@code exceptId}. */
    long liveAdmins(long exceptId) {
        return jdbc.sql("select count(*) from api_key where role = 'admin' and revoked_at is null and id <> ?")
                .param(exceptId)
                .query(Long.class)
                .single();
    }

    /** Whether any key was ever created. */
    boolean any() {
        return jdbc.sql("select exists (select 1 from api_key)")
                .query(Boolean.class)
                .single();
    }

    /** Records that the key was used, at most once a minute (a write per request would be wasted). */
    private void touch(Caller caller) {
        jdbc.sql("update api_key set last_used_at = now() where id = ?"
                        + " and (last_used_at is null or last_used_at < now() - interval '1 minute')")
                .param(caller.id())
                .update();
    }

    private static Caller processCaller() {
        return new Caller(Caller.Kind.KEY, PROCESS_KEY_ID, "in-process key", Role.ADMIN, Grants.ALL);
    }

    static void checkName(String name) {
        if (name == null || name.isBlank() || name.strip().length() > 200) {
            throw new IllegalArgumentException("A key needs a name of 1 to 200 characters");
        }
    }

    private static Caller toCaller(ResultSet rs, int row) throws SQLException {
        return new Caller(
                Caller.Kind.KEY,
                rs.getLong("id"),
                rs.getString("name"),
                Role.parse(rs.getString("role")),
                Grants.of(List.of((String[]) rs.getArray("collections").getArray())));
    }

    private static KeyInfo toInfo(ResultSet rs, int row) throws SQLException {
        return new KeyInfo(
                rs.getLong("id"),
                rs.getString("prefix"),
                rs.getString("name"),
                Role.parse(rs.getString("role")),
                List.of((String[]) rs.getArray("collections").getArray()),
                instant(rs.getTimestamp("created_at")),
                instant(rs.getTimestamp("last_used_at")),
                instant(rs.getTimestamp("revoked_at")));
    }

    static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
