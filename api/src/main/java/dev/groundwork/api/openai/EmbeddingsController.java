package dev.groundwork.api.openai;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.groundwork.runtime.embedding.Embedder;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /v1/embeddings}: vectors from the embedding model that indexes the collections, as
 * floats or as OpenAI's base64 (little-endian float32). Input longer than the model reads is cut
 * at its limit, as the model itself does; {@code usage} counts the tokens it read.
 */
@RestController
@RequestMapping("/v1")
class EmbeddingsController {

    /** Inputs per request, as OpenAI allows. */
    static final int MAX_INPUTS = 2048;

    private final OpenAiModels models;

    EmbeddingsController(OpenAiModels models) {
        this.models = models;
    }

    /**
     * @param input a string or an array of strings (token arrays are refused)
     * @param dimensions if given, must be the model's
     */
    record EmbeddingRequest(
            @NotNull JsonNode input,
            @NotBlank String model,

            @JsonProperty("encoding_format") @Pattern(regexp = "float|base64", message = "must be float or base64")
            String encodingFormat,

            Integer dimensions) {}

    record EmbeddingList(String object, List<Item> data, String model, Usage usage) {}

    record Item(String object, int index, Object embedding) {}

    record Usage(
            @JsonProperty("prompt_tokens") long promptTokens,
            @JsonProperty("total_tokens") long totalTokens) {}

    @PostMapping("/embeddings")
    EmbeddingList embed(@Validated @RequestBody EmbeddingRequest request) {
        if (!(models.resolve(request.model()) instanceof OpenAiModels.Embedding(Embedder embedder))) {
            throw new IllegalArgumentException(
                    "model: '" + request.model() + "' is not an embedding model; use " + models.embeddingModelName());
        }
        if (request.dimensions() != null && request.dimensions() != embedder.dimensions()) {
            throw new IllegalArgumentException("dimensions: " + embedder.modelName() + " has " + embedder.dimensions()
                    + " dimensions, not " + request.dimensions());
        }
        List<String> texts = texts(request.input());
        List<float[]> vectors = embedder.embedPassages(texts);
        boolean base64 = "base64".equals(request.encodingFormat());
        List<Item> data = new ArrayList<>(vectors.size());
        long tokens = 0;
        for (int i = 0; i < vectors.size(); i++) {
            data.add(new Item("embedding", i, base64 ? base64(vectors.get(i)) : vectors.get(i)));
            tokens += Math.min(embedder.maxTokens(), embedder.countTokens(texts.get(i)));
        }
        return new EmbeddingList("list", data, embedder.modelName(), new Usage(tokens, tokens));
    }

    private static List<String> texts(JsonNode input) {
        if (input.isString()) {
            return List.of(text(input));
        }
        if (!input.isArray() || input.isEmpty()) {
            throw new IllegalArgumentException("input: must be a string or a non-empty array of strings");
        }
        if (input.size() > MAX_INPUTS) {
            throw new IllegalArgumentException(
                    "input: " + input.size() + " inputs; at most " + MAX_INPUTS + " per request");
        }
        List<String> texts = new ArrayList<>(input.size());
        for (JsonNode item : input) {
            if (item.isNumber() || item.isArray()) {
                throw new IllegalArgumentException("input: token arrays are not supported; send text");
            }
            texts.add(text(item));
        }
        return texts;
    }

    private static String text(JsonNode item) {
        if (!item.isString() || item.asString().isBlank()) {
            throw new IllegalArgumentException("input: every input must be a non-empty string");
        }
        if (item.asString().length() > ChatCompletionRequest.MAX_TEXT) {
            throw new IllegalArgumentException(
                    "input: " + item.asString().length() + " characters; at most " + ChatCompletionRequest.MAX_TEXT);
        }
        return item.asString();
    }

    private static String base64(float[] vector) {
        ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(vector);
        return Base64.getEncoder().encodeToString(bytes.array());
    }
}
