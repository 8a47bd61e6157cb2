package dev.groundwork.generator.text;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Splits text into sentences, as trimmed {@code [start, end)} spans of it. */
public final class Sentences {

    private Sentences() {}

    /**
     * Line breaks end a sentence too: in extracted documents they separate headings, list items and
     * table rows, which rarely end with a full stop.
     */
    public static List<int[]> spans(String text) {
        List<int[]> spans = new ArrayList<>();
        int lineStart = 0;
        while (lineStart <= text.length()) {
            int lineEnd = text.indexOf('\n', lineStart);
            if (lineEnd < 0) {
                lineEnd = text.length();
            }
            addSentences(text, lineStart, lineEnd, spans);
            lineStart = lineEnd + 1;
        }
        return spans;
    }

    private static void addSentences(String text, int from, int to, List<int[]> spans) {
        BreakIterator iterator = BreakIterator.getSentenceInstance(Locale.ENGLISH);
        iterator.setText(text.substring(from, to));
        int start = iterator.first();
        for (int end = iterator.next(); end != BreakIterator.DONE; start = end, end = iterator.next()) {
            int s = from + start;
            int e = from + end;
            while (s < e && Character.isWhitespace(text.charAt(s))) {
                s++;
            }
            while (e > s && Character.isWhitespace(text.charAt(e - 1))) {
                e--;
            }
            if (s < e) {
                spans.add(new int[] {s, e});
            }
        }
    }
}
