package dev.groundwork.ingest.read;

import java.util.Set;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/** The readable text of an HTML page, with block elements separated by blank lines. */
final class HtmlText implements NodeVisitor {

    private static final Set<String> BLOCKS = Set.of(
            "p",
            "div",
            "section",
            "article",
            "main",
            "header",
            "footer",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "ul",
            "ol",
            "li",
            "dl",
            "dt",
            "dd",
            "table",
            "tr",
            "blockquote",
            "pre",
            "figure",
            "figcaption",
            "hr",
            "body");
    private static final String BOILERPLATE =
            "script, style, noscript, template, nav, aside, form, iframe, svg, a.headerlink";
    private static final Set<String> HEADINGS = Set.of("h1", "h2", "h3", "h4", "h5", "h6");

    /**
     * Marks where a heading of level {@code n} starts with the character {@code SECTION_MARK + n};
     * {@link TextExtractor} turns the marks into headings.
     */
    static final char SECTION_MARK = '\uE000';

    private final StringBuilder out = new StringBuilder();
    private int preDepth;

    private HtmlText() {}

    /** The text of the page's main content (its {@code main} or role=main element if it has one). */
    static String of(Document page) {
        page.select(BOILERPLATE).remove();
        Element root = page.selectFirst("[role=main]");
        if (root == null) {
            root = page.selectFirst("main");
        }
        if (root == null) {
            root = page.body();
        }
        HtmlText visitor = new HtmlText();
        NodeTraversor.traverse(visitor, root);
        return visitor.out.toString();
    }

    @Override
    public void head(Node node, int depth) {
        switch (node) {
            case TextNode text -> out.append(preDepth > 0 ? text.getWholeText() : collapse(text.getWholeText()));
            case Element element when element.normalName().equals("br") -> out.append('\n');
            case Element element
            when BLOCKS.contains(element.normalName()) -> {
                if (element.normalName().equals("pre")) {
                    preDepth++;
                }
                out.append("\n\n");
                if (HEADINGS.contains(element.normalName())) {
                    out.append(mark(element.normalName().charAt(1) - '0'));
                }
            }
            default -> {}
        }
    }

    @Override
    public void tail(Node node, int depth) {
        if (node instanceof Element element && BLOCKS.contains(element.normalName())) {
            if (element.normalName().equals("pre")) {
                preDepth--;
            }
            out.append("\n\n");
        } else if (node instanceof Element element
                && (element.normalName().equals("td") || element.normalName().equals("th"))) {
            out.append('\t');
        }
    }

    private String collapse(String text) {
        String collapsed = text.replaceAll("\\s+", " ");
        // No space at the start of a line: it would become part of the stored text.
        if (out.isEmpty() || out.charAt(out.length() - 1) == '\n' || isMark(out.charAt(out.length() - 1))) {
            collapsed = collapsed.stripLeading();
        }
        return collapsed;
    }

    private static char mark(int level) {
        return (char) (SECTION_MARK + level);
    }

    static boolean isMark(char c) {
        return c > SECTION_MARK && c <= SECTION_MARK + 6;
    }
}
