package dev.groundwork.api.security;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The collections a key or user may use: a set of names, or every collection ({@code *}), including
 * those created later.
 *
 * @param all every collection
 * @param collections the granted names when not {@code all}
 */
public record Grants(boolean all, Set<String> collections) {

    /** Every collection. */
    public static final Grants ALL = new Grants(true, Set.of());

    /** The wildcard that grants every collection. */
    public static final String EVERY = "*";

    /** The names ingestion accepts for a collection. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");

    public Grants {
        collections = collections == null ? Set.of() : Set.copyOf(collections);
        if (all && !collections.isEmpty()) {
            throw new IllegalArgumentException("Grants of every collection name none: " + collections);
        }
        for (String name : collections) {
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("'" + name + "' is not a collection name (letters, digits, '.', '_'"
                        + " or '-', up to 200) nor '" + EVERY + "'");
            }
        }
    }

    /**
     * The grants a list of names means: {@code ["*"]} for every collection, else the names.
     *
     * @throws IllegalArgumentException for {@code *} mixed with names, or an invalid name
     */
    public static Grants of(Collection<String> names) {
        if (names == null) {
            return new Grants(false, Set.of());
        }
        if (names.contains(EVERY)) {
            if (names.stream().anyMatch(name -> !EVERY.equals(name))) {
                throw new IllegalArgumentException(
                        "collections is either [\"*\"] (every collection) or a list of names, not both: " + names);
            }
            return ALL;
        }
        return new Grants(false, Set.copyOf(names));
    }

    /**
     * The grants a new key or user with {@code role} gets from the names it was given: an admin has
     * every collection; a writer or reader needs names, or {@code ["*"]}.
     *
     * @throws IllegalArgumentException saying what to give instead
     */
    public static Grants forRole(Role role, Collection<String> names) {
        boolean given = names != null && !names.isEmpty();
        if (role == Role.ADMIN) {
            if (given && !names.equals(List.of(EVERY))) {
                throw new IllegalArgumentException(
                        "An admin has every collection; leave collections out or give [\"*\"], not " + names);
            }
            return ALL;
        }
        if (!given) {
            throw new IllegalArgumentException(
                    "A " + role.label() + " needs collections: the names it may use, or [\"*\"] for all of them");
        }
        return of(names);
    }

    /** Whether {@code collection} is granted. */
    public boolean covers(String collection) {
        return all || collections.contains(collection);
    }

    public boolean none() {
        return !all && collections.isEmpty();
    }

    /** The grants as a sorted list of names, or {@code ["*"]}: how the API and the database hold them. */
    public List<String> names() {
        return all ? List.of(EVERY) : List.copyOf(new TreeSet<>(collections));
    }

    @Override
    public String toString() {
        return all ? "every collection" : "collections " + names();
    }
}
