package dev.groundwork.api.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.io.Serializable;
import java.util.Optional;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Finds the caller of each request: from {@code Authorization: Bearer <API key>} (stateless; a key
 * that is unknown or revoked is answered 401 at once), else from the session cookie. A session
 * holds only which key or user signed in; the caller is loaded again on every request, so a revoked
 * key, a deleted user or a changed role takes effect immediately.
 */
final class CallerFilter extends OncePerRequestFilter {

    /** The session attribute that holds who signed in. */
    static final String SESSION_ATTRIBUTE = "groundwork.caller";

    /** Who signed in to a session: a key or a user, by id. */
    record SessionCaller(Caller.Kind kind, long id) implements Serializable {}

    private final ApiKeys keys;
    private final UserAccounts users;
    private final AuthenticationEntryPoint entryPoint;

    CallerFilter(ApiKeys keys, UserAccounts users, AuthenticationEntryPoint entryPoint) {
        this.keys = keys;
        this.users = users;
        this.entryPoint = entryPoint;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = bearer(request);
        if (key != null) {
            Optional<Caller> caller = key.isEmpty() ? Optional.empty() : keys.authenticate(key);
            if (caller.isEmpty()) {
                entryPoint.commence(
                        request,
                        response,
                        new BadCredentialsException("The API key is not valid: it is unknown or was revoked"));
                return;
            }
            signIn(caller.get(), false);
        } else {
            HttpSession session = request.getSession(false);
            if (session != null && session.getAttribute(SESSION_ATTRIBUTE) instanceof SessionCaller signedIn) {
                Optional<Caller> caller = switch (signedIn.kind()) {
                    case KEY -> keys.caller(signedIn.id());
                    case USER -> users.caller(signedIn.id());
                };
                if (caller.isPresent()) {
                    signIn(caller.get(), true);
                } else {
                    session.invalidate(); // the key was revoked or the user deleted
                }
            }
        }
        chain.doFilter(request, response);
    }

    private static void signIn(Caller caller, boolean session) {
        SecurityContext context =
                SecurityContextHolder.getContextHolderStrategy().createEmptyContext();
        context.setAuthentication(new CallerAuthentication(caller, session));
        SecurityContextHolder.getContextHolderStrategy().setContext(context);
    }

    /**
     * The key of an {@code Authorization: Bearer} header ({@code ""} if it has none), or {@code null}
     * without one. Other schemes (say, Basic from a proxy in front) are left alone.
     */
    static String bearer(HttpServletRequest request) {
        String authorization = request.getHeader("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer", 0, 6)) {
            return null;
        }
        if (authorization.length() > 6 && authorization.charAt(6) != ' ') {
            return null; // "Bearerish": another scheme
        }
        return authorization.substring(6).strip();
    }
}
