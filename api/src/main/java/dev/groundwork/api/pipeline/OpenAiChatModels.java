package dev.groundwork.api.pipeline;

import dev.groundwork.api.GroundworkProperties;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;

/** Spring AI's OpenAI chat model, pointed at the configured OpenAI-compatible server. */
final class OpenAiChatModels {

    private OpenAiChatModels() {}

    static ChatModel create(GroundworkProperties.OpenAi openai) {
        return OpenAiChatModel.builder().options(options(openai)).build();
    }

    static OpenAiChatOptions options(GroundworkProperties.OpenAi openai) {
        if (openai.baseUrl() == null || openai.baseUrl().isBlank()) {
            throw new IllegalArgumentException(
                    "groundwork.answer.backend=openai needs groundwork.answer.openai.base-url"
                            + " (GROUNDWORK_ANSWER_OPENAI_BASE_URL), the address of an OpenAI-compatible server");
        }
        return OpenAiChatOptions.builder()
                .baseUrl(v1(openai.baseUrl()))
                // Servers that need no key (llama.cpp, vLLM, Ollama) accept any; the client insists on one.
                .apiKey(openai.apiKey() == null || openai.apiKey().isBlank() ? "none" : openai.apiKey())
                .model(openai.model())
                .temperature(openai.temperature())
                .maxTokens(openai.maxTokens())
                .timeout(openai.timeout())
                .maxRetries(0)
                .build();
    }

    /** The server's API root: the address as configured, with {@code /v1} added when it lacks it. */
    static String v1(String baseUrl) {
        String url = baseUrl.strip().replaceAll("/+$", "");
        return url.endsWith("/v1") ? url : url + "/v1";
    }
}
