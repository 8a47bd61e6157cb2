package dev.groundwork.api.answer;

import dev.groundwork.api.GroundworkProperties;
import dev.groundwork.api.search.FilterRequest;
import dev.groundwork.api.security.Access;
import dev.groundwork.generator.answer.AnswerListener;
import dev.groundwork.generator.answer.AnswerPipeline;
import dev.groundwork.generator.answer.AnswerQuery;
import dev.groundwork.generator.answer.Citation;
import dev.groundwork.generator.answer.GroundedAnswer;
import dev.groundwork.generator.answer.Policy;
import dev.groundwork.generator.answer.PolicyReport;
import dev.groundwork.generator.answer.VerifiedSentence;
import dev.groundwork.generator.context.PackedSource;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code POST /api/answer}: a grounded answer with every sentence verified; {@code POST
 * /api/answer/stream}: the same as server-sent events ({@code sources}, {@code token}, {@code
 * revising}, then {@code answer} with the verified result, or {@code error}).
 */
@RestController
@RequestMapping("/api/answer")
class AnswerController {

    private static final Logger log = LoggerFactory.getLogger(AnswerController.class);
    private static final Duration MAX_STREAM = Duration.ofMinutes(15);

    private final AnswerPipeline pipeline;
    private final GroundworkProperties properties;
    private final Access access;

    AnswerController(AnswerPipeline pipeline, GroundworkProperties properties, Access access) {
        this.pipeline = pipeline;
        this.properties = properties;
        this.access = access;
    }

    record AnswerRequest(
            @NotBlank @Size(max = 2000) String question,
            @Size(max = 200) String collection,
            @Min(1) @Max(50) Integer k,
            @Min(0) @Max(3) Integer neighbours,

            @Pattern(regexp = "(?i)annotate|drop|rewrite|refuse", message = "must be annotate, drop, rewrite or refuse")
            String policy,

            @Valid FilterRequest filter) {}

    /**
     * The answer as the API returns it: {@code answer} is the text with {@code [n]} markers; {@code
     * tookMs} is the whole request.
     */
    record AnswerResponse(
            String question,
            String answer,
            boolean grounded,
            String backend,
            List<VerifiedSentence> sentences,
            List<Citation> citations,
            PolicyReport policy,
            double retrievalConfidence,
            double supportedShare,
            GroundedAnswer.Timings timings,
            long tookMs) {

        static AnswerResponse of(GroundedAnswer answer) {
            return new AnswerResponse(
                    answer.question(),
                    answer.text(),
                    answer.grounded(),
                    answer.backend(),
                    answer.sentences(),
                    answer.citations(),
                    answer.policy(),
                    answer.retrievalConfidence(),
                    answer.supportedShare(),
                    answer.timings(),
                    answer.timings().totalMs());
        }
    }

    @PostMapping
    AnswerResponse answer(@Valid @RequestBody AnswerRequest request) {
        return AnswerResponse.of(pipeline.answer(query(request), AnswerListener.NONE));
    }

    @PostMapping(path = "/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream(@Valid @RequestBody AnswerRequest request) {
        AnswerQuery query = query(request);
        SseEmitter emitter = new SseEmitter(MAX_STREAM.toMillis());
        Thread.ofVirtual().name("answer-stream").start(() -> {
            try {
                GroundedAnswer answer = pipeline.answer(query, new AnswerListener() {
                    @Override
                    public void sources(List<PackedSource> sources) {
                        send(emitter, "sources", sources);
                    }

                    @Override
                    public void token(String text) {
                        send(emitter, "token", Map.of("text", text));
                    }

                    @Override
                    public void revising(int round) {
                        send(emitter, "revising", Map.of("round", round));
                    }
                });
                emitter.send(SseEmitter.event().name("answer").data(AnswerResponse.of(answer)));
                emitter.complete();
            } catch (ClientGone e) {
                log.debug("Answer stream closed by the client");
            } catch (IOException e) {
                log.debug("Answer stream closed: {}", e.getMessage());
            } catch (RuntimeException e) {
                log.warn("Answering '{}' failed", query.question(), e);
                try {
                    emitter.send(
                            SseEmitter.event().name("error").data(Map.of("detail", String.valueOf(e.getMessage()))));
                    emitter.complete();
                } catch (IOException | IllegalStateException closed) {
                    emitter.completeWithError(e);
                }
            }
        });
        return emitter;
    }

    /** The query, limited to the collections the caller may read (on the request's thread). */
    private AnswerQuery query(AnswerRequest request) {
        int k = request.k() == null ? properties.search().defaultK() : request.k();
        Policy policy =
                Policy.parse(request.policy() == null ? properties.answer().policy() : request.policy());
        return new AnswerQuery(
                request.question(),
                access.restrict(FilterRequest.toFilter(request.filter(), request.collection()), "answering"),
                k,
                request.neighbours() == null ? 0 : request.neighbours(),
                policy);
    }

    /** The client closed the stream: stop answering. */
    private static final class ClientGone extends RuntimeException {
        ClientGone(Throwable cause) {
            super(cause);
        }
    }

    private static void send(SseEmitter emitter, String event, Object data) {
        try {
            emitter.send(SseEmitter.event().name(event).data(data));
        } catch (IOException | IllegalStateException e) {
            throw new ClientGone(e);
        }
    }
}
