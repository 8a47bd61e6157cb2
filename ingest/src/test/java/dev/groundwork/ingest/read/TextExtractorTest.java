package dev.groundwork.ingest.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TextExtractorTest {

    private final TextExtractor extractor = new TextExtractor();

    @Test
    void keepsHtmlBlocksAsParagraphsAndDropsScriptsAndNavigation() {
        String html = """
                <html><head><title>Tides</title><script>var x = 1;</script></head>
                <body><nav>Home | About</nav>
                <div role="main"><h1>Tides</h1><p>The moon   pulls
                the oceans.</p><ul><li>Spring tides</li><li>Neap tides</li></ul></div></body></html>""";

        DocumentText document = extractor.extract("tides.html", bytes(html));

        assertThat(document.title()).isEqualTo("Tides");
        assertThat(document.mediaType()).isEqualTo("text/html");
        assertThat(document.text()).isEqualTo("Tides\n\nThe moon pulls the oceans.\n\n- Spring tides\n- Neap tides");
        assertThat(document.sectionStarts()).containsExactly(0);
    }

    @Test
    void laysOutHtmlListsTablesAndCodeAsWholeBlocks() {
        String html = """
                <body><h2>Steps</h2><ol><li><p>Boil   water</p></li><li>Add <b>tea</b><ul><li>two spoons</li></ul></li></ol>
                <table><thead><tr><th>Leaf</th><th>Minutes</th></tr></thead>
                <tbody><tr><td><p>Green</p></td><td>2</td></tr><tr><td>Black</td><td></td></tr></tbody></table>
                <pre>pour()
                  wait(3)</pre><p>Line<br>break</p><h3></h3><p>End.</p></body>""";

        DocumentText document = extractor.extract("tea.html", bytes(html));

        assertThat(document.text())
                .isEqualTo("Steps\n\n1. Boil water\n2. Add tea\n  - two spoons\n\nLeaf | Minutes\nGreen | 2\nBlack |"
                        + "\n\npour()\n  wait(3)\n\nLine\nbreak\n\nEnd.");
        assertThat(document.title()).isEqualTo("Steps");
        assertThat(document.headings()).containsExactly(new Heading(0, 2, "Steps"));
    }

    @Test
    void keepsHeadingOffsetsExactAfterNormalisation() {
        String html = "<body><p>caf\u0065\u0301 \u0007 </p><div><div><h1>  Deux  </h1></div></div>"
                + "<p>x</p><h2>Trois</h2></body>";

        DocumentText document = extractor.extract("accents.html", bytes(html));

        assertThat(document.text()).isEqualTo("caf\u00e9\n\nDeux\n\nx\n\nTrois");
        assertThat(document.headings()).containsExactly(new Heading(6, 1, "Deux"), new Heading(15, 2, "Trois"));
    }

    @Test
    void takesTheMarkdownTitleFromTheFirstHeading() {
        DocumentText document = extractor.extract(
                "notes.md", bytes("Intro line\n\n## Getting started ##\n\n```\n# not a heading\n```\n\n# C#"));

        assertThat(document.title()).isEqualTo("Getting started");
        assertThat(document.text()).isEqualTo("Intro line\n\nGetting started\n\n```\n# not a heading\n```\n\nC#");
        assertThat(document.headings())
                .containsExactly(new Heading(12, 2, "Getting started"), new Heading(54, 1, "C#"));
    }

    @Test
    void normalisesLineEndsControlCharactersAndTrailingSpace() {
        DocumentText document = extractor.extract("a.txt", bytes("\uFEFFone  \r\ntwo\u0007\r\n\r\n\r\n\r\nthree"));

        assertThat(document.title()).isEqualTo("one");
        assertThat(document.text()).isEqualTo("one\ntwo\n\nthree");
    }

    @Test
    void rejectsBinaryDataNamedAsTextEvenWhenItIsValidUtf8() {
        byte[] binary = {0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x41};

        assertThatThrownBy(() -> extractor.extract("archive.txt", binary))
                .isInstanceOf(UnreadableDocumentException.class)
                .hasMessageContaining("binary data");
    }

    @Test
    void rejectsInvalidUtf8() {
        byte[] latin1 = "café".getBytes(StandardCharsets.ISO_8859_1);

        assertThatThrownBy(() -> extractor.extract("menu.txt", latin1))
                .isInstanceOf(UnreadableDocumentException.class)
                .hasMessage("'menu.txt' is not valid UTF-8 text");
    }

    @Test
    void rejectsEmptyFilesAndUnsupportedTypes() {
        assertThatThrownBy(() -> extractor.extract("empty.md", new byte[0]))
                .hasMessage("'empty.md' is empty (0 bytes)");
        assertThatThrownBy(() -> extractor.extract("photo.png", new byte[] {1}))
                .hasMessageContaining("Unsupported file type of 'photo.png'");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
