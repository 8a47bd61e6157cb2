package dev.groundwork.api.answer;

import dev.groundwork.generator.answer.Citation;
import dev.groundwork.generator.answer.GroundedAnswer;
import dev.groundwork.generator.answer.PolicyReport;
import dev.groundwork.generator.answer.VerifiedSentence;
import java.util.List;

/**
 * A verified answer as the API returns it ({@code /api/answer}, and the {@code groundwork} field of
 * the OpenAI-compatible chat completions): {@code answer} is the text with {@code [n]} markers;
 * {@code tookMs} is the whole request.
 */
public record AnswerResponse(
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

    public static AnswerResponse of(GroundedAnswer answer) {
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
