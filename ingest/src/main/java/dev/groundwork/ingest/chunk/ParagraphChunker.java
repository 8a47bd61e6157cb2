package dev.groundwork.ingest.chunk;

import dev.groundwork.ingest.read.Heading;
import java.text.BreakIterator;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.function.ToIntFunction;
import java.util.regex.Pattern;

/**
 * Splits a document's text into chunks that follow its structure.
 *
 * <p>The text is cut into sections at its headings; no chunk runs across a heading, and each chunk
 * carries the path of the headings above it, which is embedded with it. Within a section, blocks
 * (paragraphs, and lists, tables and code blocks, whose lines the readers keep together) are
 * merged greedily up to the token budget, so a block is kept whole whenever it fits. A block over
 * the budget is split at its lines when it is a list, table or code block, else at sentences, and a
 * sentence over the budget at words. Consecutive chunks of a section share up to
 * {@code overlapTokens} tokens of whole sentences or lines. The budget is the model's limit less
 * the tokens of the heading path embedded with the chunk. Every chunk is an exact span of the text
 * with no leading or trailing whitespace.
 */
public final class ParagraphChunker {

    /** Separates the headings of a path. */
    public static final String PATH_SEPARATOR = " > ";

    private static final Pattern STRUCTURED_LINE =
            Pattern.compile("^(?:\\s+\\S|[-*+•]\\s|\\d{1,3}[.)]\\s|.*\\s\\|\\s)");

    private final ToIntFunction<String> tokenCounter;
    private final int maxTokens;
    private final int overlapTokens;

    public ParagraphChunker(ToIntFunction<String> tokenCounter, int maxTokens, int overlapTokens) {
        if (maxTokens < 8) {
            throw new IllegalArgumentException("Chunks need at least 8 tokens, was " + maxTokens);
        }
        if (overlapTokens < 0 || overlapTokens > maxTokens / 2) {
            throw new IllegalArgumentException("Chunk overlap must be between 0 and half the chunk size ("
                    + maxTokens / 2 + "), was " + overlapTokens);
        }
        this.tokenCounter = tokenCounter;
        this.maxTokens = maxTokens;
        this.overlapTokens = overlapTokens;
    }

    public ParagraphChunker(ToIntFunction<String> tokenCounter, int maxTokens) {
        this(tokenCounter, maxTokens, 0);
    }

    public List<ChunkSpan> chunk(String text) {
        return chunk(text, List.of(), "");
    }

    public List<ChunkSpan> chunk(String text, List<Heading> headings) {
        return chunk(text, headings, "");
    }

    /**
     * Chunks {@code text}, whose headings are {@code headings}; {@code title} is embedded in front of
     * the chunks above the first heading, and takes its share of their budget.
     */
    public List<ChunkSpan> chunk(String text, List<Heading> headings, String title) {
        List<Heading> sorted = headings.stream()
                .filter(heading -> heading.start() < text.length())
                .sorted(Comparator.comparingInt(Heading::start))
                .toList();
        List<ChunkSpan> chunks = new ArrayList<>();
        Deque<Heading> path = new ArrayDeque<>();
        int sectionStart = 0;
        for (Heading heading : sorted) {
            chunkSection(text, sectionStart, heading.start(), path(path), title, chunks);
            while (!path.isEmpty() && path.peekLast().level() >= heading.level()) {
                path.removeLast();
            }
            path.addLast(heading);
            sectionStart = heading.start();
        }
        chunkSection(text, sectionStart, text.length(), path(path), title, chunks);
        return chunks;
    }

    private static String path(Deque<Heading> headings) {
        return String.join(PATH_SEPARATOR, headings.stream().map(Heading::text).toList());
    }

    private void chunkSection(String text, int from, int to, String headingPath, String title, List<ChunkSpan> chunks) {
        if (from >= to) {
            return;
        }
        String context = headingPath.isEmpty() ? title : headingPath;
        // The path (or title) is embedded in front of the chunk, so it takes part of the model's
        // sequence; one too long for that is cut short by the model rather than the text made tiny.
        int pathTokens = context.isEmpty() ? 0 : tokenCounter.applyAsInt(context) + 1;
        int budget = Math.max(maxTokens / 2, maxTokens - pathTokens);
        List<ChunkSpan> pieces = new ArrayList<>();
        for (int[] block : blocks(text, from, to)) {
            addFitting(text, block[0], block[1], budget, pieces);
        }
        merge(pieces, budget, headingPath, chunks);
    }

    /** Adds the span as one piece if it fits, else its lines, sentences or words as pieces. */
    private void addFitting(String text, int start, int end, int budget, List<ChunkSpan> pieces) {
        int tokens = tokenCounter.applyAsInt(text.substring(start, end));
        if (tokens <= budget) {
            pieces.add(new ChunkSpan(start, end, tokens));
            return;
        }
        List<int[]> parts = structured(text, start, end) ? lines(text, start, end) : List.of();
        if (parts.size() <= 1) {
            parts = sentences(text, start, end);
        }
        if (parts.size() <= 1) {
            parts = words(text, start, end);
        }
        if (parts.size() <= 1) {
            // One unbreakable token run longer than the limit: keep it whole; the embedder truncates it.
            pieces.add(new ChunkSpan(start, end, tokens));
            return;
        }
        for (int[] part : parts) {
            addFitting(text, part[0], part[1], budget, pieces);
        }
    }

    /**
     * Joins neighbouring pieces while the joined span stays within the budget; a new chunk starts
     * with the last pieces of the one before, up to the overlap.
     */
    private void merge(List<ChunkSpan> pieces, int budget, String headingPath, List<ChunkSpan> chunks) {
        List<ChunkSpan> window = new ArrayList<>();
        int windowTokens = 0;
        for (ChunkSpan piece : pieces) {
            if (!window.isEmpty() && windowTokens + piece.tokenCount() > budget) {
                chunks.add(joined(window, windowTokens, headingPath));
                List<ChunkSpan> kept = new ArrayList<>();
                int keptTokens = 0;
                for (int i = window.size() - 1; i > 0; i--) {
                    int tokens = window.get(i).tokenCount();
                    if (keptTokens + tokens > overlapTokens || keptTokens + tokens + piece.tokenCount() > budget) {
                        break;
                    }
                    kept.addFirst(window.get(i));
                    keptTokens += tokens;
                }
                window = kept;
                windowTokens = keptTokens;
            }
            window.add(piece);
            windowTokens += piece.tokenCount();
        }
        if (!window.isEmpty()) {
            chunks.add(joined(window, windowTokens, headingPath));
        }
    }

    private static ChunkSpan joined(List<ChunkSpan> window, int tokens, String headingPath) {
        // Pieces are separated by white space, on which the model's tokenizer splits anyway, so the
        // joined span has the sum of their token counts: no need to tokenize it again.
        return new ChunkSpan(window.getFirst().start(), window.getLast().end(), tokens, headingPath);
    }

    /**
     * The blocks of {@code [from, to)}: runs of non-blank lines, trimmed. (Scanned by hand: a regular
     * expression repeating per line overflows the stack on a list of thousands of lines.)
     */
    private static List<int[]> blocks(String text, int from, int to) {
        List<int[]> blocks = new ArrayList<>();
        int i = from;
        while (i < to) {
            while (i < to && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i >= to) {
                break;
            }
            int start = i;
            int end;
            while (true) {
                int lineEnd = text.indexOf('\n', i);
                end = lineEnd < 0 || lineEnd > to ? to : lineEnd;
                if (end >= to || isBlankLine(text, end + 1, to)) {
                    break;
                }
                i = end + 1;
            }
            blocks.add(new int[] {start, trimmedEnd(text, end)});
            i = end;
        }
        return blocks;
    }

    /** Whether the line starting at {@code start} holds nothing but spaces and tabs (or the text ends). */
    private static boolean isBlankLine(String text, int start, int to) {
        int i = start;
        while (i < to && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        return i >= to || text.charAt(i) == '\n';
    }

    /** Whether the block is a list, table or code block: most of its lines are items, rows or indented. */
    private static boolean structured(String text, int start, int end) {
        String[] lines = text.substring(start, end).split("\n");
        if (lines.length < 2) {
            return false;
        }
        int structuredLines = 0;
        for (String line : lines) {
            if (STRUCTURED_LINE.matcher(line).find()) {
                structuredLines++;
            }
        }
        return structuredLines * 2 >= lines.length;
    }

    private static List<int[]> lines(String text, int start, int end) {
        List<int[]> lines = new ArrayList<>();
        int lineStart = start;
        while (lineStart < end) {
            int lineEnd = text.indexOf('\n', lineStart);
            if (lineEnd < 0 || lineEnd > end) {
                lineEnd = end;
            }
            int s = lineStart;
            while (s < lineEnd && Character.isWhitespace(text.charAt(s))) {
                s++;
            }
            int e = trimmedEnd(text, lineEnd);
            if (s < e) {
                lines.add(new int[] {s, e});
            }
            lineStart = lineEnd + 1;
        }
        return lines;
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
