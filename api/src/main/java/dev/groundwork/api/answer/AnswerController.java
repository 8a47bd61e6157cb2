package dev.groundwork.api.answer;

import dev.groundwork.api.GroundworkProperties;
import dev.groundwork.api.observability.AnswerMetrics;
import dev.groundwork.api.search.FilterRequest;
import dev.groundwork.api.security.Access;
import dev.groundwork.generator.answer.AnswerListener;
import dev.groundwork.generator.answer.AnswerPipeline;
import dev.groundwork.generator.answer.AnswerQuery;
import dev.groundwork.generator.answer.GroundedAnswer;
import dev.groundwork.generator.answer.Policy;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code POST /api/answer}: a grounded answer with every sentence verified; {@code POST
 * /api/answer/stream}: the same as server-sent events ({@code sources}, {@code token}, {@code
 * revising}, {@code citations}, a {@code verdict} per sentence, then {@code answer} with the
 * verified result, or {@code error}).
 */
@RestController
@RequestMapping("/api/answer")
class AnswerController {

    private final AnswerPipeline pipeline;
    private final GroundworkProperties properties;
    private final AnswerMetrics metrics;
    private final Access access;

    AnswerController(AnswerPipeline pipeline, GroundworkProperties properties, AnswerMetrics metrics, Access access) {
        this.pipeline = pipeline;
        this.properties = properties;
        this.metrics = metrics;
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

    @PostMapping
    AnswerResponse answer(@Valid @RequestBody AnswerRequest request) {
        AnswerQuery query = query(request);
        return AnswerResponse.of(metrics.measure(AnswerListener.NONE, listener -> pipeline.answer(query, listener)));
    }

    @PostMapping(path = "/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream(@Valid @RequestBody AnswerRequest request) {
        AnswerQuery query = query(request);
        return AnswerEvents.stream("answer-stream", events -> {
            GroundedAnswer answer = metrics.measure(events.listener(), listener -> pipeline.answer(query, listener));
            events.verification(answer);
            events.send("answer", AnswerResponse.of(answer));
        });
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
}
