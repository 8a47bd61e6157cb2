package dev.groundwork.api.security;

import dev.groundwork.api.GroundworkProperties;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/session}: signing in to the web page with a username and password or an API key
 * ({@code POST}), who is signed in and the session's CSRF token ({@code GET}), signing out
 * ({@code DELETE}). The session lives on the server; the browser holds only its cookie (HttpOnly,
 * SameSite=Lax, Secure over HTTPS).
 */
@RestController
@RequestMapping("/api/session")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class SessionController {

    private final ApiKeys keys;
    private final UserAccounts users;
    private final Access access;
    private final CsrfTokenRepository csrfTokens;
    private final Duration timeout;

    SessionController(
            ApiKeys keys,
            UserAccounts users,
            Access access,
            CsrfTokenRepository csrfTokens,
            GroundworkProperties properties) {
        this.keys = keys;
        this.users = users;
        this.access = access;
        this.csrfTokens = csrfTokens;
        this.timeout = properties.security().sessionTimeout();
    }

    /** Either {@code username} and {@code password}, or {@code apiKey}. */
    record SignIn(
            @Size(max = 100) String username,
            @Size(max = 1000) String password,
            @Size(max = 500) String apiKey) {}

    /**
     * Who is signed in.
     *
     * @param kind {@code user} or {@code key}
     * @param csrfToken what a session request that changes anything must send in {@code csrfHeader};
     *     {@code null} for bearer-key requests, which need none
     */
    record SessionInfo(
            String kind,
            String name,
            Role role,
            List<String> collections,
            String csrfToken,
            String csrfHeader,
            long timeoutSeconds) {

        static SessionInfo of(Caller caller, CsrfToken token, Duration timeout) {
            return new SessionInfo(
                    caller.kind().label(),
                    caller.name(),
                    caller.role(),
                    caller.grants().names(),
                    token == null ? null : token.getToken(),
                    token == null ? null : token.getHeaderName(),
                    token == null ? 0 : timeout.toSeconds());
        }
    }

    /** Signs in: a new session (any earlier one of this browser ends), with a new CSRF token. */
    @PostMapping
    SessionInfo signIn(@Valid @RequestBody SignIn body, HttpServletRequest request, HttpServletResponse response) {
        Caller caller = authenticate(body);
        HttpSession earlier = request.getSession(false);
        if (earlier != null) {
            earlier.invalidate(); // a new session id after sign-in: a planted one is worth nothing
        }
        HttpSession session = request.getSession(true);
        session.setMaxInactiveInterval((int) Math.min(Integer.MAX_VALUE, timeout.toSeconds()));
        session.setAttribute(
                CallerFilter.SESSION_ATTRIBUTE, new CallerFilter.SessionCaller(caller.kind(), caller.id()));
        CsrfToken token = csrfTokens.generateToken(request);
        csrfTokens.saveToken(token, request, response);
        return SessionInfo.of(caller, token, timeout);
    }

    private Caller authenticate(SignIn body) {
        boolean withKey = body.apiKey() != null && !body.apiKey().isBlank();
        boolean withPassword = body.username() != null && body.password() != null;
        if (withKey == withPassword) {
            throw new IllegalArgumentException("Sign in with username and password, or with apiKey");
        }
        if (withKey) {
            return keys.authenticate(body.apiKey().strip())
                    .orElseThrow(() ->
                            new BadCredentialsException("The API key is not valid: it is unknown or was revoked"));
        }
        return users.authenticate(body.username(), body.password())
                .orElseThrow(() -> new BadCredentialsException("Wrong username or password"));
    }

    /** Who is signed in, with the session's CSRF token. */
    @GetMapping
    SessionInfo current(HttpServletRequest request, HttpServletResponse response) {
        Caller caller = access.caller();
        if (!(SecurityContextHolder.getContext().getAuthentication() instanceof CallerAuthentication authentication)
                || !authentication.session()) {
            return SessionInfo.of(caller, null, timeout);
        }
        CsrfToken token = csrfTokens.loadToken(request);
        if (token == null) {
            token = csrfTokens.generateToken(request);
            csrfTokens.saveToken(token, request, response);
        }
        return SessionInfo.of(caller, token, timeout);
    }

    /** Signs out: the session ends and the browser is told to drop its cookie. */
    @DeleteMapping
    ResponseEntity<Void> signOut(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session == null) {
            return ResponseEntity.noContent().build();
        }
        session.invalidate();
        ResponseCookie expired = ResponseCookie.from(
                        request.getServletContext().getSessionCookieConfig().getName(), "")
                .path(cookiePath(request))
                .maxAge(0)
                .httpOnly(true)
                .secure(request.isSecure())
                .sameSite("Lax")
                .build();
        return ResponseEntity.noContent()
                .header(HttpHeaders.SET_COOKIE, expired.toString())
                .build();
    }

    private static String cookiePath(HttpServletRequest request) {
        String path = request.getServletContext().getSessionCookieConfig().getPath();
        if (path != null) {
            return path;
        }
        return request.getContextPath().isEmpty() ? "/" : request.getContextPath();
    }
}
