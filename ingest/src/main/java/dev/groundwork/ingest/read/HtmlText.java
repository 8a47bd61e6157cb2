package dev.groundwork.ingest.read;

import java.util.Set;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * The readable text of an HTML page laid out by {@link BlockText}, without scripts, navigation
 * and other boilerplate.
 *
 * <p>jsoup's traversal is iterative, so arbitrarily deep pages cannot overflow the stack.
 */
final class HtmlText implements NodeVisitor {

    private static final Set<String> BLOCKS = Set.of(
            "p",
            "div",
            "section",
            "article",
            "main",
            "header",
            "footer",
            "dl",
            "dt",
            "dd",
            "blockquote",
            "figure",
            "figcaption",
            "hr",
            "address",
            "details",
            "summary",
            "body");
    private static final String BOILERPLATE =
            "script, style, noscript, template, nav, aside, form, iframe, svg, a.headerlink";

    private final BlockText out;

    private HtmlText(BlockText out) {
        this.out = out;
    }

    /** Lays out the page's main content (its {@code main} or role=main element if it has one). */
    static BlockText of(Document page) {
        page.select(BOILERPLATE).remove();
        Element root = page.selectFirst("[role=main]");
        if (root == null) {
            root = page.selectFirst("main");
        }
        if (root == null) {
            root = page.body();
        }
        BlockText text = new BlockText();
        NodeTraversor.traverse(new HtmlText(text), root);
        return text;
    }

    @Override
    public void head(Node node, int depth) {
        switch (node) {
            case TextNode text -> out.text(text.getWholeText());
            case Element element -> {
                String name = element.normalName();
                if (!out.openElement(name) && BLOCKS.contains(name)) {
                    out.startBlock();
                }
            }
            default -> {}
        }
    }

    @Override
    public void tail(Node node, int depth) {
        if (node instanceof Element element) {
            String name = element.normalName();
            if (!out.closeElement(name) && BLOCKS.contains(name)) {
                out.endBlock();
            }
        }
    }
}
