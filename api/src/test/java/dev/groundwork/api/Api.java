package dev.groundwork.api;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Calls the REST API of a running test application over real HTTP, with the test servers' admin
 * key unless told otherwise.
 */
final class Api {

    /** The admin key of every test server: {@code groundwork.security.bootstrap-key} in the test configuration. */
    static final String ADMIN_KEY = "gw_testkey0_integration-tests-only_not-a-secret_0123456";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final String key;

    Api(int port) {
        this(port, ADMIN_KEY);
    }

    /** @param key sent as {@code Authorization: Bearer}; {@code null} for none */
    Api(int port, String key) {
        this.base = "http://127.0.0.1:" + port;
        this.key = key;
    }

    /** The same server, called with another key ({@code null}: none). */
    Api as(String otherKey) {
        return new Api(Integer.parseInt(base.substring(base.lastIndexOf(':') + 1)), otherKey);
    }

    record Response(int status, String contentType, JsonNode body, HttpHeaders headers) {}

    JsonNode post(String path, Object body) {
        Response response = postRaw(path, JSON.writeValueAsString(body));
        if (response.status() != 200) {
            throw new AssertionError("POST " + path + " answered " + response.status() + ": " + response.body());
        }
        return response.body();
    }

    Response postRaw(String path, String json) {
        return send(request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    /** Posts {@code body} as JSON and returns whatever the server answered. */
    Response postJson(String path, Object body) {
        return postRaw(path, JSON.writeValueAsString(body));
    }

    JsonNode get(String path) {
        Response response = getRaw(path);
        if (response.status() != 200) {
            throw new AssertionError("GET " + path + " answered " + response.status() + ": " + response.body());
        }
        return response.body();
    }

    String getText(String path) {
        try {
            HttpResponse<String> response =
                    http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError("GET " + path + " answered " + response.statusCode());
            }
            return response.body();
        } catch (IOException e) {
            throw new AssertionError("GET " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Posts JSON and returns the status and the body as text (for event streams). */
    Map.Entry<Integer, String> postForText(String path, Object body) {
        try {
            HttpResponse<String> response = http.send(
                    request(path)
                            .header("Content-Type", "application/json")
                            .header("Accept", "text/event-stream")
                            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return Map.entry(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new AssertionError("POST " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    Response deleteRaw(String path) {
        return send(request(path).DELETE().build());
    }

    /** Posts multipart form data: {@code fields} as text parts, {@code files} as file parts named "files". */
    Response postFiles(String path, Map<String, String> fields, Map<String, byte[]> files) {
        String boundary = "groundwork-test-" + System.nanoTime();
        var body = new java.io.ByteArrayOutputStream();
        fields.forEach((name, value) -> body.writeBytes(
                ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        files.forEach((name, content) -> {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"" + name
                            + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            body.writeBytes(content);
            body.writeBytes("\r\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        });
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return send(request(path)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build());
    }

    Response getRaw(String path) {
        return send(request(path).GET().build());
    }

    /**
     * Any request, with exactly the given headers (the key is not added: pass {@code Authorization}
     * to send one), e.g. a session cookie and a CSRF token.
     *
     * @param json the body, or {@code null} for none
     */
    Response exchange(String method, String path, String json, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .method(
                        method,
                        json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        return send(request.build());
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
        return key == null ? request : request.header("Authorization", "Bearer " + key);
    }

    private Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            String contentType = response.headers().firstValue("Content-Type").orElse("");
            JsonNode body = response.body().isBlank() || !contentType.contains("json")
                    ? JSON.createObjectNode()
                    : JSON.readTree(response.body());
            return new Response(response.statusCode(), contentType, body, response.headers());
        } catch (IOException e) {
            throw new AssertionError("Request to " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
