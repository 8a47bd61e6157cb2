package dev.groundwork.api.pipeline;

import dev.groundwork.api.GroundworkProperties;
import dev.groundwork.generator.backend.BackendException;
import dev.groundwork.generator.verify.SupportJudge;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The verifier's judge backed by the OpenAI-compatible server of the {@code openai} backend: one
 * token of answer with its top log-probabilities ({@code logprobs}), from which the weight of "yes"
 * against "no" is the judgement. A server that returns no log-probabilities is judged by the word
 * it answers (1 or 0); one that refuses the request leaves the claim unjudged. Spoken to directly,
 * because Spring AI's OpenAI model does not pass log-probabilities on.
 */
final class OpenAiSupportJudge implements SupportJudge {

    private static final Logger log = LoggerFactory.getLogger(OpenAiSupportJudge.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient client = HttpClient.newHttpClient();
    private final GroundworkProperties.OpenAi openai;
    private final URI endpoint;
    private final AtomicBoolean warned = new AtomicBoolean();

    OpenAiSupportJudge(GroundworkProperties.OpenAi openai) {
        this.openai = openai;
        this.endpoint = URI.create(OpenAiChatModels.v1(openai.baseUrl()) + "/chat/completions");
    }

    @Override
    public OptionalDouble supportProbability(String claim, String evidence) {
        Map<String, Object> body = Map.of(
                "model",
                openai.model(),
                "messages",
                List.of(
                        Map.of("role", "system", "content", SupportJudge.INSTRUCTIONS),
                        Map.of("role", "user", "content", SupportJudge.question(claim, evidence))),
                "max_tokens",
                1,
                "temperature",
                0,
                "logprobs",
                true,
                "top_logprobs",
                10);
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(openai.timeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        if (openai.apiKey() != null && !openai.apiKey().isBlank()) {
            request.header("Authorization", "Bearer " + openai.apiKey());
        }
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new BackendException(
                    "The openai backend's server at " + endpoint + " cannot be reached to judge a claim: "
                            + e.getMessage(),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException("Interrupted while the openai backend judged a claim", e);
        }
        if (response.statusCode() / 100 != 2) {
            if (warned.compareAndSet(false, true)) {
                log.warn(
                        "The model server answered HTTP {} to a yes/no judgement (logprobs); claims go unjudged: {}",
                        response.statusCode(),
                        response.body());
            }
            return OptionalDouble.empty();
        }
        return judgement(JSON.readTree(response.body()).path("choices").path(0));
    }

    /** The weight of "yes" against "no" among the first token's alternatives, else the word answered. */
    static OptionalDouble judgement(JsonNode choice) {
        double yes = 0;
        double no = 0;
        for (JsonNode alternative :
                choice.path("logprobs").path("content").path(0).path("top_logprobs")) {
            String token = alternative.path("token").asString("").strip().toLowerCase(Locale.ROOT);
            double weight = Math.exp(alternative.path("logprob").asDouble(Double.NEGATIVE_INFINITY));
            if (token.equals("yes")) {
                yes += weight;
            } else if (token.equals("no")) {
                no += weight;
            }
        }
        if (yes + no > 0) {
            return OptionalDouble.of(yes / (yes + no));
        }
        String answer =
                choice.path("message").path("content").asString("").strip().toLowerCase(Locale.ROOT);
        if (answer.startsWith("yes")) {
            return OptionalDouble.of(1);
        }
        if (answer.startsWith("no")) {
            return OptionalDouble.of(0);
        }
        return OptionalDouble.empty();
    }
}
