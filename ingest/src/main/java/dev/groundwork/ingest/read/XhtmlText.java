package dev.groundwork.ingest.read;

import java.nio.CharBuffer;
import java.util.Set;
import org.xml.sax.Attributes;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Lays out the XHTML that Tika's parsers emit with {@link BlockText}, up to a number of characters
 * and a deadline.
 *
 * <p>Tika writes {@code <div class="page">} per PDF page and {@code <div class="slide-content">}
 * per slide; these become page starts when {@code pages} is set. A slide's title is not marked in
 * Tika's output: with {@code slideTitles}, a slide's first paragraph becomes a level-1 heading if
 * it looks like a title (one short line that does not end like a sentence).
 */
final class XhtmlText extends DefaultHandler {

    /** Thrown from inside the parse to stop it; {@link TikaText} turns it into a message. */
    static final class Stop extends SAXException {
        enum Reason {
            TOO_LONG,
            TIMED_OUT
        }

        final Reason reason;

        Stop(Reason reason) {
            super(reason.name());
            this.reason = reason;
        }
    }

    private static final Set<String> BLOCKS =
            Set.of("p", "div", "blockquote", "section", "article", "dl", "dt", "dd", "figure", "figcaption", "hr");
    /** Subtrees with nothing to read: the head's title and metadata, slide masters, scripts. */
    private static final Set<String> SKIPPED = Set.of("head", "script", "style");

    private final BlockText out = new BlockText();
    private final boolean pages;
    private final boolean slideTitles;
    private final int maxCharacters;
    private final long deadline;

    private int skipDepth;
    private int depth;
    private int slideDepth = -1;
    private int slideParagraphs;
    private int titleDepth = -1;

    XhtmlText(boolean pages, boolean slideTitles, int maxCharacters, long deadlineNanos) {
        this.pages = pages;
        this.slideTitles = slideTitles;
        this.maxCharacters = maxCharacters;
        this.deadline = deadlineNanos;
    }

    BlockText text() {
        return out;
    }

    @Override
    public void startElement(String uri, String localName, String qName, Attributes attributes) throws SAXException {
        check();
        depth++;
        String name = localName.isEmpty() ? qName : localName;
        String type = attributes.getValue("class");
        if (skipDepth > 0 || SKIPPED.contains(name) || "slide-master-content".equals(type)) {
            skipDepth++;
            return;
        }
        switch (name) {
            case "div" -> {
                if (pages && ("page".equals(type) || "slide-content".equals(type))) {
                    out.page();
                    slideDepth = depth;
                    slideParagraphs = 0;
                } else {
                    out.startBlock();
                }
            }
            case "p" -> {
                if (slideTitles && slideDepth >= 0 && slideParagraphs++ == 0) {
                    titleDepth = depth;
                    out.startHeading(1);
                } else {
                    out.startBlock();
                }
            }
            default -> {
                if (!out.openElement(name) && BLOCKS.contains(name)) {
                    out.startBlock();
                }
            }
        }
    }

    @Override
    public void endElement(String uri, String localName, String qName) throws SAXException {
        check();
        int ended = depth--;
        if (skipDepth > 0) {
            skipDepth--;
            return;
        }
        String name = localName.isEmpty() ? qName : localName;
        if (ended == titleDepth) {
            titleDepth = -1;
            String title = out.endHeading();
            if (title != null && !title.isEmpty() && !TextExtractor.looksLikeTitle(title)) {
                out.dropHeading();
            }
            return;
        }
        if (ended == slideDepth) {
            slideDepth = -1;
        }
        if (!out.closeElement(name) && BLOCKS.contains(name)) {
            out.endBlock();
        }
    }

    @Override
    public void characters(char[] ch, int start, int length) throws SAXException {
        check();
        if (skipDepth == 0) {
            out.text(CharBuffer.wrap(ch, start, length));
            if (out.length() > maxCharacters) {
                throw new Stop(Stop.Reason.TOO_LONG);
            }
        }
    }

    @Override
    public void ignorableWhitespace(char[] ch, int start, int length) throws SAXException {
        characters(ch, start, length);
    }

    /** Stops a parse that has run out of time or whose thread was interrupted. */
    private void check() throws Stop {
        if (System.nanoTime() - deadline > 0 || Thread.currentThread().isInterrupted()) {
            throw new Stop(Stop.Reason.TIMED_OUT);
        }
    }
}
