package dev.groundwork.api.openai;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.groundwork.api.search.FilterRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The body of {@code POST /v1/chat/completions}: the part of OpenAI's request that Groundwork
 * honours (unknown fields are ignored, as OpenAI-compatible servers do), plus the optional
 * extension {@code groundwork} for grounded models.
 *
 * @param stop a string or an array of up to four strings
 * @param n only 1: one answer per request
 */
record ChatCompletionRequest(
        @NotBlank @Size(max = 200) String model,
        @NotEmpty @Size(max = 200) List<@Valid @NotNull Message> messages,
        Boolean stream,
        @JsonProperty("max_tokens") @Min(1) @Max(32_768) Integer maxTokens,

        @JsonProperty("max_completion_tokens") @Min(1) @Max(32_768)
        Integer maxCompletionTokens,

        @DecimalMin("0") @DecimalMax("2") Double temperature,

        @JsonProperty("top_p") @DecimalMin("0") @DecimalMax("1")
        Double topP,

        JsonNode stop,

        @Min(value = 1, message = "must be 1: one answer per request")
        @Max(value = 1, message = "must be 1: one answer per request")
        Integer n,

        @Valid Grounding groundwork) {

    /** All the text a request may carry, in characters: more is refused rather than truncated. */
    static final int MAX_TEXT = 400_000;

    /**
     * A message of the conversation.
     *
     * @param content a string, or an array of parts of which the {@code text} ones are read
     */
    record Message(
            @NotBlank
            @Pattern(
                    regexp = "system|developer|user|assistant|tool",
                    message = "must be system, developer, user, assistant or tool")
            String role,

            JsonNode content) {

        /** The message's text: the string, or its text parts joined. */
        String text() {
            if (content == null || content.isNull() || content.isMissingNode()) {
                return "";
            }
            if (content.isString()) {
                return content.asString();
            }
            if (content.isArray()) {
                StringBuilder text = new StringBuilder();
                for (JsonNode part : content) {
                    if (!part.path("type").asString("").equals("text")) {
                        throw new IllegalArgumentException(
                                "messages: only text content parts are supported, found type '"
                                        + part.path("type").asString("") + "'");
                    }
                    text.append(part.path("text").asString(""));
                }
                return text.toString();
            }
            throw new IllegalArgumentException("messages: content must be a string or an array of text parts");
        }
    }

    /**
     * Groundwork's extension: how a grounded model answers.
     *
     * @param collection the collection to answer from (the model name or the {@code
     *     X-Groundwork-Collection} header may also say)
     */
    record Grounding(
            @Size(max = 200) String collection,

            @Pattern(regexp = "(?i)annotate|drop|rewrite|refuse", message = "must be annotate, drop, rewrite or refuse")
            String policy,

            @Min(1) @Max(50) Integer k,
            @Valid FilterRequest filter) {}

    boolean streaming() {
        return Boolean.TRUE.equals(stream);
    }

    /** The token limit the client asked for ({@code max_completion_tokens} over the older {@code max_tokens}), or null. */
    Integer tokenLimit() {
        return maxCompletionTokens != null ? maxCompletionTokens : maxTokens;
    }

    /** The stop strings, from a string or an array. */
    List<String> stopStrings() {
        if (stop == null || stop.isNull() || stop.isMissingNode()) {
            return List.of();
        }
        if (stop.isString()) {
            return List.of(stop.asString());
        }
        if (stop.isArray() && stop.size() <= 4) {
            List<String> strings = new ArrayList<>();
            for (JsonNode item : stop) {
                if (!item.isString() || item.asString().isEmpty()) {
                    throw new IllegalArgumentException("stop: every stop sequence must be a non-empty string");
                }
                strings.add(item.asString());
            }
            return strings;
        }
        throw new IllegalArgumentException("stop: must be a string or an array of at most 4 strings");
    }

    /** Checks what the annotations cannot: the text's total size, and that someone asks something. */
    void check() {
        long size = 0;
        for (Message message : messages) {
            size += message.text().length();
        }
        if (size > MAX_TEXT) {
            throw new IllegalArgumentException(
                    "messages: " + size + " characters of text; at most " + MAX_TEXT + " are accepted");
        }
        if (messages.stream().noneMatch(message -> message.role().equals("user"))) {
            throw new IllegalArgumentException("messages: there is no user message to answer");
        }
    }
}
