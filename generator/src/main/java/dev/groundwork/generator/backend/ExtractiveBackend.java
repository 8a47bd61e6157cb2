package dev.groundwork.generator.answer;

import dev.groundwork.generator.Answer;
import dev.groundwork.generator.AnswerSentence;
import dev.groundwork.generator.Answerer;
import dev.groundwork.generator.Citation;
import dev.groundwork.generator.text.Sentences;
import dev.groundwork.generator.text.Terms;
import dev.groundwork.runtime.embedding.Embedder;
import dev.groundwork.vectorstore.SearchHit;
import dev.groundwork.vectorstore.StoredChunk;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Answers without a language model: scores every sentence of the top passages by its semantic
 * similarity to the question and its coverage of the question's content words, and answers with
 * the best few non-redundant ones, each cited with its exact span.
 */
public final class ExtractiveAnswerer implements Answerer {

    /** The answer given when no sentence is relevant enough. */
    public static final String NOT_FOUND = "The sources do not contain an answer to this question.";

    private static final int PASSAGES = 5;
    private static final int MAX_SENTENCES = 3;
    private static final int MIN_WORDS = 4;
    private static final Pattern MARKUP_HEADING = Pattern.compile("^(#{1,6}\\s|=+$|-+$)");
    private static final double SEMANTIC_WEIGHT = 0.7;
    /** Below this combined score the best sentence is not an answer: refuse instead of guessing. */
    private static final double MIN_SCORE = 0.35;
    /** Further sentences must score within this fraction of the best one. */
    private static final double RELATIVE_SCORE = 0.8;

    private static final double MAX_REDUNDANCY = 0.6;

    private final Embedder embedder;

    public ExtractiveAnswerer(Embedder embedder) {
        this.embedder = embedder;
    }

    private record Candidate(StoredChunk passage, int start, int end, String text, Set<String> terms, double score) {}

    @Override
    public Answer answer(String question, float[] queryVector, List<SearchHit> passages) {
        float[] query = queryVector != null ? queryVector : embedder.embedQuery(question);
        List<Candidate> candidates = candidates(question, query, passages);
        candidates.sort(Comparator.comparingDouble(Candidate::score).reversed());
        if (candidates.isEmpty() || candidates.getFirst().score() < MIN_SCORE) {
            return new Answer(NOT_FOUND, false, List.of(), List.of());
        }
        double floor = Math.max(MIN_SCORE, candidates.getFirst().score() * RELATIVE_SCORE);
        List<Candidate> chosen = new ArrayList<>();
        for (Candidate candidate : candidates) {
            if (chosen.size() == MAX_SENTENCES || candidate.score() < floor) {
                break;
            }
            boolean redundant =
                    chosen.stream().anyMatch(other -> Terms.overlap(other.terms(), candidate.terms()) > MAX_REDUNDANCY);
            if (!redundant) {
                chosen.add(candidate);
            }
        }
        // Best first: the most relevant sentence is the one a reader must not miss.
        return compose(chosen);
    }

    private List<Candidate> candidates(String question, float[] queryVector, List<SearchHit> passages) {
        Set<String> questionTerms = Terms.of(question);
        List<SearchHit> top = passages.subList(0, Math.min(PASSAGES, passages.size()));
        List<Candidate> unscored = new ArrayList<>();
        for (SearchHit hit : top) {
            StoredChunk passage = hit.chunk();
            for (int[] span : Sentences.spans(passage.text())) {
                String text = passage.text().substring(span[0], span[1]);
                // A question in the sources (a FAQ entry, say) restates the question; it never answers it.
                // Headings name a topic; they do not answer anything.
                if (text.split("\\s+").length >= MIN_WORDS
                        && !text.endsWith("?")
                        && !MARKUP_HEADING.matcher(text).find()) {
                    unscored.add(new Candidate(
                            passage, passage.start() + span[0], passage.start() + span[1], text, Terms.of(text), 0));
                }
            }
        }
        List<float[]> vectors =
                embedder.embedPassages(unscored.stream().map(Candidate::text).toList());
        List<Candidate> scored = new ArrayList<>(unscored.size());
        for (int i = 0; i < unscored.size(); i++) {
            Candidate c = unscored.get(i);
            double semantic = Math.max(0, dot(queryVector, vectors.get(i)));
            double lexical = Terms.coverage(questionTerms, c.terms());
            double score = SEMANTIC_WEIGHT * semantic + (1 - SEMANTIC_WEIGHT) * lexical;
            scored.add(new Candidate(c.passage(), c.start(), c.end(), c.text(), c.terms(), score));
        }
        return scored;
    }

    private static Answer compose(List<Candidate> chosen) {
        StringBuilder text = new StringBuilder();
        List<AnswerSentence> sentences = new ArrayList<>();
        List<Citation> citations = new ArrayList<>();
        for (Candidate candidate : chosen) {
            int number = citations.size() + 1;
            StoredChunk passage = candidate.passage();
            citations.add(new Citation(
                    number,
                    passage.documentId(),
                    passage.title(),
                    passage.source(),
                    candidate.start(),
                    candidate.end(),
                    candidate.text(),
                    passage.chunkId(),
                    passage.start(),
                    passage.end(),
                    passage.text()));
            sentences.add(new AnswerSentence(candidate.text(), number, candidate.score()));
            if (!text.isEmpty()) {
                text.append(' ');
            }
            text.append(candidate.text()).append(" [").append(number).append(']');
        }
        return new Answer(text.toString(), true, sentences, citations);
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
