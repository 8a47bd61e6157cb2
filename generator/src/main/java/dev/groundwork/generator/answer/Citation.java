package dev.groundwork.generator.answer;

/**
 * What an {@code [n]} marker of an answer points at: the characters {@code [start, end)} of a
 * document's stored text, and the retrieved passage (chunk) they were found in, for context.
 */
public record Citation(
        int number,
        long documentId,
        String title,
        String source,
        int start,
        int end,
        String text,
        long chunkId,
        int passageStart,
        int passageEnd,
        String passageText) {

    public Citation {
        if (start < passageStart || end > passageEnd || end <= start) {
            throw new IllegalArgumentException("Cited span [" + start + ", " + end + ") is not inside its passage ["
                    + passageStart + ", " + passageEnd + ")");
        }
    }
}
