package dev.groundwork.api.security;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * The HTTP security of the server: who is let in at all (a key or a session, except for the web
 * page's static files, sign-in and the health check), the admin-only areas, CSRF protection for
 * session requests, and 401/403 answered as problem details by the application's one exception
 * advice. Which collection a caller may use is decided by {@link Access}, in the controllers.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class SecurityConfiguration {

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    /** Areas where nothing concerns one collection: only an admin may enter. */
    static final String[] ADMIN_AREAS = {"/api/admin/**", "/api/index/**", "/api/status", "/actuator/**"};

    /**
     * The web page (index.html, app.js, app.css, ...): static files at the root, where nothing else
     * lives; they hold no data and render the sign-in form.
     */
    static final String[] PAGE = {"/", "/*.html", "/*.js", "/*.css", "/*.ico", "/*.svg", "/*.png"};

    @Bean
    CsrfTokenRepository csrfTokenRepository() {
        return CsrfHeaders.repository();
    }

    @Bean
    SecurityFilterChain securityFilterChain(
            HttpSecurity http,
            ApiKeys keys,
            UserAccounts users,
            CsrfTokenRepository csrfTokens,
            @Qualifier("handlerExceptionResolver") HandlerExceptionResolver problems)
            throws Exception {
        AuthenticationEntryPoint unauthorized = (request, response, e) -> answer(problems, request, response, e, 401);
        AccessDeniedHandler forbidden =
                (request, response, e) -> answer(problems, request, response, explain(request, e), 403);
        http.securityContext(
                        context -> context.securityContextRepository(new RequestAttributeSecurityContextRepository()))
                // Sessions are started by SessionController alone, and hold only who signed in (CallerFilter
                // loads the caller on every request). Spring's session management would take each such
                // request for a new sign-in, and rotate the session id and the CSRF token every time.
                .sessionManagement(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .csrf(csrf -> csrf.csrfTokenRepository(csrfTokens)
                        .csrfTokenRequestHandler(new CsrfHeaders())
                        .requireCsrfProtectionMatcher(SecurityConfiguration::needsCsrfToken))
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(
                        "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self';"
                                + " form-action 'self'; frame-ancestors 'none'")))
                .exceptionHandling(
                        errors -> errors.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden))
                .addFilterBefore(new CallerFilter(keys, users, unauthorized), AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(requests -> requests
                        // The continuation of a request already let in (a stream), and error pages.
                        .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR)
                        .permitAll()
                        .requestMatchers(HttpMethod.GET, PAGE)
                        .permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/session")
                        .permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**")
                        .permitAll()
                        .requestMatchers(ADMIN_AREAS)
                        .hasRole(Role.ADMIN.name())
                        .anyRequest()
                        .authenticated());
        return http.build();
    }

    /**
     * Whether a request must carry the session's CSRF token: it changes state and rides on the
     * session cookie, which a browser would also send for another site's forged request. Bearer keys
     * are exempt (a browser never adds them by itself), so are requests without a session (nothing
     * ambient to abuse; they are answered 401) and sign-in (it starts a new session, and takes only
     * JSON, which a cross-site form cannot send).
     */
    static boolean needsCsrfToken(HttpServletRequest request) {
        return !SAFE_METHODS.contains(request.getMethod())
                && CallerFilter.bearer(request) == null
                && request.getSession(false) != null
                && !(request.getMethod().equals("POST") && "/api/session".equals(path(request)));
    }

    /** The denial of an admin area says who the caller is and what it needs. */
    private static AccessDeniedException explain(HttpServletRequest request, AccessDeniedException e) {
        if (e instanceof CsrfException) {
            return e;
        }
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof Caller caller) {
            return caller.adminDenial(request.getMethod() + " " + path(request))
                    .map(AccessDeniedException::new)
                    .orElse(e);
        }
        return e;
    }

    /** Writes the problem through the exception advice, as for errors raised in controllers. */
    private static void answer(
            HandlerExceptionResolver problems,
            HttpServletRequest request,
            HttpServletResponse response,
            Exception e,
            int status)
            throws IOException, ServletException {
        if (problems.resolveException(request, response, null, e) == null) {
            response.sendError(status, e.getMessage());
        }
    }

    private static String path(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }
}
