package dev.groundwork.api.problem;

import dev.groundwork.generator.backend.BackendException;
import dev.groundwork.ingest.PathNotAllowedException;
import dev.groundwork.ingest.read.UnreadableDocumentException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Maps exceptions to problem details: framework errors (malformed JSON, validation, unknown routes)
 * through {@link ResponseEntityExceptionHandler}, the application's own by type here. Spring
 * Security's 401 and 403 come here too, from the security filters as well as from controllers.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

    @ExceptionHandler({IllegalArgumentException.class, UnreadableDocumentException.class})
    ProblemDetail badRequest(RuntimeException e) {
        return problem(HttpStatus.BAD_REQUEST, "Invalid request", e.getMessage());
    }

    @ExceptionHandler(PathNotAllowedException.class)
    ProblemDetail forbidden(PathNotAllowedException e) {
        return problem(HttpStatus.FORBIDDEN, "Path not allowed", e.getMessage());
    }

    /** 401: no credentials, or ones that are not valid. */
    @ExceptionHandler(AuthenticationException.class)
    ResponseEntity<ProblemDetail> unauthorized(AuthenticationException e, HttpServletRequest request) {
        String detail = e instanceof InsufficientAuthenticationException
                        || e instanceof AuthenticationCredentialsNotFoundException
                ? "No credentials: send an API key as 'Authorization: Bearer <key>', or sign in with POST /api/session"
                : e.getMessage();
        ProblemDetail problem = problem(HttpStatus.UNAUTHORIZED, "Unauthorized", detail);
        openAiError(problem, request, "authentication_error", "invalid_api_key");
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"groundwork\"")
                .body(problem);
    }

    /** 403: the caller may not do this (its role or its collections), or a session request lacks its CSRF token. */
    @ExceptionHandler(AccessDeniedException.class)
    ProblemDetail forbidden(AccessDeniedException e, HttpServletRequest request) {
        String detail = e instanceof CsrfException
                ? "This request changes data with a session cookie, so it needs the session's CSRF token in the"
                        + " X-CSRF-TOKEN (or X-XSRF-TOKEN) header; GET /api/session gives it"
                : e.getMessage();
        ProblemDetail problem = problem(HttpStatus.FORBIDDEN, "Forbidden", detail);
        openAiError(problem, request, "permission_error", e instanceof CsrfException ? "csrf_token" : "forbidden");
        return problem;
    }

    @ExceptionHandler(BackendException.class)
    ProblemDetail badGateway(BackendException e) {
        log.warn("Answer backend failed: {}", e.getMessage());
        return problem(HttpStatus.BAD_GATEWAY, "Answer backend failed", e.getMessage());
    }

    @ExceptionHandler(IllegalStateException.class)
    ProblemDetail conflict(IllegalStateException e) {
        return problem(HttpStatus.CONFLICT, "Conflict", e.getMessage());
    }

    @ExceptionHandler(RuntimeException.class)
    ProblemDetail internal(RuntimeException e) {
        log.error("Request failed", e);
        return problem(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "Internal error",
                "The request failed: " + e.getClass().getSimpleName());
    }

    /**
     * Under {@code /v1/} (the OpenAI-compatible API) the problem also carries OpenAI's {@code error}
     * object, which OpenAI client libraries read to raise their own error types.
     */
    private static void openAiError(ProblemDetail problem, HttpServletRequest request, String type, String code) {
        if (!request.getRequestURI().startsWith(request.getContextPath() + "/v1/")) {
            return;
        }
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", problem.getDetail());
        error.put("type", type);
        error.put("param", null);
        error.put("code", code);
        problem.setProperty("error", error);
    }

    private static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return problem;
    }
}
