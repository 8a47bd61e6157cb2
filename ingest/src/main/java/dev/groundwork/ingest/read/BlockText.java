package dev.groundwork.ingest.read;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;

/**
 * Lays out document structure as text: blocks separated by one blank line, list items and table
 * rows on consecutive lines, table cells joined by {@code " | "}, preformatted lines kept.
 *
 * <p>Readers (HTML through jsoup, Tika's XHTML, CSV) drive it with structure events. Headings and
 * pages are written as private-use marks that {@link #layOut} removes after normalising, turning
 * them into offsets of the final text, so that offsets never drift from the stored text.
 */
final class BlockText {

    /** Marks the start of a heading of level {@code n} with {@code HEADING + n}. */
    private static final char HEADING = '\uE000';

    private static final char PAGE = '\uE010';

    private final StringBuilder out = new StringBuilder();
    /** Open lists: true for an ordered one; with the number of the last item. */
    private final List<int[]> lists = new ArrayList<>();

    private int tableDepth;
    private int cellsInRow;
    private int preDepth;
    private int headingMark = -1;

    /** Text laid out so far, with marks. */
    int length() {
        return out.length();
    }

    /**
     * Opens what the HTML element {@code name} stands for (heading, list, item, table, row, cell,
     * code block, line break).
     *
     * @return false when the element is none of these
     */
    boolean openElement(String name) {
        switch (name) {
            case "h1", "h2", "h3", "h4", "h5", "h6" -> startHeading(name.charAt(1) - '0');
            case "ul", "menu" -> startList(false);
            case "ol" -> startList(true);
            case "li" -> startItem();
            case "table" -> startTable();
            case "tr" -> startRow();
            case "td", "th" -> startCell();
            case "pre" -> startPre();
            case "br" -> lineBreak();
            default -> {
                return false;
            }
        }
        return true;
    }

    /**
     * Closes what {@link #openElement} opened for {@code name}.
     *
     * @return false when the element is none of those that need closing
     */
    boolean closeElement(String name) {
        switch (name) {
            case "h1", "h2", "h3", "h4", "h5", "h6" -> endHeading();
            case "ul", "menu", "ol" -> endList();
            case "table" -> endTable();
            case "pre" -> endPre();
            default -> {
                return false;
            }
        }
        return true;
    }

    void startBlock() {
        if (inLine()) {
            space();
        } else {
            out.append("\n\n");
        }
    }

    void endBlock() {
        startBlock();
    }

    void startHeading(int level) {
        startBlock();
        if (!inLine() && headingMark < 0) {
            headingMark = out.length();
            out.append((char) (HEADING + Math.clamp(level, 1, 6)));
        }
    }

    /** Ends the open heading and returns its text, or null if there was none open. */
    String endHeading() {
        if (headingMark < 0) {
            endBlock();
            return null;
        }
        String heading = out.substring(headingMark + 1).strip();
        if (heading.isEmpty()) {
            dropHeading();
        }
        headingMark = -1;
        endBlock();
        return heading;
    }

    /** Makes the heading just ended plain text again (the mark is the last one written). */
    void dropHeading() {
        for (int i = out.length() - 1; i >= 0; i--) {
            if (isHeadingMark(out.charAt(i))) {
                out.deleteCharAt(i);
                return;
            }
        }
    }

    void startList(boolean ordered) {
        if (lists.isEmpty() && tableDepth == 0) {
            startBlock();
        }
        lists.add(new int[] {ordered ? 1 : 0, 0});
    }

    void endList() {
        if (!lists.isEmpty()) {
            lists.removeLast();
            if (lists.isEmpty() && tableDepth == 0) {
                endBlock();
            }
        }
    }

    void startItem() {
        if (lists.isEmpty() || tableDepth > 0) {
            space();
            return;
        }
        newLine();
        int[] list = lists.getLast();
        out.repeat("  ", lists.size() - 1);
        out.append(list[0] == 1 ? ++list[1] + ". " : "- ");
    }

    void startTable() {
        if (tableDepth++ == 0 && lists.isEmpty()) {
            startBlock();
        }
        cellsInRow = 0;
    }

    void endTable() {
        if (tableDepth > 0 && --tableDepth == 0 && lists.isEmpty()) {
            endBlock();
        }
    }

    void startRow() {
        if (tableDepth == 1 && lists.isEmpty()) {
            newLine();
        } else {
            space();
        }
        cellsInRow = 0;
    }

    void startCell() {
        if (tableDepth == 1 && lists.isEmpty() && cellsInRow++ > 0) {
            trimSpaces();
            out.append(" | ");
        } else {
            space();
        }
    }

    void startPre() {
        startBlock();
        preDepth++;
    }

    void endPre() {
        if (preDepth > 0) {
            preDepth--;
        }
        endBlock();
    }

    void lineBreak() {
        if (inLine()) {
            space();
        } else {
            newLine();
        }
    }

    /** Marks the start of a page (or slide). */
    void page() {
        startBlock();
        out.append(PAGE);
    }

    void text(CharSequence text) {
        if (preDepth > 0) {
            appendClean(text);
            return;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                space();
            } else if (!isMark(c)) {
                out.append(c);
            }
        }
    }

    /** The laid-out text with its marks; see {@link #layOut}. */
    String marked() {
        return out.toString();
    }

    private boolean inLine() {
        return !lists.isEmpty() || tableDepth > 0;
    }

    /** One space between words; none at the start of a line or after a mark. */
    private void space() {
        if (!out.isEmpty()) {
            char last = out.charAt(out.length() - 1);
            if (last != ' ' && last != '\n' && !isMark(last)) {
                out.append(' ');
            }
        }
    }

    private void newLine() {
        trimSpaces();
        if (!out.isEmpty() && out.charAt(out.length() - 1) != '\n') {
            out.append('\n');
        }
    }

    private void trimSpaces() {
        int end = out.length();
        while (end > 0 && out.charAt(end - 1) == ' ') {
            end--;
        }
        out.setLength(end);
    }

    private void appendClean(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!isMark(c)) {
                out.append(c);
            }
        }
    }

    static boolean isMark(char c) {
        return isHeadingMark(c) || c == PAGE;
    }

    private static boolean isHeadingMark(char c) {
        return c > HEADING && c <= HEADING + 6;
    }

    /** Text with its headings and page starts as offsets into it. */
    record Layout(String text, List<Heading> headings, List<Integer> pageStarts) {}

    /**
     * Normalises marked text the way {@link TextExtractor#normalise} does (NFC, {@code \n} line
     * ends, no control characters but tab, no trailing spaces, at most one blank line, stripped)
     * and turns each mark into the offset of the first character that follows it.
     */
    static Layout layOut(String marked) {
        String nfc = Normalizer.normalize(marked.replace("\uFEFF", ""), Normalizer.Form.NFC)
                .replace("\r\n", "\n")
                .replace('\r', '\n');
        StringBuilder text = new StringBuilder(nfc.length());
        StringBuilder spaces = new StringBuilder();
        StringBuilder pendingMarks = new StringBuilder();
        List<int[]> marks = new ArrayList<>();
        int newLines = 0;
        for (int i = 0; i < nfc.length(); i++) {
            char c = nfc.charAt(i);
            if (c == '\n') {
                newLines++;
                spaces.setLength(0);
            } else if (c == '\t') {
                spaces.append(c);
            } else if (Character.getType(c) == Character.CONTROL) {
                // dropped
            } else if (Character.isWhitespace(c)) {
                spaces.append(c);
            } else if (isMark(c)) {
                pendingMarks.append(c);
            } else {
                if (text.isEmpty()) {
                    spaces.setLength(0);
                } else {
                    text.repeat('\n', Math.min(newLines, 2));
                }
                newLines = 0;
                text.append(spaces);
                spaces.setLength(0);
                for (int m = 0; m < pendingMarks.length(); m++) {
                    marks.add(new int[] {pendingMarks.charAt(m), text.length()});
                }
                pendingMarks.setLength(0);
                text.append(c);
            }
        }
        for (int m = 0; m < pendingMarks.length(); m++) {
            marks.add(new int[] {pendingMarks.charAt(m), text.length()});
        }
        List<Heading> headings = new ArrayList<>();
        List<Integer> pageStarts = new ArrayList<>();
        for (int[] mark : marks) {
            int start = mark[1];
            if (mark[0] == PAGE) {
                pageStarts.add(start);
            } else if (start < text.length()) {
                int lineEnd = text.indexOf("\n", start);
                String line = text.substring(start, lineEnd < 0 ? text.length() : lineEnd)
                        .strip();
                if (!line.isEmpty()) {
                    headings.add(new Heading(start, mark[0] - HEADING, line));
                }
            }
        }
        return new Layout(text.toString(), headings, pageStarts);
    }
}
