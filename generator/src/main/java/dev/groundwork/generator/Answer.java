package dev.groundwork.generator;

import java.util.List;

/**
 * An answer with its citations.
 *
 * @param text the answer with {@code [n]} markers that refer to {@link Citation#number()}
 * @param grounded false when the sources did not contain an answer and {@code text} says so
 */
public record Answer(String text, boolean grounded, List<AnswerSentence> sentences, List<Citation> citations) {

    public Answer {
        sentences = List.copyOf(sentences);
        citations = List.copyOf(citations);
    }
}
