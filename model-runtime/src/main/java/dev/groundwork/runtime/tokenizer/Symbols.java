package dev.groundwork.runtime.tokenizer;

/**
 * The symbols of a text being merged, one per code point at first: a doubly linked list of char
 * spans that grow as neighbours join, as llama.cpp's {@code llm_symbol}. A span of length 0 has
 * been merged into its left neighbour.
 */
final class Symbols {

    final int[] start;
    final int[] length;
    final int[] previous;
    final int[] next;

    private Symbols(int count) {
        start = new int[count];
        length = new int[count];
        previous = new int[count];
        next = new int[count];
    }

    static Symbols ofCodepoints(String text) {
        Symbols symbols = new Symbols(text.codePointCount(0, text.length()));
        int offset = 0;
        for (int i = 0; i < symbols.count(); i++) {
            int chars = Character.charCount(text.codePointAt(offset));
            symbols.start[i] = offset;
            symbols.length[i] = chars;
            symbols.previous[i] = i - 1;
            symbols.next[i] = i + 1 < symbols.count() ? i + 1 : -1;
            offset += chars;
        }
        return symbols;
    }

    int count() {
        return start.length;
    }

    /** Merges {@code right} into its left neighbour {@code left}. */
    void join(int left, int right) {
        length[left] += length[right];
        length[right] = 0;
        next[left] = next[right];
        if (next[right] >= 0) {
            previous[next[right]] = left;
        }
    }

    String text(String text, int symbol) {
        return text.substring(start[symbol], start[symbol] + length[symbol]);
    }
}
