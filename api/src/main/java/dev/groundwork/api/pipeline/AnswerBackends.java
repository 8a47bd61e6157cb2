package dev.groundwork.api.pipeline;

import dev.groundwork.api.GroundworkProperties;
import dev.groundwork.generator.backend.AnswerBackend;
import dev.groundwork.generator.backend.ChatModelBackend;
import dev.groundwork.generator.backend.ExtractiveBackend;
import dev.groundwork.runtime.embedding.Embedder;
import java.util.Locale;

/** Makes the configured answer backend ({@code groundwork.answer.backend}). */
final class AnswerBackends {

    private AnswerBackends() {}

    static AnswerBackend create(GroundworkProperties.Answer answer, Embedder embedder) {
        return switch (answer.backend().strip().toLowerCase(Locale.ROOT)) {
            case "extractive" -> new ExtractiveBackend(embedder);
            case "openai" -> {
                GroundworkProperties.OpenAi openai = answer.openai();
                yield new ChatModelBackend("openai", OpenAiChatModels.create(openai), null, openai.timeout());
            }
            case "local" ->
                throw new IllegalArgumentException("groundwork.answer.backend=local needs the in-process GGUF model"
                        + " runtime, which this build does not include yet; use extractive, or openai with a"
                        + " llama.cpp, vLLM or Ollama server");
            default ->
                throw new IllegalArgumentException("Unknown answer backend '" + answer.backend()
                        + "' (groundwork.answer.backend); known: extractive, openai");
        };
    }
}
