package dev.groundwork.generator.text;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code [n]} (or {@code [n, m]}) markers by which an answer cites its numbered sources. A
 * marker follows white space or punctuation; brackets right after a word ({@code x[0]}) are an
 * index in code, not a citation.
 */
public final class CitationMarkers {

    private static final Pattern MARKER =
            Pattern.compile("(?:\\s+|^|(?<=[.,;:!?)\\]\"'\u201d\u2019]))\\[(\\d{1,3}(?:\\s*,\\s*\\d{1,3})*)]");

    private static final Pattern LEADING_MARKERS =
            Pattern.compile("^(?:\\[\\d{1,3}(?:\\s*,\\s*\\d{1,3})*]\\s*)+[.,;]?\\s*");

    private CitationMarkers() {}

    /**
     * A sentence of an answer and the sources it cites.
     *
     * @param start where the sentence starts in the answer
     * @param end where it ends, after its markers
     * @param claim the sentence without its markers
     */
    public record MarkedSentence(int start, int end, String claim, List<Integer> cited) {}

    /**
     * The sentences of an answer, each with the markers that cite it: markers inside or at the end
     * of a sentence, and markers written after its full stop (which a sentence splitter gives to the
     * next sentence). Sentences that are nothing but markers are left out.
     */
    public static List<MarkedSentence> sentences(String answer) {
        List<MarkedSentence> sentences = new ArrayList<>();
        for (int[] span : splitAfterMarkers(answer, Sentences.spans(answer))) {
            int start = span[0];
            String text = answer.substring(start, span[1]);
            Matcher leading = LEADING_MARKERS.matcher(text);
            if (leading.find() && !sentences.isEmpty()) {
                MarkedSentence previous = sentences.removeLast();
                List<Integer> cited = new ArrayList<>(previous.cited());
                numbers(" " + leading.group()).stream()
                        .filter(n -> !cited.contains(n))
                        .forEach(cited::add);
                sentences.add(new MarkedSentence(
                        previous.start(),
                        start + leading.group().stripTrailing().length(),
                        previous.claim(),
                        cited));
                start += leading.end();
                text = text.substring(leading.end());
            }
            String claim = strip(text);
            if (!claim.isEmpty() && !onlyMarkers(text)) {
                sentences.add(new MarkedSentence(start, span[1], claim, numbers(text)));
            }
        }
        return sentences;
    }

    /**
     * Cuts sentences that the splitter left joined because a marker stood between them ("It is lit
     * at sunset. [1] Fog signals sound..."): after a marker that follows a sentence's full stop and is
     * followed by more text.
     */
    private static List<int[]> splitAfterMarkers(String answer, List<int[]> spans) {
        List<int[]> split = new ArrayList<>();
        for (int[] span : spans) {
            int start = span[0];
            Matcher marker = MARKER.matcher(answer).region(span[0], span[1]);
            while (marker.find()) {
                int after = marker.end();
                boolean moreText = after < span[1]
                        && Character.isWhitespace(answer.charAt(after))
                        && !answer.substring(after, span[1]).isBlank()
                        && answer.charAt(skipSpaces(answer, after, span[1])) != '[';
                String before = strip(answer.substring(start, marker.start()));
                if (moreText && !before.isEmpty() && ".!?".indexOf(before.charAt(before.length() - 1)) >= 0) {
                    split.add(new int[] {start, after});
                    start = skipSpaces(answer, after, span[1]);
                }
            }
            split.add(new int[] {start, span[1]});
        }
        return split;
    }

    private static int skipSpaces(String text, int from, int to) {
        int i = from;
        while (i < to && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    /** The numbers the text's markers cite, in order of appearance, each once. */
    public static List<Integer> numbers(String text) {
        List<Integer> numbers = new ArrayList<>();
        Matcher marker = MARKER.matcher(text);
        while (marker.find()) {
            for (String number : marker.group(1).split(",")) {
                int n = Integer.parseInt(number.strip());
                if (!numbers.contains(n)) {
                    numbers.add(n);
                }
            }
        }
        return numbers;
    }

    /** The text without its markers, trimmed. */
    public static String strip(String text) {
        return MARKER.matcher(text).replaceAll("").strip();
    }

    /** Whether the text is nothing but markers (and punctuation), as when a marker follows a sentence's full stop. */
    public static boolean onlyMarkers(String text) {
        return !text.isBlank()
                && strip(text).replaceAll("[\\p{Punct}\\s]", "").isEmpty()
                && !numbers(text).isEmpty();
    }
}
