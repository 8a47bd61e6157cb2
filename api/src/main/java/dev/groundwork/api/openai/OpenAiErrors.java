package dev.groundwork.api.openai;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * OpenAI's error object, which its clients read from a failed {@code /v1} response: {@code
 * {"error": {"message", "type", "param", "code"}}}. Public for the problem-details advice, which
 * adds it to the problem details of every {@code /v1} error.
 */
public final class OpenAiErrors {

    /** The path prefix of the OpenAI-compatible endpoints. */
    public static final String PATH = "/v1/";

    private OpenAiErrors() {}

    /** The {@code error} member for an HTTP {@code status}, in OpenAI's words. */
    public static Map<String, Object> error(int status, String message) {
        String type = status == 401
                ? "authentication_error"
                : status == 403
                        ? "permission_error"
                        : status == 404
                                ? "not_found_error"
                                : status == 429
                                        ? "rate_limit_error"
                                        : status >= 500 ? "server_error" : "invalid_request_error";
        String code = status == 401 ? "invalid_api_key" : status == 404 ? "model_not_found" : null;
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", message);
        error.put("type", type);
        error.put("param", null);
        error.put("code", code);
        return error;
    }

    /** A whole error body, as sent inside a stream that fails after it started. */
    static Map<String, Object> body(String message, String type, String code) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", message);
        error.put("type", type);
        error.put("param", null);
        error.put("code", code);
        return Map.of("error", error);
    }
}
