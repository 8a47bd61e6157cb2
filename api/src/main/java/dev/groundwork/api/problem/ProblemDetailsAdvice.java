package dev.groundwork.api.problem;

import dev.groundwork.api.limits.BodyTooLargeException;
import dev.groundwork.api.openai.OpenAiErrors;
import dev.groundwork.api.openai.UnknownModelException;
import dev.groundwork.generator.backend.BackendException;
import dev.groundwork.ingest.PathNotAllowedException;
import dev.groundwork.ingest.read.UnreadableDocumentException;
import dev.groundwork.runtime.generation.PromptTooLongException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
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
    ProblemDetail badRequest(RuntimeException e, HttpServletRequest request) {
        return problem(HttpStatus.BAD_REQUEST, "Invalid request", e.getMessage(), request);
    }

    @ExceptionHandler(PathNotAllowedException.class)
    ProblemDetail forbidden(PathNotAllowedException e, HttpServletRequest request) {
        return problem(HttpStatus.FORBIDDEN, "Path not allowed", e.getMessage(), request);
    }

    /** 401: no credentials, or ones that are not valid. */
    @ExceptionHandler(AuthenticationException.class)
    ResponseEntity<ProblemDetail> unauthorized(AuthenticationException e, HttpServletRequest request) {
        String detail = e instanceof InsufficientAuthenticationException
                        || e instanceof AuthenticationCredentialsNotFoundException
                ? "No credentials: send an API key as 'Authorization: Bearer <key>', or sign in with POST /api/session"
                : e.getMessage();
        ProblemDetail problem = problem(HttpStatus.UNAUTHORIZED, "Unauthorized", detail, request);
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
        return problem(HttpStatus.FORBIDDEN, "Forbidden", detail, request);
    }

    @ExceptionHandler(BackendException.class)
    ProblemDetail badGateway(BackendException e, HttpServletRequest request) {
        log.warn("Answer backend failed: {}", e.getMessage());
        return problem(HttpStatus.BAD_GATEWAY, "Answer backend failed", e.getMessage(), request);
    }

    @ExceptionHandler(IllegalStateException.class)
    ProblemDetail conflict(IllegalStateException e, HttpServletRequest request) {
        return problem(HttpStatus.CONFLICT, "Conflict", e.getMessage(), request);
    }

    @ExceptionHandler(RuntimeException.class)
    ProblemDetail internal(RuntimeException e, HttpServletRequest request) {
        log.error("Request failed", e);
        return problem(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "Internal error",
                "The request failed: " + e.getClass().getSimpleName(),
                request);
    }

    @ExceptionHandler(UnknownModelException.class)
    ProblemDetail unknownModel(UnknownModelException e, HttpServletRequest request) {
        return problem(HttpStatus.NOT_FOUND, "Unknown model", e.getMessage(), request);
    }

    @ExceptionHandler(PromptTooLongException.class)
    ProblemDetail promptTooLong(PromptTooLongException e, HttpServletRequest request) {
        return problem(HttpStatus.BAD_REQUEST, "Prompt too long", e.getMessage(), request);
    }

    /** Says which fields were invalid and why, instead of the framework's "Invalid request content." */
    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String detail = e.getBindingResult().getAllErrors().stream()
                .map(error -> error instanceof FieldError field
                        ? field.getField() + ": " + field.getDefaultMessage()
                        : error.getDefaultMessage())
                .sorted()
                .collect(Collectors.joining("; "));
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle("Invalid request");
        return handleExceptionInternal(e, problem, headers, status, request);
    }

    /** Says which parameters were invalid and why (a {@code limit} over its maximum, say). */
    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(
            HandlerMethodValidationException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String detail = e.getParameterValidationResults().stream()
                .flatMap(result -> result.getResolvableErrors().stream()
                        .map(error ->
                                result.getMethodParameter().getParameterName() + ": " + error.getDefaultMessage()))
                .sorted()
                .collect(Collectors.joining("; "));
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setTitle("Invalid request");
        return handleExceptionInternal(e, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    /** A body cut off by the size limit while it was read is too large, not malformed. */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof BodyTooLargeException tooLarge) {
                ProblemDetail problem =
                        ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, tooLarge.getMessage());
                problem.setTitle("Payload too large");
                return handleExceptionInternal(e, problem, headers, HttpStatus.CONTENT_TOO_LARGE, request);
            }
        }
        return super.handleHttpMessageNotReadable(e, headers, status, request);
    }

    /** The framework's problems (malformed JSON, unknown routes, wrong methods) under {@code /v1} get OpenAI's error object too. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception e, Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (body instanceof ProblemDetail problem
                && request instanceof ServletWebRequest servlet
                && servlet.getRequest().getRequestURI().startsWith(OpenAiErrors.PATH)) {
            problem.setProperty("error", OpenAiErrors.error(status.value(), problem.getDetail()));
        }
        return super.handleExceptionInternal(e, body, headers, status, request);
    }

    private static ProblemDetail problem(HttpStatus status, String title, String detail, HttpServletRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        if (request.getRequestURI().startsWith(OpenAiErrors.PATH)) {
            problem.setProperty("error", OpenAiErrors.error(status.value(), detail));
        }
        return problem;
    }
}
