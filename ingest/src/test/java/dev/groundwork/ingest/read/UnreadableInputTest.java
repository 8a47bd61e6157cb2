package dev.groundwork.ingest.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Each kind of unreadable input fails with an {@link UnreadableDocumentException} that says why. */
@Timeout(120)
class UnreadableInputTest {

    private final TextExtractor extractor = new TextExtractor();

    @Test
    void rejectsEmptyFiles() {
        assertRejected("empty.pdf", badInput("empty.pdf")).hasMessage("'empty.pdf' is empty (0 bytes)");
        assertRejected("empty.md", new byte[0]).hasMessage("'empty.md' is empty (0 bytes)");
    }

    @Test
    void rejectsBinaryDataNamedAsText() {
        assertRejected("binary.txt", badInput("binary.txt"))
                .hasMessage("'binary.txt' is binary data (contains NUL bytes), not text");
    }

    @Test
    void rejectsInvalidUtf8InTextFormats() {
        byte[] latin1 = badInput("latin1.csv");

        assertRejected("latin1.csv", latin1).hasMessage("'latin1.csv' is not valid UTF-8 text");
        assertRejected("latin1.md", latin1).hasMessage("'latin1.md' is not valid UTF-8 text");
        assertRejected("latin1.txt", latin1).hasMessage("'latin1.txt' is not valid UTF-8 text");
    }

    @Test
    void rejectsTruncatedPdfWithClearError() {
        assertRejected("truncated.pdf", badInput("truncated.pdf"))
                .hasMessageStartingWith("'truncated.pdf' is not a readable PDF: ");
    }

    @Test
    void rejectsGarbagePdfWithClearError() {
        assertRejected("garbage.pdf", badInput("garbage.pdf"))
                .hasMessageStartingWith("'garbage.pdf' is not a readable PDF: ");
    }

    @Test
    void rejectsFileWhoseContentIsAnotherFormat() {
        assertRejected("report.docx", format("lighthouse.pdf"))
                .hasMessage("'report.docx' is not a readable Word document: its content is application/pdf");
        assertRejected("report.docx", FormatFixtureGenerator.garbage("", 4096))
                .hasMessage("'report.docx' is not a readable Word document: Cannot find zip signature within the file");
    }

    @Test
    void rejectsEncryptedPdfWithClearError() {
        assertRejected("encrypted.pdf", badInput("encrypted.pdf"))
                .hasMessage("'encrypted.pdf' is encrypted (password-protected); remove the password to index it");
    }

    @Test
    void rejectsScannedPdfWithoutTextLayer() {
        assertRejected("scanned.pdf", badInput("scanned.pdf"))
                .hasMessage("'scanned.pdf' has no text layer (scanned pages?); OCR is not supported");
    }

    @Test
    void rejectsZipBombDisguisedAsDocx() {
        assertRejected("bomb.docx", HostileFiles.docxBomb())
                .hasMessageStartingWith("'bomb.docx' looks like a zip bomb: ");
    }

    @Test
    void rejectsZipBombDisguisedAsEpub() {
        assertRejected("bomb.epub", HostileFiles.epubBomb())
                .hasMessageStartingWith("'bomb.epub' looks like a zip bomb: ");
    }

    @Test
    void rejectsZipBombDisguisedAsOdt() {
        assertRejected("bomb.odt", HostileFiles.odtBomb()).hasMessageStartingWith("'bomb.odt' looks like a zip bomb: ");
    }

    @Test
    void rejectsDocumentsOverTheCharacterLimit() {
        TextExtractor small = new TextExtractor(40, TextExtractor.DEFAULT_PARSE_TIMEOUT);

        assertThatThrownBy(() -> small.extract("harbour.docx", format("harbour.docx")))
                .isInstanceOf(UnreadableDocumentException.class)
                .hasMessage("'harbour.docx' has more than 40 characters of text; the limit is 40");
        assertThatThrownBy(() -> small.extract("sourdough.txt", format("sourdough.txt")))
                .hasMessage("'sourdough.txt' has more than 40 characters of text; the limit is 40");
    }

    @Test
    void readsHtmlNestedTwentyThousandLevelsDeepWithoutOverflowingTheStack() {
        DocumentText document =
                extractor.extract("deep.html", HostileFiles.deepHtml(20_000).getBytes(StandardCharsets.UTF_8));

        assertThat(document.text()).isEqualTo("The bottom of the well is dry.");
    }

    @Test
    void rejectsEpubNestedTwentyThousandLevelsDeep() {
        assertRejected("deep.epub", HostileFiles.deepEpub(20_000))
                .hasMessageStartingWith("'deep.epub' nests its content more than 100 levels deep");
    }

    @Test
    void abandonsParsesThatTakeLongerThanTheTimeout() {
        TextExtractor impatient = new TextExtractor(TextExtractor.DEFAULT_MAX_CHARACTERS, Duration.ofNanos(1));

        assertThatThrownBy(() -> impatient.extract("lighthouse.pdf", format("lighthouse.pdf")))
                .isInstanceOf(UnreadableDocumentException.class)
                .hasMessage("'lighthouse.pdf' took longer than 1 ns to read; gave up (the file may be malformed or"
                        + " hostile)");
    }

    @Test
    void rejectsUnsupportedTypes() {
        assertRejected("photo.png", new byte[] {1})
                .hasMessage(
                        "Unsupported file type of 'photo.png'; supported: csv, docx, eml, epub, htm, html, markdown,"
                                + " md, odt, pdf, pptx, rtf, text, txt, xlsx");
        assertRejected("README", new byte[] {1}).hasMessageStartingWith("Unsupported file type of 'README'");
    }

    @Test
    void rejectsFilesWithNoText() {
        assertRejected("blank.md", "  \n\n\t\n".getBytes(StandardCharsets.UTF_8))
                .hasMessage("'blank.md' contains no text");
    }

    private AbstractThrowableAssert<?, ? extends Throwable> assertRejected(String fileName, byte[] content) {
        return assertThatThrownBy(() -> extractor.extract(fileName, content))
                .isInstanceOf(UnreadableDocumentException.class);
    }

    static byte[] badInput(String name) {
        return resource("/bad-input/" + name);
    }

    static byte[] format(String name) {
        return resource("/formats/" + name);
    }

    private static byte[] resource(String path) {
        try (InputStream in = UnreadableInputTest.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("No test resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
