package dev.groundwork.runtime.tokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits text into the words that byte-level BPE merges within, exactly as llama.cpp's {@code
 * unicode_regex_split} does: each regex of a pre-tokenizer splits every piece the previous one
 * left, and the parts between matches stay pieces of their own.
 *
 * <p>Like llama.cpp, the GPT-2 and Llama-3 regexes run as hand-written matchers over Unicode
 * categories; any other regex runs on a "collapsed" copy of the text in which every non-ASCII code
 * point is replaced by one marker character per category, with {@code \p{L}}, {@code \p{N}}, ...
 * rewritten to classes of those markers. This reproduces llama.cpp's answers where a Unicode-aware
 * regex engine would differ (non-ASCII white space, for instance, only matches {@code \s} through its
 * marker).
 */
final class WordSplitter {

    static final String GPT2 = "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)";
    static final String LLAMA3 =
            "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+"
                    + "|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
    private static final String LLAMA3_ORIGINAL = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+"
            + "|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

    /** Marker characters of the collapsed text (llama.cpp's bytes 0xD0 to 0xD5) and what each class keeps of ASCII. */
    private record Category(char marker, String ascii) {}

    private static final char OTHER_MARKER = '\u00D0';
    private static final char WHITESPACE_MARKER = (char) 0x0B; // a vertical tab, which std::regex's \s matches
    private static final Category NUMBER = new Category('\u00D1', "0-9");
    private static final Category LETTER = new Category('\u00D2', "A-Za-z");
    private static final Category PUNCTUATION = new Category('\u00D3', "!-#%-*,-/:-;?-@\\[-\\]_\\{\\}");
    private static final Category ACCENT_MARK = new Category('\u00D4', "");
    private static final Category SYMBOL = new Category('\u00D5', "\\$\\+<->^`\\|");
    private static final Map<String, Category> CATEGORY_CLASSES = Map.of(
            "\\p{N}", NUMBER,
            "\\p{L}", LETTER,
            "\\p{P}", PUNCTUATION,
            "\\p{M}", ACCENT_MARK,
            "\\p{S}", SYMBOL,
            "\\p{Lu}", LETTER,
            "\\p{Ll}", LETTER,
            "\\p{Lt}", LETTER,
            "\\p{Lm}", LETTER,
            "\\p{Lo}", LETTER);

    private static final int OUT_OF_RANGE = -1;

    /** One regex of the pre-tokenizer, in the form llama.cpp runs it. */
    private sealed interface Rule {
        record Gpt2() implements Rule {}

        record Llama3() implements Rule {}

        /** A regex over the collapsed text. */
        record Collapsed(Pattern pattern) implements Rule {}

        /** A regex without categories, over the text whose non-ASCII white space became vertical tabs. */
        record Plain(Pattern pattern) implements Rule {}
    }

    private final List<Rule> rules;

    WordSplitter(List<String> regexes) {
        this.rules = regexes.stream().map(WordSplitter::rule).toList();
    }

    private static Rule rule(String regex) {
        if (regex.equals(GPT2)) {
            return new Rule.Gpt2();
        }
        if (regex.equals(LLAMA3) || regex.equals(LLAMA3_ORIGINAL)) {
            return new Rule.Llama3();
        }
        boolean usesCategories = CATEGORY_CLASSES.keySet().stream().anyMatch(regex::contains);
        return usesCategories
                ? new Rule.Collapsed(Pattern.compile(collapse(regex)))
                : new Rule.Plain(Pattern.compile(regex));
    }

    /** The words of {@code text}, in order; together they are the whole text. */
    List<String> split(String text) {
        int[] codepoints = text.codePoints().toArray();
        if (codepoints.length == 0) {
            return List.of();
        }
        Lengths lengths = new Lengths();
        lengths.add(codepoints.length);
        String collapsed = null;
        String plain = null;
        int[] charOffsets = null;
        for (Rule rule : rules) {
            Lengths next = new Lengths();
            int start = 0;
            for (int f = 0; f < lengths.size; f++) {
                int end = start + lengths.values[f];
                switch (rule) {
                    case Rule.Gpt2 gpt2 -> splitGpt2(codepoints, start, end, next);
                    case Rule.Llama3 llama3 -> splitLlama3(codepoints, start, end, next);
                    case Rule.Collapsed(Pattern pattern) -> {
                        if (collapsed == null) {
                            collapsed = collapsed(codepoints);
                        }
                        // one char per code point: char offsets are code point offsets
                        matches(pattern, collapsed, start, end, next, null);
                    }
                    case Rule.Plain(Pattern pattern) -> {
                        if (plain == null) {
                            plain = plain(codepoints);
                            charOffsets = charOffsets(codepoints);
                        }
                        matches(pattern, plain, start, end, next, charOffsets);
                    }
                }
                start = end;
            }
            lengths = next;
        }
        List<String> words = new ArrayList<>(lengths.size);
        int from = 0;
        for (int w = 0; w < lengths.size; w++) {
            int to = text.offsetByCodePoints(from, lengths.values[w]);
            words.add(text.substring(from, to));
            from = to;
        }
        return words;
    }

    private static int flags(int[] codepoints, int start, int end, int position) {
        return position >= start && position < end ? CodepointFlags.of(codepoints[position]) : 0;
    }

    private static int codepoint(int[] codepoints, int start, int end, int position) {
        return position >= start && position < end ? codepoints[position] : OUT_OF_RANGE;
    }

    /** llama.cpp's {@code unicode_regex_split_custom_gpt2}: the GPT-2 regex over code points {@code [start, end)}. */
    private static void splitGpt2(int[] cps, int start, int end, Lengths out) {
        Cuts cuts = new Cuts(start, out);
        final int wordChars = CodepointFlags.WHITESPACE | CodepointFlags.LETTER | CodepointFlags.NUMBER;
        for (int pos = start; pos < end; ) {
            int cpt = codepoint(cps, start, end, pos);
            int flags = flags(cps, start, end, pos);
            // 's|'t|'re|'ve|'m|'ll|'d
            if (cpt == '\'' && pos + 1 < end) {
                int next = codepoint(cps, start, end, pos + 1);
                if (next == 's' || next == 't' || next == 'm' || next == 'd') {
                    pos += cuts.at(pos + 2);
                    continue;
                }
                if (pos + 2 < end) {
                    int nextNext = codepoint(cps, start, end, pos + 2);
                    if ((next == 'r' && nextNext == 'e')
                            || (next == 'v' && nextNext == 'e')
                            || (next == 'l' && nextNext == 'l')) {
                        pos += cuts.at(pos + 3);
                        continue;
                    }
                }
            }
            int flags2 = cpt == ' ' ? flags(cps, start, end, pos + 1) : flags;
            // " ?\p{L}+", " ?\p{N}+", " ?[^\s\p{L}\p{N}]+"
            if ((flags2 & CodepointFlags.LETTER) != 0) {
                pos += cpt == ' ' ? 1 : 0;
                while ((flags2 & CodepointFlags.LETTER) != 0) {
                    flags2 = flags(cps, start, end, ++pos);
                }
                cuts.at(pos);
                continue;
            }
            if ((flags2 & CodepointFlags.NUMBER) != 0) {
                pos += cpt == ' ' ? 1 : 0;
                while ((flags2 & CodepointFlags.NUMBER) != 0) {
                    flags2 = flags(cps, start, end, ++pos);
                }
                cuts.at(pos);
                continue;
            }
            if ((flags2 & wordChars) == 0 && flags2 != 0) {
                pos += cpt == ' ' ? 1 : 0;
                while ((flags2 & wordChars) == 0 && flags2 != 0) {
                    flags2 = flags(cps, start, end, ++pos);
                }
                cuts.at(pos);
                continue;
            }
            int whitespaces = 0;
            while ((flags(cps, start, end, pos + whitespaces) & CodepointFlags.WHITESPACE) != 0) {
                whitespaces++;
            }
            // "\s+(?!\S)": a run of white space before a word leaves its last character to the word
            if (whitespaces > 1 && codepoint(cps, start, end, pos + whitespaces) != OUT_OF_RANGE) {
                pos += whitespaces - 1;
                cuts.at(pos);
                continue;
            }
            if (whitespaces > 0) {
                pos += whitespaces;
                cuts.at(pos);
                continue;
            }
            cuts.at(++pos);
        }
    }

    /** llama.cpp's {@code unicode_regex_split_custom_llama3}: the Llama-3 regex over code points {@code [start, end)}. */
    private static void splitLlama3(int[] cps, int start, int end, Lengths out) {
        Cuts cuts = new Cuts(start, out);
        final int wordChars = CodepointFlags.WHITESPACE | CodepointFlags.LETTER | CodepointFlags.NUMBER;
        for (int pos = start; pos < end; ) {
            int cpt = codepoint(cps, start, end, pos);
            int flags = flags(cps, start, end, pos);
            // (?i:'s|'t|'re|'ve|'m|'ll|'d)
            if (cpt == '\'' && pos + 1 < end) {
                int next = Character.toLowerCase(codepoint(cps, start, end, pos + 1));
                if (next == 's' || next == 't' || next == 'm' || next == 'd') {
                    pos += cuts.at(pos + 2);
                    continue;
                }
                if (pos + 2 < end) {
                    int nextNext = Character.toLowerCase(codepoint(cps, start, end, pos + 2));
                    if ((next == 'r' && nextNext == 'e')
                            || (next == 'v' && nextNext == 'e')
                            || (next == 'l' && nextNext == 'l')) {
                        pos += cuts.at(pos + 3);
                        continue;
                    }
                }
            }
            // [^\r\n\p{L}\p{N}]?\p{L}+
            if (!(cpt == '\r' || cpt == '\n' || (flags & CodepointFlags.NUMBER) != 0)) {
                if ((flags & CodepointFlags.LETTER) != 0
                        || (flags(cps, start, end, pos + 1) & CodepointFlags.LETTER) != 0) {
                    pos++;
                    while ((flags(cps, start, end, pos) & CodepointFlags.LETTER) != 0) {
                        pos++;
                    }
                    cuts.at(pos);
                    continue;
                }
            }
            // \p{N}{1,3}
            if ((flags & CodepointFlags.NUMBER) != 0) {
                int first = pos;
                while ((flags(cps, start, end, pos) & CodepointFlags.NUMBER) != 0) {
                    if (++pos - first >= 3) {
                        cuts.at(pos);
                        first = pos;
                    }
                }
                cuts.at(pos);
                continue;
            }
            // " ?[^\s\p{L}\p{N}]+[\r\n]*" (llama.cpp tests the current flags, not the next, for being in range)
            int flags2 = cpt == ' ' ? flags(cps, start, end, pos + 1) : flags;
            if ((flags2 & wordChars) == 0 && flags != 0) {
                pos += cpt == ' ' ? 1 : 0;
                while ((flags2 & wordChars) == 0 && flags2 != 0) {
                    flags2 = flags(cps, start, end, ++pos);
                }
                int cpt2 = codepoint(cps, start, end, pos);
                while (cpt2 == '\r' || cpt2 == '\n') {
                    cpt2 = codepoint(cps, start, end, ++pos);
                }
                cuts.at(pos);
                continue;
            }
            int whitespaces = 0;
            int lastLineBreakEnd = 0;
            while ((flags(cps, start, end, pos + whitespaces) & CodepointFlags.WHITESPACE) != 0) {
                int cpt2 = codepoint(cps, start, end, pos + whitespaces);
                if (cpt2 == '\r' || cpt2 == '\n') {
                    lastLineBreakEnd = pos + whitespaces + 1;
                }
                whitespaces++;
            }
            // \s*[\r\n]+
            if (lastLineBreakEnd > 0) {
                pos = lastLineBreakEnd;
                cuts.at(pos);
                continue;
            }
            // \s+(?!\S)
            if (whitespaces > 1 && codepoint(cps, start, end, pos + whitespaces) != OUT_OF_RANGE) {
                pos += whitespaces - 1;
                cuts.at(pos);
                continue;
            }
            // \s+
            if (whitespaces > 0) {
                pos += whitespaces;
                cuts.at(pos);
                continue;
            }
            cuts.at(++pos);
        }
    }

    /**
     * Runs {@code pattern} over code points {@code [start, end)} of {@code text} (one char each, or
     * starting at the given {@code charOffsets}) and cuts at every match boundary as llama.cpp's
     * {@code unicode_regex_split_stl} does, the text between matches included.
     */
    private static void matches(Pattern pattern, String text, int start, int end, Lengths out, int[] charOffsets) {
        int from = charOffsets == null ? start : charOffsets[start];
        int to = charOffsets == null ? end : charOffsets[end];
        // Lookaheads must not see past the piece, as std::regex_iterator over [start, end) cannot.
        Matcher matcher = pattern.matcher(text.substring(from, to));
        int previous = 0;
        while (matcher.find()) {
            int matchStart = matcher.start();
            int matchEnd = matcher.end();
            if (charOffsets != null) {
                matchStart = Character.codePointCount(text, from, from + matchStart);
                matchEnd = Character.codePointCount(text, from, from + matchEnd);
            }
            if (matchStart > previous) {
                out.add(matchStart - previous);
            }
            out.add(matchEnd - matchStart);
            previous = matchEnd;
        }
        if (previous < end - start) {
            out.add(end - start - previous);
        }
    }

    /** The char index at which each code point starts, and the length at the end. */
    private static int[] charOffsets(int[] codepoints) {
        int[] offsets = new int[codepoints.length + 1];
        for (int i = 0; i < codepoints.length; i++) {
            offsets[i + 1] = offsets[i] + Character.charCount(codepoints[i]);
        }
        return offsets;
    }

    /** One char per code point: ASCII kept, other white space a vertical tab, the rest its category's marker. */
    private static String collapsed(int[] codepoints) {
        char[] chars = new char[codepoints.length];
        for (int i = 0; i < codepoints.length; i++) {
            int cp = codepoints[i];
            if (cp < 128) {
                chars[i] = (char) cp;
                continue;
            }
            int flags = CodepointFlags.of(cp);
            chars[i] = (flags & CodepointFlags.WHITESPACE) != 0
                    ? WHITESPACE_MARKER
                    : switch (flags & CodepointFlags.CATEGORIES) {
                        case CodepointFlags.NUMBER -> NUMBER.marker();
                        case CodepointFlags.LETTER -> LETTER.marker();
                        case CodepointFlags.PUNCTUATION -> PUNCTUATION.marker();
                        case CodepointFlags.ACCENT_MARK -> ACCENT_MARK.marker();
                        case CodepointFlags.SYMBOL -> SYMBOL.marker();
                        default -> OTHER_MARKER;
                    };
        }
        return new String(chars);
    }

    /** The text with non-ASCII white space as vertical tabs, which std::wregex's {@code \s} matches. */
    private static String plain(int[] codepoints) {
        StringBuilder text = new StringBuilder(codepoints.length);
        for (int cp : codepoints) {
            text.appendCodePoint(cp > 0x7F && CodepointFlags.isWhitespace(cp) ? WHITESPACE_MARKER : cp);
        }
        return text.toString();
    }

    /** llama.cpp's rewriting of a regex for the collapsed text: {@code \p{X}} becomes a class of X's marker and ASCII members. */
    static String collapse(String regex) {
        StringBuilder out = new StringBuilder();
        boolean inside = false; // inside [...], where a category adds members instead of a class
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '[' && (i == 0 || regex.charAt(i - 1) != '\\')) {
                out.append('[');
                inside = true;
                continue;
            }
            if (inside && c == ']' && regex.charAt(i - 1) != '\\') {
                out.append(']');
                inside = false;
                continue;
            }
            if (c == '\\' && i + 3 < regex.length() && regex.charAt(i + 1) == 'p' && regex.charAt(i + 2) == '{') {
                int close = regex.indexOf('}', i + 3);
                if (close != -1 && close <= i + 10) {
                    Category category = CATEGORY_CLASSES.get(regex.substring(i, close + 1));
                    if (category != null) {
                        out.append(inside ? "" : "[")
                                .append(category.marker())
                                .append(category.ascii())
                                .append(inside ? "" : "]");
                        i = close;
                        continue;
                    }
                }
            }
            out.append(c);
        }
        return out.toString();
    }

    /** Cuts a piece into words at increasing code point positions, as llama.cpp's {@code _add_token}. */
    private static final class Cuts {
        private final Lengths out;
        private int previous;

        Cuts(int start, Lengths out) {
            this.previous = start;
            this.out = out;
        }

        /** Ends a word at {@code end} (none if empty) and returns its length. */
        int at(int end) {
            int length = end - previous;
            if (length > 0) {
                out.add(length);
            }
            previous = end;
            return length;
        }
    }

    /** A growing list of word lengths in code points. */
    private static final class Lengths {
        private int[] values = new int[16];
        private int size;

        void add(int length) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = length;
        }
    }
}
