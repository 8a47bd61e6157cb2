package dev.groundwork.api.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small JSON client for the Groundwork REST API, sending an API key as a bearer token. */
final class ApiClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI base;
    private final String apiKey;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** @param apiKey sent as {@code Authorization: Bearer}; {@code null} to send none */
    ApiClient(URI base, String apiKey) {
        this.base = base;
        this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.strip();
    }

    /** Whether a server answers at the base URL (its health check, which needs no key). */
    boolean reachable() {
        try {
            HttpRequest request = HttpRequest.newBuilder(base.resolve("/actuator/health"))
                    .timeout(Duration.ofSeconds(5))
                    .GET()
                    .build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Posts {@code body} as JSON and returns the JSON response.
     *
     * @throws ApiException with the problem's detail when the server answers with an error
     */
    JsonNode post(String path, Object body) {
        return send(request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build());
    }

    /** Gets the JSON at {@code path}; see {@link #post}. */
    JsonNode get(String path) {
        return send(request(path).GET().build());
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).header("Accept", "application/json");
        return apiKey == null ? request : request.header("Authorization", "Bearer " + apiKey);
    }

    private JsonNode send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode json = response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
            if (response.statusCode() >= 400) {
                String detail =
                        json.path("detail").asString(json.path("title").asString("HTTP " + response.statusCode()));
                if (response.statusCode() == 401) {
                    detail += apiKey == null
                            ? " (set GROUNDWORK_API_KEY or pass --api-key)"
                            : " (check GROUNDWORK_API_KEY or --api-key)";
                }
                throw new ApiException(detail);
            }
            return json;
        } catch (IOException e) {
            throw new ApiException("Cannot reach Groundwork at " + base + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException("Interrupted");
        }
    }

    /** The server refused or failed a request. */
    static final class ApiException extends RuntimeException {
        ApiException(String message) {
            super(message);
        }
    }
}
