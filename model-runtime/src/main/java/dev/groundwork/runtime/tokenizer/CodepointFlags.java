package dev.groundwork.runtime.tokenizer;

/**
 * The Unicode category and white-space flags of a code point, as llama.cpp's {@code
 * unicode_cpt_flags} define them (one bit per general category group, plus {@link #WHITESPACE}).
 */
final class CodepointFlags {

    static final int UNDEFINED = 0x0001;
    static final int NUMBER = 0x0002;
    static final int LETTER = 0x0004;
    static final int SEPARATOR = 0x0008;
    static final int ACCENT_MARK = 0x0010;
    static final int PUNCTUATION = 0x0020;
    static final int SYMBOL = 0x0040;
    static final int CONTROL = 0x0080;
    static final int CATEGORIES = 0x00FF;
    static final int WHITESPACE = 0x0100;

    private CodepointFlags() {}

    /**
     * The flags of {@code codepoint}. Java's character data (Unicode 16) stands in for llama.cpp's
     * generated tables; the two differ only on code points assigned by a newer Unicode version.
     */
    static int of(int codepoint) {
        int category = switch (Character.getType(codepoint)) {
            case Character.UPPERCASE_LETTER,
                    Character.LOWERCASE_LETTER,
                    Character.TITLECASE_LETTER,
                    Character.MODIFIER_LETTER,
                    Character.OTHER_LETTER -> LETTER;
            case Character.NON_SPACING_MARK, Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK -> ACCENT_MARK;
            case Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER -> NUMBER;
            case Character.CONNECTOR_PUNCTUATION,
                    Character.DASH_PUNCTUATION,
                    Character.START_PUNCTUATION,
                    Character.END_PUNCTUATION,
                    Character.INITIAL_QUOTE_PUNCTUATION,
                    Character.FINAL_QUOTE_PUNCTUATION,
                    Character.OTHER_PUNCTUATION -> PUNCTUATION;
            case Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL, Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL ->
                SYMBOL;
            case Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> SEPARATOR;
            case Character.CONTROL, Character.FORMAT, Character.PRIVATE_USE, Character.SURROGATE -> CONTROL;
            default -> UNDEFINED;
        };
        return isWhitespace(codepoint) ? category | WHITESPACE : category;
    }

    /** Unicode's White_Space property, which llama.cpp uses for {@code \s}. */
    static boolean isWhitespace(int codepoint) {
        return (codepoint >= 0x09 && codepoint <= 0x0D)
                || codepoint == 0x20
                || codepoint == 0x85
                || codepoint == 0xA0
                || codepoint == 0x1680
                || (codepoint >= 0x2000 && codepoint <= 0x200A)
                || codepoint == 0x2028
                || codepoint == 0x2029
                || codepoint == 0x202F
                || codepoint == 0x205F
                || codepoint == 0x3000;
    }
}
