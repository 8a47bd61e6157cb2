package dev.groundwork.api.security;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * The local user accounts in {@code app_user}, for signing in to the web page. Passwords are kept
 * as Argon2id hashes with OWASP's parameters (19 MiB of memory, 2 passes, 1 lane, 16-byte salt):
 * a human password has little entropy, so each guess against a stolen hash must cost memory and
 * time, which a fast hash such as SHA-256 would not.
 */
@Component
public final class UserAccounts {

    static final int MIN_PASSWORD = 12;
    static final int MAX_PASSWORD = 1000;
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,99}");
    private static final String CALLER_COLUMNS = "id, username, role, collections";
    private static final String INFO_COLUMNS = "id, username, role, collections, created_at, last_signed_in";

    private final JdbcClient jdbc;
    private final PasswordEncoder passwords = new Argon2PasswordEncoder(16, 32, 1, 19 * 1024, 2);
    /** Checked against when the user does not exist, so that a wrong name takes as long as a wrong password. */
    private final String decoyHash;

    UserAccounts(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
        this.decoyHash = passwords.encode("a password no account has");
    }

    /** A user as listings show it: never the password hash. */
    public record UserInfo(
            long id, String username, Role role, List<String> collections, Instant createdAt, Instant lastSignedIn) {}

    /**
     * Creates a user.
     *
     * @throws IllegalArgumentException for an invalid username or a password of the wrong length
     * @throws IllegalStateException if the username is taken (in any letter case)
     */
    public UserInfo create(String username, String password, Role role, Grants grants) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw new IllegalArgumentException("username must be 1 to 100 letters, digits, '.', '_', '@' or '-',"
                    + " starting with a letter or digit, not '" + username + "'");
        }
        if (password == null || password.length() < MIN_PASSWORD || password.length() > MAX_PASSWORD) {
            throw new IllegalArgumentException("password must be " + MIN_PASSWORD + " to " + MAX_PASSWORD
                    + " characters, not " + (password == null ? 0 : password.length()));
        }
        try {
            return jdbc.sql("insert into app_user (username, password_hash, role, collections) values (?, ?, ?, ?)"
                            + " returning " + INFO_COLUMNS)
                    .params(
                            username,
                            passwords.encode(password),
                            role.label(),
                            grants.names().toArray(String[]::new))
                    .query(UserAccounts::toInfo)
                    .single();
        } catch (DuplicateKeyException e) {
            throw new IllegalStateException("A user named '" + username + "' exists already");
        }
    }

    /** The caller these credentials stand for, if the user exists and the password is right. */
    public Optional<Caller> authenticate(String username, String password) {
        record Stored(Caller caller, String hash) {}
        Optional<Stored> stored = jdbc.sql("select " + CALLER_COLUMNS + ", password_hash from app_user"
                        + " where lower(username) = lower(?)")
                .param(username)
                .query((rs, n) -> new Stored(toCaller(rs, n), rs.getString("password_hash")))
                .optional();
        if (stored.isEmpty()) {
            passwords.matches(password, decoyHash);
            return Optional.empty();
        }
        if (!passwords.matches(password, stored.get().hash())) {
            return Optional.empty();
        }
        jdbc.sql("update app_user set last_signed_in = now() where id = ?")
                .param(stored.get().caller().id())
                .update();
        return Optional.of(stored.get().caller());
    }

    /** The caller of an existing user, by id (for signed-in sessions). */
    Optional<Caller> caller(long id) {
        return jdbc.sql("select " + CALLER_COLUMNS + " from app_user where id = ?")
                .param(id)
                .query(UserAccounts::toCaller)
                .optional();
    }

    /** Every user, by name. */
    public List<UserInfo> list() {
        return jdbc.sql("select " + INFO_COLUMNS + " from app_user order by lower(username)")
                .query(UserAccounts::toInfo)
                .list();
    }

    /** The user named {@code username} (any letter case), if there is one. */
    public Optional<UserInfo> find(String username) {
        return jdbc.sql("select " + INFO_COLUMNS + " from app_user where lower(username) = lower(?)")
                .param(username)
                .query(UserAccounts::toInfo)
                .optional();
    }

    /**
     * Deletes the user; the sessions it signed in end with it.
     *
     * @return whether it existed
     */
    public boolean delete(long id) {
        return jdbc.sql("delete from app_user where id = ?").param(id).update() == 1;
    }

    /** Admin users, other than {@code exceptId}. */
    long admins(long exceptId) {
        return jdbc.sql("select count(*) from app_user where role = 'admin' and id <> ?")
                .param(exceptId)
                .query(Long.class)
                .single();
    }

    /** Whether any user exists. */
    boolean any() {
        return jdbc.sql("select exists (select 1 from app_user)")
                .query(Boolean.class)
                .single();
    }

    private static Caller toCaller(ResultSet rs, int row) throws SQLException {
        return new Caller(
                Caller.Kind.USER,
                rs.getLong("id"),
                rs.getString("username"),
                Role.parse(rs.getString("role")),
                Grants.of(List.of((String[]) rs.getArray("collections").getArray())));
    }

    private static UserInfo toInfo(ResultSet rs, int row) throws SQLException {
        return new UserInfo(
                rs.getLong("id"),
                rs.getString("username"),
                Role.parse(rs.getString("role")),
                List.of((String[]) rs.getArray("collections").getArray()),
                ApiKeys.instant(rs.getTimestamp("created_at")),
                ApiKeys.instant(rs.getTimestamp("last_signed_in")));
    }
}
