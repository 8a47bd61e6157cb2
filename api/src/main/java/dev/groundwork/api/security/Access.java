package dev.groundwork.api.security;

import dev.groundwork.vectorstore.SearchFilter;
import java.util.Optional;
import java.util.TreeSet;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * Applies the access rules to the caller of the current request; every controller asks it before
 * touching a collection. Denials are {@link AccessDeniedException}s (403) whose message says who
 * the caller is, what it tried and what that needs.
 *
 * <p>A document or job in a collection the caller may not read is answered as if it did not exist
 * (404): its id alone must not reveal which collection holds it. A collection the caller names
 * itself is refused by name (403).
 */
@Component
public final class Access {

    /**
     * The caller of the current request (the request's thread only).
     *
     * @throws AuthenticationCredentialsNotFoundException if the request has none (401)
     */
    public Caller caller() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof Caller caller) {
            return caller;
        }
        throw new AuthenticationCredentialsNotFoundException("This request has no API key and no session");
    }

    /** Refuses unless the caller is an admin; {@code action} says what it tried ("rebuilding the index"). */
    public void requireAdmin(String action) {
        deny(caller().adminDenial(action));
    }

    /** Refuses unless the caller may read {@code collection}. */
    public void requireRead(String collection, String action) {
        deny(caller().readDenial(collection, action));
    }

    /** Refuses unless the caller may change {@code collection}. */
    public void requireWrite(String collection, String action) {
        deny(caller().writeDenial(collection, action));
    }

    public boolean mayRead(String collection) {
        return caller().mayRead(collection);
    }

    /**
     * The search filter of a request, limited to what the caller may read: the collections it names
     * must all be granted; naming none means every granted one.
     */
    public SearchFilter restrict(SearchFilter filter, String action) {
        Caller caller = caller();
        if (!filter.collections().isEmpty()) {
            for (String collection : new TreeSet<>(filter.collections())) {
                deny(caller.readDenial(collection, action));
            }
            return filter;
        }
        if (caller.grants().all()) {
            return filter;
        }
        if (caller.grants().none()) {
            throw new AccessDeniedException(
                    caller.subject() + " is granted no collection; " + action + " needs a grant for one");
        }
        return new SearchFilter(
                caller.grants().collections(),
                filter.documentIds(),
                filter.tags(),
                filter.modifiedFrom(),
                filter.modifiedTo(),
                filter.sourcePrefix());
    }

    private static void deny(Optional<String> denial) {
        if (denial.isPresent()) {
            throw new AccessDeniedException(denial.get());
        }
    }
}
