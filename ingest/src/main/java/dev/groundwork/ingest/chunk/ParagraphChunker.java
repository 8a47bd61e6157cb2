package dev.groundwork.ingest.chunk;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToIntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits text into paragraph-sized chunks of at most {@code maxTokens} tokens.
 *
 * <p>Consecutive short paragraphs are merged up to the limit; a paragraph over the limit is split
 * at sentence boundaries, and a sentence over the limit at word boundaries. Every chunk is an exact
 * span of the input with no leading or trailing whitespace.
 */
public final class ParagraphChunker {

    private static final Pattern PARAGRAPH = Pattern.compile("\\S(?:.*\\S)?(?:\\n[ \\t]*\\S.*)*");

    private final ToIntFunction<String> tokenCounter;
    private final int maxTokens;

    public ParagraphChunker(ToIntFunction<String> tokenCounter, int maxTokens) {
        if (maxTokens < 8) {
            throw new IllegalArgumentException("Chunks need at least 8 tokens, was " + maxTokens);
        }
        this.tokenCounter = tokenCounter;
        this.maxTokens = maxTokens;
    }

    public List<ChunkSpan> chunk(String text) {
        return chunk(text, List.of());
    }

    /** Chunks {@code text} without merging paragraphs across any of the {@code sectionStarts} offsets. */
    public List<ChunkSpan> chunk(String text, List<Integer> sectionStarts) {
        List<ChunkSpan> pieces = new ArrayList<>();
        Matcher paragraph = PARAGRAPH.matcher(text);
        while (paragraph.find()) {
            addFitting(text, paragraph.start(), trimmedEnd(text, paragraph.end()), pieces);
        }
        return merge(text, pieces, sectionStarts);
    }

    /** Adds the span as one piece if it fits, else its sentences (or words) as pieces. */
    private void addFitting(String text, int start, int end, List<ChunkSpan> pieces) {
        int tokens = tokenCounter.applyAsInt(text.substring(start, end));
        if (tokens <= maxTokens) {
            pieces.add(new ChunkSpan(start, end, tokens));
            return;
        }
        List<int[]> parts = sentences(text, start, end);
        if (parts.size() == 1) {
            parts = words(text, start, end);
        }
        if (parts.size() == 1) {
            // One unbreakable token run longer than the limit: keep it whole; the embedder truncates it.
            pieces.add(new ChunkSpan(start, end, tokens));
            return;
        }
        for (int[] part : parts) {
            addFitting(text, part[0], part[1], pieces);
        }
    }

    /** Greedily joins neighbouring pieces while the joined span stays within the limit. */
    private List<ChunkSpan> merge(String text, List<ChunkSpan> pieces, List<Integer> sectionStarts) {
        List<ChunkSpan> chunks = new ArrayList<>();
        ChunkSpan current = null;
        int section = 0;
        for (ChunkSpan piece : pieces) {
            boolean newSection = false;
            while (section < sectionStarts.size() && sectionStarts.get(section) <= piece.start()) {
                newSection |= current != null && sectionStarts.get(section) >= current.end();
                section++;
            }
            // Pieces are separated by white space, on which the model's tokenizer splits anyway, so the
            // joined span has the sum of their token counts: no need to tokenize it again.
            if (current != null && !newSection && current.tokenCount() + piece.tokenCount() <= maxTokens) {
                current = new ChunkSpan(current.start(), piece.end(), current.tokenCount() + piece.tokenCount());
                continue;
            }
            if (current != null) {
                chunks.add(current);
            }
            current = piece;
        }
        if (current != null) {
            chunks.add(current);
        }
        return chunks;
    }

    private static List<int[]> sentences(String text, int start, int end) {
        return boundaries(BreakIterator.getSentenceInstance(Locale.ENGLISH), text, start, end);
    }

    private static List<int[]> words(String text, int start, int end) {
        List<int[]> words = new ArrayList<>();
        int i = start;
        while (i < end) {
            int wordEnd = i;
            while (wordEnd < end && !Character.isWhitespace(text.charAt(wordEnd))) {
                wordEnd++;
            }
            words.add(new int[] {i, wordEnd});
            i = wordEnd;
            while (i < end && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
        }
        return words;
    }

    private static List<int[]> boundaries(BreakIterator iterator, String text, int start, int end) {
        iterator.setText(text.substring(start, end));
        List<int[]> parts = new ArrayList<>();
        int from = iterator.first();
        for (int to = iterator.next(); to != BreakIterator.DONE; from = to, to = iterator.next()) {
            int s = start + from;
            int e = trimmedEnd(text, start + to);
            while (s < e && Character.isWhitespace(text.charAt(s))) {
                s++;
            }
            if (s < e) {
                parts.add(new int[] {s, e});
            }
        }
        return parts;
    }

    private static int trimmedEnd(String text, int end) {
        while (end > 0 && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        return end;
    }
}
