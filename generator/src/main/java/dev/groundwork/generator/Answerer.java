package dev.groundwork.generator;

import dev.groundwork.vectorstore.SearchHit;
import java.util.List;

/** Writes an answer to a question from retrieved passages, citing them. */
public interface Answerer {

    /**
     * @param queryVector the question's embedding, as used for retrieval
     * @param passages retrieved passages, best first
     */
    Answer answer(String question, float[] queryVector, List<SearchHit> passages);
}
