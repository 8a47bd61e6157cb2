package dev.groundwork.generator.answer;

import dev.groundwork.generator.context.PackedSource;
import java.util.List;

/** Follows an answer as it is made, for streaming it. Every method has a default that does nothing. */
public interface AnswerListener {

    AnswerListener NONE = new AnswerListener() {};

    /** The sources the answer is written from, once retrieved and packed. */
    default void sources(List<PackedSource> sources) {}

    /** A piece of the answer's text as the backend writes it. */
    default void token(String text) {}

    /** The backend starts revising the answer (rewrite round {@code round}, from 1); tokens follow. */
    default void revising(int round) {}
}
