package dev.groundwork.generator.conversation;

import dev.groundwork.generator.text.Terms;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Rewrites a follow-up question into one that can be retrieved and answered without the conversation. */
public final class FollowUpRewriter {

    /** Turns of history the rewrite reads, most recent last: older ones rarely decide what "it" is. */
    static final int HISTORY_TURNS = 4;

    static final String INSTRUCTIONS = """
            Rewrite the follow-up question so that it can be understood without the conversation: \
            replace pronouns and vague references with what they refer to. Keep its meaning and its \
            language. Reply with the rewritten question only, on one line. If it is already \
            standalone, reply with it unchanged.""";

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}_]+(?:['.-][\\p{L}\\p{N}_]+)*");

    /** Words that point back into the conversation. */
    private static final Set<String> REFERRING = Set.of(
            "it",
            "its",
            "it's",
            "they",
            "them",
            "their",
            "theirs",
            "this",
            "that",
            "these",
            "those",
            "he",
            "she",
            "him",
            "her",
            "his",
            "hers",
            "there",
            "then",
            "one",
            "ones",
            "same",
            "such",
            "also",
            "too",
            "else",
            "former",
            "latter",
            "above",
            "previous");

    /** The share of the follow-up's content words a model's rewrite must keep. */
    static final double KEPT_TERMS = 0.5;

    /** A follow-up with fewer content words than this leans on the conversation ("and in winter?"). */
    static final int MIN_CONTENT_TERMS = 3;

    private final BiFunction<String, String, Optional<String>> model;

    /**
     * @param model a language model's reply to instructions and a prompt, or empty when there is no
     *     model or it failed: {@code AnswerBackend::complete}
     */
    public FollowUpRewriter(BiFunction<String, String, Optional<String>> model) {
        this.model = model;
    }

    /**
     * The question as asked, or rewritten.
     *
     * @param how {@code unchanged}, {@code model} (the backend's language model rewrote it) or
     *     {@code terms} (the previous question's content words were added)
     */
    public record Rewrite(String question, String how) {}

    /** {@code followUp} in standalone form, given the conversation's earlier turns (oldest first). */
    public Rewrite rewrite(List<Turn> history, String followUp) {
        if (history.isEmpty() || !needsContext(followUp)) {
            return new Rewrite(followUp, "unchanged");
        }
        List<Turn> recent = history.subList(Math.max(0, history.size() - HISTORY_TURNS), history.size());
        Optional<String> byModel = model.apply(INSTRUCTIONS, prompt(recent, followUp))
                .map(FollowUpRewriter::firstLine)
                .filter(rewritten -> usable(rewritten, followUp));
        if (byModel.isPresent()) {
            return new Rewrite(byModel.get(), "model");
        }
        String borrowed = borrowedTerms(recent.getLast().question(), followUp);
        return borrowed.isEmpty()
                ? new Rewrite(followUp, "unchanged")
                : new Rewrite(followUp.strip() + " (" + borrowed + ")", "terms");
    }

    /** Whether the question refers back or says too little to stand alone. */
    static boolean needsContext(String question) {
        Matcher word = WORD.matcher(question.toLowerCase(Locale.ROOT));
        while (word.find()) {
            if (REFERRING.contains(word.group())) {
                return true;
            }
        }
        return Terms.of(question).size() < MIN_CONTENT_TERMS;
    }

    private static String prompt(List<Turn> turns, String followUp) {
        StringBuilder prompt = new StringBuilder("Conversation:\n");
        for (Turn turn : turns) {
            prompt.append("User: ").append(turn.question().strip()).append('\n');
            if (!turn.answer().isBlank()) {
                prompt.append("Assistant: ")
                        .append(shorten(turn.answer().strip(), 600))
                        .append('\n');
            }
        }
        return prompt.append("\nFollow-up question: ")
                .append(followUp.strip())
                .append("\n\nStandalone question:")
                .toString();
    }

    /** The content words of {@code previous} that the follow-up lacks, in their order, as written. */
    static String borrowedTerms(String previous, String followUp) {
        Set<String> present = Terms.of(followUp);
        Set<String> words = new LinkedHashSet<>();
        Matcher word = WORD.matcher(previous);
        while (word.find()) {
            Set<String> stem = Terms.of(word.group());
            if (!stem.isEmpty()
                    && !present.containsAll(stem)
                    && !REFERRING.contains(word.group().toLowerCase(Locale.ROOT))) {
                words.add(word.group());
            }
        }
        return String.join(" ", words);
    }

    /**
     * A model's rewrite is used when it is one plausible question, not an answer or an essay, and
     * keeps most of what the follow-up asks (a rewrite only replaces what points back): a weak model
     * that wanders off would otherwise send retrieval after the wrong thing.
     */
    private static boolean usable(String rewritten, String followUp) {
        Set<String> asked = Terms.of(followUp);
        return !rewritten.isBlank()
                && rewritten.length() <= Math.max(300, 3 * followUp.length())
                && (asked.isEmpty() || Terms.coverage(asked, Terms.of(rewritten)) >= KEPT_TERMS);
    }

    private static String firstLine(String text) {
        String line = text.strip().lines().findFirst().orElse("").strip();
        if (line.regionMatches(true, 0, "Standalone question:", 0, "Standalone question:".length())) {
            line = line.substring("Standalone question:".length()).strip();
        }
        return line.length() >= 2 && line.startsWith("\"") && line.endsWith("\"")
                ? line.substring(1, line.length() - 1)
                : line;
    }

    private static String shorten(String text, int chars) {
        return text.length() <= chars ? text : text.substring(0, chars) + "…";
    }
}
