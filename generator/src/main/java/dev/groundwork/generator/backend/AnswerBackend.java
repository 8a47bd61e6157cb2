package dev.groundwork.generator.backend;

import dev.groundwork.generator.context.PackedSource;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The seam between the answer pipeline and what writes answers: a language model ({@link
 * ChatModelBackend}, for a GGUF file run in-process or an OpenAI-compatible server) or none ({@link
 * ExtractiveBackend}). The pipeline retrieves, packs the sources, verifies and applies the policy;
 * a backend only writes (and, when it can, revises) the text.
 */
public interface AnswerBackend {

    /** What an answer says when the sources do not contain one. */
    String NOT_FOUND = "The sources do not contain an answer to this question.";

    /** How answers name the backend: {@code extractive}, {@code openai}, {@code local}. */
    String name();

    /**
     * Writes an answer to {@code question} from the numbered {@code sources}, citing them with
     * {@code [n]} markers, and passes its text to {@code tokens} piece by piece as it is written.
     *
     * @param queryVector the question's embedding, as used for retrieval, or {@code null}
     */
    Draft draft(String question, float[] queryVector, List<PackedSource> sources, Consumer<String> tokens);

    /**
     * A short completion outside answering (rewriting a follow-up question, say): the language
     * model's reply to {@code instructions} and {@code prompt}, or empty for a backend without one
     * or when the model fails.
     */
    default Optional<String> complete(String instructions, String prompt) {
        return Optional.empty();
    }

    /** Whether {@link #revise} can rewrite an answer: only backends with a language model can. */
    boolean canRevise();

    /**
     * Rewrites {@code draft} so that it says only what the sources support, told which of its
     * sentences the verifier found unsupported and what the sources say instead.
     */
    Draft revise(
            String question, List<PackedSource> sources, String draft, List<Finding> findings, Consumer<String> tokens);

    /**
     * An answer as a backend wrote it.
     *
     * @param text the answer, with {@code [n]} markers that refer to the sources' numbers
     * @param answered false when the backend found no answer in the sources and {@code text} says so
     * @param sentences the answer's sentences and the sources each cites, when the backend knows them
     *     (the extractive backend does); {@code null} to have them read from {@code text}
     */
    record Draft(String text, boolean answered, List<Sentence> sentences) {

        public Draft(String text, boolean answered) {
            this(text, answered, null);
        }
    }

    /** A sentence of a draft and the numbers of the sources it cites. */
    record Sentence(String text, List<Integer> cited) {}

    /**
     * A sentence of a draft that the verifier found unsupported.
     *
     * @param evidence the closest the sources come to the sentence, or empty
     */
    record Finding(String sentence, String evidence) {}
}
