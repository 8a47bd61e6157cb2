package dev.groundwork.generator.answer;

import dev.groundwork.vectorstore.SearchFilter;
import java.util.Objects;

/**
 * A question to answer, and how.
 *
 * @param k passages to retrieve
 * @param neighbours adjacent chunks to add on each side of each passage
 */
public record AnswerQuery(String question, SearchFilter filter, int k, int neighbours, Policy policy) {

    public AnswerQuery {
        Objects.requireNonNull(question, "question");
        Objects.requireNonNull(policy, "policy");
    }
}
