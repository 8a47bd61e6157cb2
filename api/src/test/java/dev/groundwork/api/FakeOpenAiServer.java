package dev.groundwork.api;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A chat server on the loopback interface that speaks the OpenAI chat completions protocol (JSON,
 * and server-sent event chunks when asked to stream) and replies what a script says, so the
 * {@code openai} backend is tested over real HTTP without a language model.
 */
final class FakeOpenAiServer implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One request as the server received it. */
    record Request(
            String model,
            boolean stream,
            List<Map<String, String>> messages,
            String authorization,
            boolean logprobs,
            int maxTokens) {

        /** Whether this is the verifier asking the model for a yes/no judgement. */
        boolean judging() {
            return !messages.isEmpty()
                    && messages.getFirst().get("content").startsWith("You check claims against passages");
        }

        String lastUserMessage() {
            for (int i = messages.size() - 1; i >= 0; i--) {
                if (messages.get(i).get("role").equals("user")) {
                    return messages.get(i).get("content");
                }
            }
            return "";
        }
    }

    /**
     * The script's reply: a text, or an HTTP error status; with the log-probabilities of the first
     * token's alternatives when the request asks for them.
     */
    record Reply(String text, int status, Map<String, Double> topLogprobs) {
        static Reply text(String text) {
            return new Reply(text, 200, null);
        }

        static Reply error(int status) {
            return new Reply(null, status, null);
        }

        /** One word, with its alternatives' log-probabilities (token -> log p). */
        static Reply word(String word, Map<String, Double> topLogprobs) {
            return new Reply(word, 200, topLogprobs);
        }
    }

    private final HttpServer server;
    private final java.util.concurrent.ExecutorService executor = java.util.concurrent.Executors.newCachedThreadPool();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile Function<Request, Reply> script = request -> Reply.text("Hello.");

    /** A started server, for a test class's static field (its failure to start fails the class). */
    static FakeOpenAiServer started() {
        try {
            return new FakeOpenAiServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    FakeOpenAiServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/chat/completions", this::complete);
        server.setExecutor(executor); // a slow reply holds up no other
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void script(Function<Request, Reply> script) {
        this.script = script;
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    private void complete(HttpExchange exchange) throws IOException {
        try (exchange) {
            JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
            List<Map<String, String>> messages = new ArrayList<>();
            for (JsonNode message : body.path("messages")) {
                messages.add(Map.of(
                        "role", message.path("role").asString(),
                        "content", content(message.path("content"))));
            }
            Request request = new Request(
                    body.path("model").asString(),
                    body.path("stream").asBoolean(false),
                    messages,
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    body.path("logprobs").asBoolean(false),
                    body.path("max_tokens").asInt(0));
            requests.add(request);
            Reply reply = script.apply(request);
            if (reply.status() != 200) {
                byte[] error = "{\"error\":{\"message\":\"scripted failure\",\"type\":\"server_error\"}}"
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(reply.status(), error.length);
                exchange.getResponseBody().write(error);
                return;
            }
            if (request.stream()) {
                stream(exchange, request.model(), reply.text());
            } else {
                byte[] json = JSON.writeValueAsBytes(
                        completion(request.model(), reply.text(), request.logprobs() ? reply.topLogprobs() : null));
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, json.length);
                exchange.getResponseBody().write(json);
            }
        }
    }

    /** Message content is a string, or (in newer clients) a list of text parts. */
    private static String content(JsonNode content) {
        if (content.isArray()) {
            StringBuilder text = new StringBuilder();
            content.forEach(part -> text.append(part.path("text").asString()));
            return text.toString();
        }
        return content.asString();
    }

    private static Map<String, Object> completion(String model, String text, Map<String, Double> topLogprobs) {
        Map<String, Object> completion = new LinkedHashMap<>();
        completion.put("id", "chatcmpl-test");
        completion.put("object", "chat.completion");
        completion.put("created", 1_700_000_000L);
        completion.put("model", model);
        Map<String, Object> choice = new LinkedHashMap<>();
        choice.put("index", 0);
        choice.put("message", Map.of("role", "assistant", "content", text));
        choice.put("finish_reason", "stop");
        if (topLogprobs != null) {
            List<Map<String, Object>> alternatives = new ArrayList<>();
            topLogprobs.forEach((token, logprob) -> alternatives.add(Map.of("token", token, "logprob", logprob)));
            choice.put(
                    "logprobs",
                    Map.of(
                            "content",
                            List.of(Map.of(
                                    "token", text,
                                    "logprob", topLogprobs.getOrDefault(text, -1.0),
                                    "top_logprobs", alternatives))));
        }
        completion.put("choices", List.of(choice));
        completion.put("usage", Map.of("prompt_tokens", 10, "completion_tokens", 5, "total_tokens", 15));
        return completion;
    }

    /** Sends the text as chunks of a few words each, as servers stream tokens. */
    private static void stream(HttpExchange exchange, String model, String text) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        List<String> pieces = new ArrayList<>();
        for (String word : text.split("(?<= )")) {
            pieces.add(word);
        }
        for (int i = 0; i < pieces.size(); i++) {
            Map<String, Object> delta =
                    i == 0 ? Map.of("role", "assistant", "content", pieces.get(i)) : Map.of("content", pieces.get(i));
            Map<String, Object> choice = new LinkedHashMap<>();
            choice.put("index", 0);
            choice.put("delta", delta);
            choice.put("finish_reason", null);
            event(out, chunk(model, choice));
        }
        Map<String, Object> last = new LinkedHashMap<>();
        last.put("index", 0);
        last.put("delta", Map.of());
        last.put("finish_reason", "stop");
        event(out, chunk(model, last));
        out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static Map<String, Object> chunk(String model, Map<String, Object> choice) {
        Map<String, Object> chunk = new LinkedHashMap<>();
        chunk.put("id", "chatcmpl-test");
        chunk.put("object", "chat.completion.chunk");
        chunk.put("created", 1_700_000_000L);
        chunk.put("model", model);
        chunk.put("choices", List.of(choice));
        return chunk;
    }

    private static void event(OutputStream out, Map<String, Object> data) throws IOException {
        out.write(("data: " + JSON.writeValueAsString(data) + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
