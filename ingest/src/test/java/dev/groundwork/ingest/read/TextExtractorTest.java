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
        assertThat(document.text()).isEqualTo("Tides\n\nThe moon pulls the oceans.\n\nSpring tides\n\nNeap tides");
        assertThat(document.sectionStarts()).containsExactly(0);
    }

    @Test
    void takesTheMarkdownTitleFromTheFirstHeading() {
        DocumentText document = extractor.extract("notes.md", bytes("Intro line\n\n## Getting started ##\n\nText."));

        assertThat(document.title()).isEqualTo("Getting started");
        assertThat(document.text()).isEqualTo("Intro line\n\n## Getting started ##\n\nText.");
        assertThat(document.sectionStarts()).containsExactly(12);
    }

    @Test
    void normalisesLineEndsControlCharactersAndTrailingSpace() {
        DocumentText document = extractor.extract("a.txt", bytes("\uFEFFone  \r\ntwo\u0007\r\n\r\n\r\n\r\nthree"));

        assertThat(document.title()).isEqualTo("one");
        assertThat(document.text()).isEqualTo("one\ntwo\n\nthree");
    }

    @Test
    void rejectsBinaryDataNamedAsText() {
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
        assertThatThrownBy(() -> extractor.extract("empty.md", new byte[0])).hasMessage("'empty.md' contains no text");
        assertThatThrownBy(() -> extractor.extract("photo.png", new byte[] {1}))
                .hasMessageContaining("Unsupported file type of 'photo.png'");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
