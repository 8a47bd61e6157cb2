package dev.groundwork.api.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.groundwork.api.answer.AnswerResponse;
import java.util.List;

/**
 * A chat completion in OpenAI's shape: the whole one ({@code chat.completion}) or a streamed piece
 * of it ({@code chat.completion.chunk}). Fields that OpenAI's own clients require are always
 * written, as {@code null} where Groundwork has no value ({@code logprobs}, {@code refusal}).
 *
 * @param groundwork the verified answer behind a grounded completion: citations and per-sentence
 *     support; in a stream, on the last chunk only
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
record ChatCompletion(
        String id,
        String object,
        long created,
        String model,
        List<Choice> choices,
        @JsonInclude(JsonInclude.Include.NON_NULL) Usage usage,
        @JsonInclude(JsonInclude.Include.NON_NULL) AnswerResponse groundwork) {

    static ChatCompletion whole(
            String id, long created, String model, String content, String finishReason, AnswerResponse groundwork) {
        return new ChatCompletion(
                id,
                "chat.completion",
                created,
                model,
                List.of(new Choice(0, new Message("assistant", content, null), null, null, finishReason)),
                null,
                groundwork);
    }

    /** A streamed piece: the role on the first, text on the next ones, the finish reason on the last. */
    static ChatCompletion chunk(
            String id, long created, String model, Delta delta, String finishReason, AnswerResponse groundwork) {
        return new ChatCompletion(
                id,
                "chat.completion.chunk",
                created,
                model,
                List.of(new Choice(0, null, delta, null, finishReason)),
                null,
                groundwork);
    }

    record Choice(
            int index,
            @JsonInclude(JsonInclude.Include.NON_NULL) Message message,
            @JsonInclude(JsonInclude.Include.NON_NULL) Delta delta,
            Object logprobs,
            @JsonProperty("finish_reason") String finishReason) {}

    record Message(String role, String content, String refusal) {}

    record Delta(
            @JsonInclude(JsonInclude.Include.NON_NULL) String role,
            @JsonInclude(JsonInclude.Include.NON_NULL) String content) {}

    record Usage(
            @JsonProperty("prompt_tokens") int promptTokens,
            @JsonProperty("completion_tokens") int completionTokens,
            @JsonProperty("total_tokens") int totalTokens) {}
}
