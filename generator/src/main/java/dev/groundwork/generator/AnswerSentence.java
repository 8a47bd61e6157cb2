package dev.groundwork.generator;

/**
 * One sentence of an answer.
 *
 * @param citation the number of the citation that supports it
 * @param score how relevant its evidence is to the question, 0 to 1
 */
public record AnswerSentence(String text, int citation, double score) {}
