package dev.groundwork.generator.answer;

/**
 * What the policy did to an answer.
 *
 * @param action {@code annotated} (nothing removed), {@code dropped} (unsupported sentences
 *     removed), {@code rewritten} (revised by the backend), or {@code refused}
 * @param dropped sentences removed
 * @param rounds rewrite rounds run
 * @param reason why, in words, when the policy refused, or could not do what was asked
 */
public record PolicyReport(String policy, String action, int dropped, int rounds, String reason) {}
