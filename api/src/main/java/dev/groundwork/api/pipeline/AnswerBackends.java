package dev.groundwork.api.pipeline;

import dev.groundwork.api.GroundworkProperties;
import dev.groundwork.generator.backend.AnswerBackend;
import dev.groundwork.generator.backend.ChatModelBackend;
import dev.groundwork.generator.backend.ExtractiveBackend;
import dev.groundwork.runtime.chat.LocalChatModel;
import dev.groundwork.runtime.embedding.Embedder;
import dev.groundwork.runtime.generation.GenerationSettings;
import dev.groundwork.runtime.generation.LanguageModel;
import dev.groundwork.runtime.generation.ModelOptions;
import dev.groundwork.runtime.sampling.SamplerSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Makes the configured answer backend ({@code groundwork.answer.backend}). */
final class AnswerBackends {

    private AnswerBackends() {}

    /** Loads the local backend's GGUF file, with a message that names the setting when it is missing. */
    static LanguageModel loadLocal(GroundworkProperties.Local local) {
        if (local.modelPath() == null || local.modelPath().isBlank()) {
            throw new IllegalArgumentException(
                    "groundwork.answer.backend=local needs groundwork.answer.local.model-path"
                            + " (GROUNDWORK_ANSWER_LOCAL_MODEL_PATH): a GGUF file of a llama, qwen2 or qwen3 model");
        }
        Path path = Path.of(local.modelPath());
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException(
                    "groundwork.answer.local.model-path: no file at " + path.toAbsolutePath());
        }
        ModelOptions options = ModelOptions.defaults()
                .withContextLength(local.contextLength())
                .withChatTemplate(local.chatTemplate())
                .withKvCache(local.kvCache());
        if (local.threads() > 0) {
            options = options.withThreads(local.threads());
        }
        return LanguageModel.load(path, options);
    }

    /** The chat model of the {@code local} backend: the loaded file with the configured generation settings. */
    static LocalChatModel localChat(LanguageModel model, GroundworkProperties.Local local) {
        GenerationSettings settings = new GenerationSettings(
                local.maxTokens(), SamplerSettings.DEFAULT.withTemperature((float) local.temperature()), List.of());
        return new LocalChatModel(model, settings);
    }

    /** {@code localChat} is the local model when the backend is {@code local}, else {@code null}. */
    static AnswerBackend create(GroundworkProperties.Answer answer, Embedder embedder, LocalChatModel localChat) {
        return switch (answer.backend().strip().toLowerCase(Locale.ROOT)) {
            case "extractive" -> new ExtractiveBackend(embedder);
            case "openai" -> {
                GroundworkProperties.OpenAi openai = answer.openai();
                yield new ChatModelBackend("openai", OpenAiChatModels.create(openai), null, openai.timeout());
            }
            case "local" ->
                new ChatModelBackend("local", localChat, null, answer.local().timeout());
            default ->
                throw new IllegalArgumentException("Unknown answer backend '" + answer.backend()
                        + "' (groundwork.answer.backend); known: extractive, openai, local");
        };
    }
}
