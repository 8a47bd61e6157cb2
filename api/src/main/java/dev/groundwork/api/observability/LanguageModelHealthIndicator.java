package dev.groundwork.api.observability;

import dev.groundwork.api.GroundworkProperties;
import dev.groundwork.runtime.generation.LanguageModel;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health component {@code languageModel}: what writes answers. The {@code extractive} backend needs
 * no model; the {@code local} one is up once its file is loaded; the {@code openai} one is up when
 * its server answers {@code GET /v1/models} within {@value #TIMEOUT_SECONDS} s and accepts the key.
 */
@Component
class LanguageModelHealthIndicator implements HealthIndicator {

    private static final int TIMEOUT_SECONDS = 2;
    private static final Duration TIMEOUT = Duration.ofSeconds(TIMEOUT_SECONDS);
    /** Probing a remote server on every health check would add its latency to every one. */
    private static final Duration PROBE_FRESH_FOR = Duration.ofSeconds(30);

    private final String backend;
    private final GroundworkProperties.OpenAi openai;
    private final ObjectProvider<LanguageModel> localModel;
    private final CachedValue<Health> probe;
    private final HttpClient http;

    LanguageModelHealthIndicator(GroundworkProperties properties, ObjectProvider<LanguageModel> localModel) {
        this.backend = properties.answer().backend().strip().toLowerCase(Locale.ROOT);
        this.openai = properties.answer().openai();
        this.localModel = localModel;
        this.probe = new CachedValue<>(PROBE_FRESH_FOR, this::probeOpenAi);
        this.http = backend.equals("openai")
                ? HttpClient.newBuilder().connectTimeout(TIMEOUT).build()
                : null;
    }

    @Override
    public Health health() {
        return switch (backend) {
            case "local" -> local();
            case "openai" -> probe.get();
            default -> Health.up().withDetail("backend", backend).build();
        };
    }

    private Health local() {
        LanguageModel model = localModel.getIfAvailable();
        if (model == null) {
            return Health.down()
                    .withDetail("backend", backend)
                    .withDetail("error", "no local model is loaded")
                    .build();
        }
        return Health.up()
                .withDetail("backend", backend)
                .withDetail("model", model.name())
                .withDetail("threads", model.threads())
                .withDetail("contextLength", model.contextLength())
                .build();
    }

    /**
     * Up when the server answers, even without a model list (some OpenAI-compatible servers have
     * none); down when it cannot be reached, rejects the key or fails.
     */
    private Health probeOpenAi() {
        String models = v1(openai.baseUrl()) + "/models";
        Health.Builder health = Health.unknown()
                .withDetail("backend", backend)
                .withDetail("url", models)
                .withDetail("model", openai.model());
        try {
            HttpRequest.Builder request =
                    HttpRequest.newBuilder(URI.create(models)).timeout(TIMEOUT).GET();
            if (openai.apiKey() != null && !openai.apiKey().isBlank()) {
                request.header("Authorization", "Bearer " + openai.apiKey());
            }
            int status = http.send(request.build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
            health.withDetail("httpStatus", status);
            if (status == 401 || status == 403) {
                return health.down()
                        .withDetail("error", "the server rejected the API key (HTTP " + status + ")")
                        .build();
            }
            if (status >= 500) {
                return health.down()
                        .withDetail("error", "the server failed (HTTP " + status + ")")
                        .build();
            }
            return health.up().build();
        } catch (IOException e) {
            // A refused connection has no message of its own: its type says what happened.
            return health.down()
                    .withDetail("error", "cannot reach the server: " + e)
                    .build();
        } catch (IllegalArgumentException e) {
            return health.down().withException(e).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return health.down().withException(e).build();
        }
    }

    /** The server's API root, as the openai backend reaches it: {@code /v1} added when the address lacks it. */
    private static String v1(String baseUrl) {
        String url = baseUrl == null ? "" : baseUrl.strip().replaceAll("/+$", "");
        return url.endsWith("/v1") ? url : url + "/v1";
    }
}
