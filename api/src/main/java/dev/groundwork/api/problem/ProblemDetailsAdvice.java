package dev.groundwork.api.problem;

import dev.groundwork.generator.backend.BackendException;
import dev.groundwork.ingest.PathNotAllowedException;
import dev.groundwork.ingest.read.UnreadableDocumentException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Maps exceptions to problem details: framework errors (malformed JSON, validation, unknown routes)
 * through {@link ResponseEntityExceptionHandler}, the application's own by type here.
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

    private static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return problem;
    }
}
