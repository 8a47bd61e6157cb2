package dev.groundwork.runtime.embedding;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToIntFunction;

/**
 * Counts a text's tokens as the sum of its words' token counts, remembering the count of each short
 * word.
 *
 * <p>Exact for the BERT tokenizers of the bundled models: their normalizer and pre-tokenizer split
 * the text at every space, tab, carriage return and line feed before anything else, so no token
 * spans such a character and a text's count is the sum of the counts of the runs between them.
 * Chunking counts every block, line and sentence of every document, and words repeat a great deal,
 * so most counts come from the map instead of a round trip through the native tokenizer.
 */
final class WordTokenCounter {

    /** Words longer than this are counted each time: rare, and they would make the map large. */
    private static final int MAX_CACHED_WORD = 48;

    private static final int MAX_CACHED_WORDS = 1 << 18;

    private final ToIntFunction<String> exactCount;
    private final ConcurrentHashMap<String, Integer> counts = new ConcurrentHashMap<>();

    WordTokenCounter(ToIntFunction<String> exactCount) {
        this.exactCount = exactCount;
    }

    int count(String text) {
        int total = 0;
        int length = text.length();
        int i = 0;
        while (i < length) {
            while (i < length && isSplit(text.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < length && !isSplit(text.charAt(i))) {
                i++;
            }
            if (start < i) {
                total += wordCount(text.substring(start, i));
            }
        }
        return total;
    }

    private int wordCount(String word) {
        if (word.length() > MAX_CACHED_WORD) {
            return exactCount.applyAsInt(word);
        }
        Integer known = counts.get(word);
        if (known != null) {
            return known;
        }
        int count = exactCount.applyAsInt(word);
        if (counts.size() >= MAX_CACHED_WORDS) {
            counts.clear();
        }
        counts.put(word, count);
        return count;
    }

    private static boolean isSplit(char c) {
        return c == ' ' || c == '\n' || c == '\t' || c == '\r';
    }
}
