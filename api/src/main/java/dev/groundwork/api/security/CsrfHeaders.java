package dev.groundwork.api.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;

/**
 * Where the CSRF token of a session is kept and read: in the session, handed to the page by {@code
 * POST} and {@code GET /api/session}, sent back in {@code X-CSRF-TOKEN} (or {@code X-XSRF-TOKEN},
 * the name Angular and axios use).
 *
 * <p>The token travels unmasked. Spring's default masking defends against BREACH, which needs a
 * compressed response that reflects both the token and text an attacker chose; the session
 * responses reflect nothing and the server does not compress.
 */
final class CsrfHeaders extends CsrfTokenRequestAttributeHandler {

    static final String HEADER = "X-CSRF-TOKEN";
    static final String ALTERNATIVE_HEADER = "X-XSRF-TOKEN";

    static HttpSessionCsrfTokenRepository repository() {
        HttpSessionCsrfTokenRepository repository = new HttpSessionCsrfTokenRepository();
        repository.setHeaderName(HEADER);
        return repository;
    }

    @Override
    public String resolveCsrfTokenValue(HttpServletRequest request, CsrfToken token) {
        String alternative = request.getHeader(ALTERNATIVE_HEADER);
        return alternative != null ? alternative : super.resolveCsrfTokenValue(request, token);
    }
}
