package dev.groundwork.generator.text;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The content words of a text, lower-cased and lightly stemmed, for lexical overlap. */
public final class Terms {

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}_]+(?:['.-][\\p{L}\\p{N}_]+)*");
    private static final Set<String> STOP_WORDS = Set.of(
            "a", "about", "an", "and", "are", "as", "at", "be", "by", "can", "could", "did", "do", "does", "for",
            "from", "had", "has", "have", "how", "i", "if", "in", "into", "is", "it", "its", "me", "my", "of", "on",
            "or", "our", "should", "so", "than", "that", "the", "their", "them", "then", "there", "these", "they",
            "this", "to", "was", "we", "were", "what", "when", "where", "which", "who", "why", "will", "with", "would",
            "you", "your");

    private Terms() {}

    public static Set<String> of(String text) {
        Set<String> terms = new LinkedHashSet<>();
        Matcher word = WORD.matcher(text.toLowerCase(Locale.ROOT));
        while (word.find()) {
            String term = word.group();
            if (!STOP_WORDS.contains(term)) {
                terms.add(stem(term));
            }
        }
        return terms;
    }

    /** Strips the commonest English inflections, so that "tides" matches "tide". */
    private static String stem(String term) {
        if (term.length() > 4 && term.endsWith("ies")) {
            return term.substring(0, term.length() - 3) + "y";
        }
        if (term.length() > 5 && term.endsWith("ing")) {
            return term.substring(0, term.length() - 3);
        }
        if (term.length() > 4 && term.endsWith("ed")) {
            return term.substring(0, term.length() - 2);
        }
        if (term.length() > 3 && term.endsWith("s") && !term.endsWith("ss")) {
            return term.substring(0, term.length() - 1);
        }
        return term;
    }

    /** The share of {@code wanted} that {@code found} contains; 0 when nothing is wanted. */
    public static double coverage(Set<String> wanted, Set<String> found) {
        if (wanted.isEmpty()) {
            return 0;
        }
        return wanted.stream().filter(found::contains).count() / (double) wanted.size();
    }

    /** Jaccard similarity of two term sets. */
    public static double overlap(Set<String> a, Set<String> b) {
        if (a.isEmpty() && b.isEmpty()) {
            return 1;
        }
        long shared = a.stream().filter(b::contains).count();
        return shared / (double) (a.size() + b.size() - shared);
    }
}
