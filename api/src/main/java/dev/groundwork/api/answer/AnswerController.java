package dev.groundwork.api.answer;

import dev.groundwork.api.GroundworkProperties;
import dev.groundwork.api.search.FilterRequest;
import dev.groundwork.generator.Answer;
import dev.groundwork.generator.AnswerSentence;
import dev.groundwork.generator.Answerer;
import dev.groundwork.generator.Citation;
import dev.groundwork.generator.retrieval.HybridRetriever;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/answer")
class AnswerController {

    private final HybridRetriever retriever;
    private final Answerer answerer;
    private final GroundworkProperties properties;

    AnswerController(HybridRetriever retriever, Answerer answerer, GroundworkProperties properties) {
        this.retriever = retriever;
        this.answerer = answerer;
        this.properties = properties;
    }

    record AnswerRequest(
            @NotBlank @Size(max = 2000) String question,
            @Size(max = 200) String collection,
            @Min(1) @Max(50) Integer k,
            @Valid FilterRequest filter) {}

    record AnswerResponse(
            String question,
            String answer,
            boolean grounded,
            List<AnswerSentence> sentences,
            List<Citation> citations,
            long tookMs) {}

    @PostMapping
    AnswerResponse answer(@Valid @RequestBody AnswerRequest request) {
        long started = System.nanoTime();
        int k = request.k() == null ? properties.search().defaultK() : request.k();
        HybridRetriever.Retrieval retrieval = retriever.retrieve(
                request.question(), FilterRequest.toFilter(request.filter(), request.collection()), k);
        Answer answer = answerer.answer(request.question(), retrieval.queryVector(), retrieval.hits());
        return new AnswerResponse(
                request.question(),
                answer.text(),
                answer.grounded(),
                answer.sentences(),
                answer.citations(),
                (System.nanoTime() - started) / 1_000_000);
    }
}
