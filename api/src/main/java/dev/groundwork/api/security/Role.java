package dev.groundwork.api.security;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a key or a user may do, each role including the ones before it. */
public enum Role {
    /** Searches, answers and reads documents and jobs in its granted collections. */
    READER,
    /** Also ingests into, deletes from and cancels jobs of its granted collections. */
    WRITER,
    /** Everything, in every collection: keys, users, the index, server folders. */
    ADMIN;

    /** The role's name as the API and the database spell it: {@code admin}, {@code writer}, {@code reader}. */
    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether this role includes {@code other}. */
    public boolean includes(Role other) {
        return compareTo(other) >= 0;
    }

    /** @throws IllegalArgumentException naming the roles there are */
    public static Role parse(String label) {
        if (label != null) {
            for (Role role : values()) {
                if (role.label().equals(label.strip().toLowerCase(Locale.ROOT))) {
                    return role;
                }
            }
        }
        throw new IllegalArgumentException("role must be admin, writer or reader, not '" + label + "'");
    }
}
