package dev.groundwork.api.security;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.Optional;

/**
 * Who makes a request: an API key or a signed-in user, with its role and grants. The rules of what
 * it may do are here, as plain functions that say why when they deny.
 *
 * @param id the key's or the user's row id ({@code 0} for the in-process key, which has no row)
 * @param name the key's name or the user's username
 */
public record Caller(Kind kind, long id, String name, Role role, Grants grants) {

    /** What authenticated the caller. */
    public enum Kind {
        KEY("key"),
        USER("account");

        private final String noun;

        Kind(String noun) {
            this.noun = noun;
        }

        @JsonValue
        public String label() {
            return this == KEY ? "key" : "user";
        }
    }

    public Caller {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        // An admin may do everything everywhere, whatever was stored with it.
        grants = role == Role.ADMIN ? Grants.ALL : Objects.requireNonNull(grants, "grants");
    }

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }

    public boolean mayRead(String collection) {
        return grants.covers(collection);
    }

    public boolean mayWrite(String collection) {
        return role.includes(Role.WRITER) && grants.covers(collection);
    }

    /** Why the caller may not do what only an admin may; empty if it may. */
    public Optional<String> adminDenial(String action) {
        if (isAdmin()) {
            return Optional.empty();
        }
        return Optional.of("%s is a %s; %s needs an admin %s".formatted(subject(), role.label(), action, kind.noun));
    }

    /** Why the caller may not read {@code collection}; empty if it may. */
    public Optional<String> readDenial(String collection, String action) {
        if (mayRead(collection)) {
            return Optional.empty();
        }
        return Optional.of("%s is not granted collection '%s' (it has %s); %s needs a %s granted collection '%s'"
                .formatted(subject(), collection, grants, action, kind.noun, collection));
    }

    /** Why the caller may not change {@code collection}; empty if it may. */
    public Optional<String> writeDenial(String collection, String action) {
        if (mayWrite(collection)) {
            return Optional.empty();
        }
        String what = role == Role.READER ? "a reader" : "a " + role.label() + " for " + grants;
        return Optional.of("%s is %s; %s needs a writer %s for collection '%s'"
                .formatted(subject(), what, action, kind.noun, collection));
    }

    /** The caller in a sentence: {@code this key ('ci')} or {@code user 'alice'}. */
    public String subject() {
        return kind == Kind.KEY ? "this key ('" + name + "')" : "user '" + name + "'";
    }
}
