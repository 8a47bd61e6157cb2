package dev.groundwork.api.openai;

import dev.groundwork.api.GroundworkProperties;
import dev.groundwork.api.answer.AnswerResponse;
import dev.groundwork.api.observability.AnswerMetrics;
import dev.groundwork.api.observability.RequestIdFilter;
import dev.groundwork.api.search.FilterRequest;
import dev.groundwork.api.security.Access;
import dev.groundwork.generator.answer.AnswerListener;
import dev.groundwork.generator.answer.AnswerPipeline;
import dev.groundwork.generator.answer.AnswerQuery;
import dev.groundwork.generator.answer.GroundedAnswer;
import dev.groundwork.generator.answer.Policy;
import dev.groundwork.generator.answer.VerifiedSentence;
import dev.groundwork.generator.conversation.FollowUpRewriter;
import dev.groundwork.generator.conversation.Turn;
import jakarta.validation.Valid;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /v1/models} and {@code POST /v1/chat/completions}: grounded, verified answers (or the
 * local model's plain completions) in the shape OpenAI's clients read, streamed as server-sent
 * {@code data:} events ending with {@code [DONE]} when {@code stream} is true.
 */
@RestController
@RequestMapping("/v1")
class ChatCompletionsController {

    private static final Logger log = LoggerFactory.getLogger(ChatCompletionsController.class);
    private static final Duration MAX_STREAM = Duration.ofMinutes(15);

    private final OpenAiModels models;
    private final AnswerPipeline pipeline;
    private final GroundworkProperties properties;
    private final FollowUpRewriter rewriter;
    private final AnswerMetrics metrics;
    private final Access access;

    ChatCompletionsController(
            Access access,
            OpenAiModels models,
            AnswerPipeline pipeline,
            GroundworkProperties properties,
            FollowUpRewriter rewriter,
            AnswerMetrics metrics) {
        this.models = models;
        this.pipeline = pipeline;
        this.properties = properties;
        this.rewriter = rewriter;
        this.metrics = metrics;
        this.access = access;
    }

    record ModelList(String object, List<OpenAiModels.Model> data) {}

    @GetMapping("/models")
    ModelList models() {
        return new ModelList("list", models.list());
    }

    /**
     * A plain completion or a grounded answer; a stream of chunks when the request asks (whatever
     * the {@code Accept} header says, as OpenAI's server does).
     */
    @PostMapping("/chat/completions")
    Object complete(
            @Valid @RequestBody ChatCompletionRequest request,
            @RequestHeader(name = "X-Groundwork-Collection", required = false) String collectionHeader,
            @RequestHeader(name = "X-Groundwork-Policy", required = false) String policyHeader) {
        request.check();
        Completion completion =
                new Completion("chatcmpl-" + UUID.randomUUID(), Instant.now().getEpochSecond(), request.model());
        return switch (models.resolve(request.model())) {
            case OpenAiModels.Grounded grounded -> {
                AnswerQuery query = query(request, grounded, collectionHeader, policyHeader);
                yield request.streaming() ? streamGrounded(completion, query) : answer(completion, query);
            }
            case OpenAiModels.Plain plain -> {
                Prompt prompt = prompt(request);
                yield request.streaming()
                        ? streamPlain(completion, plain, prompt)
                        : complete(completion, plain, prompt);
            }
            case OpenAiModels.Embedding embedding ->
                throw new IllegalArgumentException(
                        "model: '" + request.model() + "' is an embedding model; use /v1/embeddings");
        };
    }

    /** What every chunk of one completion repeats. */
    private record Completion(String id, long created, String model) {

        ChatCompletion chunk(ChatCompletion.Delta delta, String finishReason, AnswerResponse groundwork) {
            return ChatCompletion.chunk(id, created, model, delta, finishReason, groundwork);
        }
    }

    private ChatCompletion answer(Completion completion, AnswerQuery query) {
        GroundedAnswer answer = metrics.measure(AnswerListener.NONE, listener -> pipeline.answer(query, listener));
        return ChatCompletion.whole(
                completion.id(),
                completion.created(),
                completion.model(),
                answer.text(),
                "stop",
                AnswerResponse.of(answer));
    }

    /**
     * Streams a grounded answer once it is verified, a sentence per chunk: verification may correct
     * a sentence's citation or, by policy, drop or rewrite sentences, and a client of this API
     * cannot take back text it was sent. The first chunk (the role) goes out at once; the last one
     * carries the verification.
     */
    private SseEmitter streamGrounded(Completion completion, AnswerQuery query) {
        SseEmitter emitter = new SseEmitter(MAX_STREAM.toMillis());
        Thread.ofVirtual()
                .name("v1-answer-stream")
                .start(RequestIdFilter.withLoggingContext(() -> stream(emitter, () -> {
                    send(emitter, completion.chunk(new ChatCompletion.Delta("assistant", ""), null, null));
                    GroundedAnswer answer =
                            metrics.measure(AnswerListener.NONE, listener -> pipeline.answer(query, listener));
                    String text = answer.text();
                    int from = 0;
                    for (VerifiedSentence sentence : answer.sentences()) {
                        if (sentence.end() > from && sentence.end() <= text.length()) {
                            send(
                                    emitter,
                                    completion.chunk(
                                            new ChatCompletion.Delta(null, text.substring(from, sentence.end())),
                                            null,
                                            null));
                            from = sentence.end();
                        }
                    }
                    if (from < text.length()) {
                        send(
                                emitter,
                                completion.chunk(new ChatCompletion.Delta(null, text.substring(from)), null, null));
                    }
                    send(
                            emitter,
                            completion.chunk(new ChatCompletion.Delta(null, null), "stop", AnswerResponse.of(answer)));
                })));
        return emitter;
    }

    private ChatCompletion complete(Completion completion, OpenAiModels.Plain plain, Prompt prompt) {
        ChatResponse response = plain.model().call(prompt);
        return ChatCompletion.whole(
                completion.id(),
                completion.created(),
                completion.model(),
                response.getResult().getOutput().getText(),
                finishReason(response),
                null);
    }

    private SseEmitter streamPlain(Completion completion, OpenAiModels.Plain plain, Prompt prompt) {
        SseEmitter emitter = new SseEmitter(MAX_STREAM.toMillis());
        Thread.ofVirtual()
                .name("v1-completion-stream")
                .start(RequestIdFilter.withLoggingContext(() -> stream(emitter, () -> {
                    send(emitter, completion.chunk(new ChatCompletion.Delta("assistant", ""), null, null));
                    // An exception thrown here (the client went away) cancels the subscription, which stops the model.
                    plain.model().stream(prompt)
                            .doOnNext(response -> {
                                String text = response.getResult().getOutput().getText();
                                String finish =
                                        response.getResult().getMetadata().getFinishReason();
                                if (text != null && !text.isEmpty()) {
                                    send(emitter, completion.chunk(new ChatCompletion.Delta(null, text), null, null));
                                }
                                if (finish != null) {
                                    send(
                                            emitter,
                                            completion.chunk(
                                                    new ChatCompletion.Delta(null, null),
                                                    openAiFinishReason(finish),
                                                    null));
                                }
                            })
                            .blockLast(MAX_STREAM);
                })));
        return emitter;
    }

    private AnswerQuery query(
            ChatCompletionRequest request,
            OpenAiModels.Grounded grounded,
            String collectionHeader,
            String policyHeader) {
        ChatCompletionRequest.Grounding grounding = request.groundwork();
        String collection = grounded.collection() != null
                ? grounded.collection()
                : grounding != null && grounding.collection() != null ? grounding.collection() : collectionHeader;
        String policy = grounding != null && grounding.policy() != null
                ? grounding.policy()
                : policyHeader != null ? policyHeader : properties.answer().policy();
        int k = grounding != null && grounding.k() != null
                ? grounding.k()
                : properties.search().defaultK();
        return new AnswerQuery(
                question(request),
                access.restrict(
                        FilterRequest.toFilter(grounding == null ? null : grounding.filter(), collection), "answering"),
                k,
                0,
                Policy.parse(policy));
    }

    /**
     * The question a grounded model answers: the last user message, rewritten into a standalone
     * question when it follows up on the conversation before it.
     */
    private String question(ChatCompletionRequest request) {
        List<ChatCompletionRequest.Message> messages = request.messages();
        int last = messages.size() - 1;
        while (last >= 0 && !messages.get(last).role().equals("user")) {
            last--;
        }
        if (last < 0) {
            throw new IllegalArgumentException("messages: there is no user message to answer");
        }
        String question = messages.get(last).text().strip();
        if (question.isEmpty()) {
            throw new IllegalArgumentException("messages: the last user message is empty");
        }
        List<Turn> history = new ArrayList<>();
        for (int i = 0; i < last; i++) {
            ChatCompletionRequest.Message message = messages.get(i);
            if (message.role().equals("user")) {
                history.add(new Turn(message.text(), ""));
            } else if (message.role().equals("assistant") && !history.isEmpty()) {
                history.set(history.size() - 1, new Turn(history.getLast().question(), message.text()));
            }
        }
        return rewriter.rewrite(history, question).question();
    }

    /** The conversation and the sampling settings as Spring AI's prompt, for the local model. */
    private static Prompt prompt(ChatCompletionRequest request) {
        List<Message> messages = new ArrayList<>();
        for (ChatCompletionRequest.Message message : request.messages()) {
            String text = message.text();
            messages.add(
                    switch (message.role()) {
                        case "system", "developer" -> new SystemMessage(text);
                        case "assistant" -> new AssistantMessage(text);
                        case "user" -> new UserMessage(text);
                        default ->
                            throw new IllegalArgumentException("messages: role '" + message.role()
                                    + "' is not supported by the local model (it does not call tools)");
                    });
        }
        ChatOptions.Builder options = ChatOptions.builder()
                .maxTokens(request.tokenLimit())
                .temperature(request.temperature())
                .topP(request.topP());
        List<String> stop = request.stopStrings();
        if (!stop.isEmpty()) {
            options.stopSequences(stop);
        }
        return new Prompt(messages, options.build());
    }

    private static String finishReason(ChatResponse response) {
        return openAiFinishReason(response.getResult().getMetadata().getFinishReason());
    }

    /** OpenAI's finish reasons: a generation cut at the token limit is {@code length}, any other end {@code stop}. */
    private static String openAiFinishReason(String reason) {
        return "length".equals(reason) ? "length" : "stop";
    }

    /** Runs {@code body}, then ends the stream with {@code [DONE]}, or with an error object if it failed. */
    private static void stream(SseEmitter emitter, Runnable body) {
        try {
            body.run();
            emitter.send(SseEmitter.event().data("[DONE]"));
            emitter.complete();
        } catch (ClientGone e) {
            log.debug("Completion stream closed by the client");
        } catch (IOException e) {
            log.debug("Completion stream closed: {}", e.getMessage());
        } catch (RuntimeException e) {
            log.warn("Streaming a completion failed", e);
            try {
                emitter.send(SseEmitter.event()
                        .data(OpenAiErrors.body(String.valueOf(e.getMessage()), "server_error", null)));
                emitter.complete();
            } catch (IOException | IllegalStateException closed) {
                emitter.completeWithError(e);
            }
        }
    }

    /** The client closed the stream: stop answering. */
    private static final class ClientGone extends RuntimeException {
        ClientGone(Throwable cause) {
            super(cause);
        }
    }

    private static void send(SseEmitter emitter, ChatCompletion chunk) {
        try {
            emitter.send(SseEmitter.event().data(chunk, MediaType.APPLICATION_JSON));
        } catch (IOException | IllegalStateException e) {
            throw new ClientGone(e);
        }
    }
}
