package dev.groundwork.generator.backend;

import dev.groundwork.generator.context.PackedSource;
import dev.groundwork.generator.text.Sentences;
import dev.groundwork.generator.text.Terms;
import dev.groundwork.runtime.embedding.Embedder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Answers without a language model: scores every sentence of the first sources by its semantic
 * similarity to the question and its coverage of the question's content words, and answers with
 * the best few non-redundant ones, best first, each followed by the marker of its source.
 */
public final class ExtractiveBackend implements AnswerBackend {

    private static final int SOURCES = 5;
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

    public ExtractiveBackend(Embedder embedder) {
        this.embedder = embedder;
    }

    @Override
    public String name() {
        return "extractive";
    }

    private record Candidate(int source, String text, Set<String> terms, double score) {}

    @Override
    public Draft draft(String question, float[] queryVector, List<PackedSource> sources, Consumer<String> tokens) {
        float[] query = queryVector != null ? queryVector : embedder.embedQuery(question);
        List<Candidate> candidates = candidates(question, query, sources);
        candidates.sort(Comparator.comparingDouble(Candidate::score).reversed());
        if (candidates.isEmpty() || candidates.getFirst().score() < MIN_SCORE) {
            tokens.accept(NOT_FOUND);
            return new Draft(NOT_FOUND, false);
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
        StringBuilder text = new StringBuilder();
        List<Sentence> sentences = new ArrayList<>();
        for (Candidate candidate : chosen) {
            String sentence = (text.isEmpty() ? "" : " ") + candidate.text() + " [" + candidate.source() + "]";
            tokens.accept(sentence);
            text.append(sentence);
            sentences.add(new Sentence(candidate.text(), List.of(candidate.source())));
        }
        // The sentences are given as well as the text: a quoted sentence may hold brackets that read
        // like markers ("a = [1, 2]"), or lack the full stop that tells where it ends.
        return new Draft(text.toString(), true, sentences);
    }

    /** Without a language model there is nothing to rewrite with; the pipeline drops instead. */
    @Override
    public boolean canRevise() {
        return false;
    }

    @Override
    public Draft revise(
            String question,
            List<PackedSource> sources,
            String draft,
            List<Finding> findings,
            Consumer<String> tokens) {
        throw new UnsupportedOperationException("The extractive backend cannot rewrite answers");
    }

    private List<Candidate> candidates(String question, float[] queryVector, List<PackedSource> sources) {
        Set<String> questionTerms = Terms.of(question);
        List<Candidate> unscored = new ArrayList<>();
        for (PackedSource source : sources.subList(0, Math.min(SOURCES, sources.size()))) {
            for (int[] span : Sentences.spans(source.text())) {
                String text = source.text().substring(span[0], span[1]);
                // A question in the sources (a FAQ entry, say) restates the question; it never answers it.
                // Headings name a topic; they do not answer anything.
                if (text.split("\\s+").length >= MIN_WORDS
                        && !text.endsWith("?")
                        && !MARKUP_HEADING.matcher(text).find()) {
                    unscored.add(new Candidate(source.number(), text, Terms.of(text), 0));
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
            scored.add(new Candidate(c.source(), c.text(), c.terms(), score));
        }
        return scored;
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
