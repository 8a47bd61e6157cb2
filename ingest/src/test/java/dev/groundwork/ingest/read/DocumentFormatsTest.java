package dev.groundwork.ingest.read;

import static dev.groundwork.ingest.read.UnreadableInputTest.format;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/** Reads each committed fixture under {@code formats/} through the real parsers. */
class DocumentFormatsTest {

    private final TextExtractor extractor = new TextExtractor();

    @Test
    void readsPdfPagesAndMetadata() {
        DocumentText pdf = read("lighthouse.pdf");

        assertThat(pdf.title()).isEqualTo("Lighthouse Operations");
        assertThat(pdf.mediaType()).isEqualTo("application/pdf");
        assertThat(pdf.text()).contains("The lighthouse keeper logs the fog horn every night.");
        assertThat(pdf.pageStarts()).hasSize(2).first().isEqualTo(0);
        assertThat(pdf.text().substring(pdf.pageStarts().get(1))).startsWith("Lamp maintenance");
        assertThat(pdf.metadata())
                .containsEntry("author", "Ada Keeper")
                .containsEntry("created", "2024-03-01T09:00:00Z")
                .containsEntry("modified", "2024-03-02T09:00:00Z")
                .containsEntry("pages", "2")
                .containsEntry("language", "en-GB")
                .containsEntry("subject", "Fog signals and lamp care");
    }

    @Test
    void readsDocxHeadingsTablesAndMetadata() {
        DocumentText docx = read("harbour.docx");

        assertThat(docx.title()).isEqualTo("Harbour Report");
        assertThat(docx.mediaType())
                .isEqualTo("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
        assertThat(docx.text()).contains("The harbour master measures the spring tide at dawn.");
        assertThat(docx.headings())
                .extracting(Heading::level, Heading::text)
                .containsExactly(tuple(1, "Harbour report"), tuple(2, "Moorings"));
        assertThat(docx.text()).contains("\n\nBerth | Boat\nNorth wall | Morning Star\nPontoon | Sea Lark\n\n");
        assertThat(docx.pageStarts()).isEmpty();
        assertThat(docx.metadata())
                .containsEntry("author", "Ada Keeper")
                .containsEntry("created", "2024-04-05T10:15:00Z")
                .containsEntry("language", "en-GB");
    }

    @Test
    void readsPptxSlidesWithTheirTitlesAsHeadings() {
        DocumentText pptx = read("beekeeping.pptx");

        assertThat(pptx.title()).isEqualTo("Beekeeping Through the Year");
        assertThat(pptx.text()).contains("The beekeeper wraps each hive in straw before the first frost.");
        assertThat(pptx.headings())
                .extracting(Heading::level, Heading::text)
                .containsExactly(tuple(1, "Spring inspection"), tuple(1, "Winter care"));
        assertThat(pptx.pageStarts()).containsExactlyElementsOf(pptx.sectionStarts());
        assertThat(pptx.metadata()).containsEntry("author", "Ada Keeper").containsEntry("pages", "2");
    }

    @Test
    void readsXlsxSheetsAsHeadedTables() {
        DocumentText xlsx = read("orchard.xlsx");

        assertThat(xlsx.title()).isEqualTo("Orchard Ledger");
        assertThat(xlsx.headings()).extracting(Heading::text).containsExactly("Harvest", "Pruning");
        assertThat(xlsx.text())
                .contains("Bramley | 42 | The orchard sells cider apples to the village co-operative.\nCox | 17");
        assertThat(xlsx.pageStarts()).isEmpty();
        assertThat(xlsx.metadata()).containsEntry("author", "Ada Keeper");
    }

    @Test
    void readsOdtHeadingsListsAndTables() {
        DocumentText odt = read("ferry.odt");

        assertThat(odt.title()).isEqualTo("River Crossings");
        assertThat(odt.mediaType()).isEqualTo("application/vnd.oasis.opendocument.text");
        assertThat(odt.text())
                .contains("The ferryman rows travellers across the river at noon.")
                .contains(
                        "\n\n- Adults pay two pennies\n- Children cross for free\n\nCrossing | Time\nFirst | 06:00\n\n");
        assertThat(odt.headings())
                .extracting(Heading::level, Heading::text)
                .containsExactly(tuple(1, "River crossings"), tuple(2, "Fares"));
        assertThat(odt.metadata()).containsEntry("author", "Ada Keeper").containsEntry("language", "en-GB");
    }

    @Test
    void readsEpubChaptersInSpineOrderWithoutTheTableOfContents() {
        DocumentText epub = read("cartographer.epub");

        assertThat(epub.title()).isEqualTo("The Cartographer's Notebook");
        assertThat(epub.mediaType()).isEqualTo("application/epub+zip");
        assertThat(epub.text()).contains("The cartographer redraws the coastline after each spring flood.");
        assertThat(epub.headings())
                .extracting(Heading::level, Heading::text)
                .containsExactly(tuple(1, "Surveying the coast"), tuple(1, "Inland roads"), tuple(2, "Milestones"));
        assertThat(epub.text()).doesNotContain("nav.xhtml").contains("- Chain and compass\n- Plane table");
        assertThat(epub.metadata()).containsEntry("author", "Ada Keeper").containsEntry("language", "en");
    }

    @Test
    void readsRtf() {
        DocumentText rtf = read("clock.rtf");

        assertThat(rtf.title()).isEqualTo("The Tower Clock");
        assertThat(rtf.mediaType()).isEqualTo("application/rtf");
        assertThat(rtf.text()).contains("The clockmaker winds the tower clock every Sunday morning.");
        assertThat(rtf.metadata()).containsEntry("author", "Ada Keeper").containsEntry("subject", "Clock maintenance");
    }

    @Test
    void readsEmailPlainBodyButNotItsAttachment() {
        DocumentText eml = read("allotment.eml");

        assertThat(eml.title()).isEqualTo("Allotment watering rota");
        assertThat(eml.mediaType()).isEqualTo("message/rfc822");
        assertThat(eml.text())
                .isEqualTo("Dear members,\n\nThe gardener waters the greenhouse tomatoes before breakfast.\n"
                        + "Please add your name to the rota for October.\n\nAda");
        assertThat(eml.metadata())
                .containsEntry("from", "Ada Keeper <ada@example.org>")
                .containsEntry("to", "Allotment Society <society@example.org>")
                .containsEntry("date", "2024-09-10T07:30:00Z");
    }

    @Test
    void readsEmailHtmlBodyWhenThereIsNoPlainOne() {
        String html = FormatFixtureGenerator.ALLOTMENT_EML.replaceAll(
                "(?s)--inner\r\nContent-Type: text/plain.*?(?=--inner\r\nContent-Type: text/html)", "");

        DocumentText eml = extractor.extract("html-only.eml", html.getBytes(StandardCharsets.US_ASCII));

        assertThat(eml.text())
                .isEqualTo("Dear members,\n\nThe gardener waters the greenhouse tomatoes before breakfast.\n\n"
                        + "Please add your name to the rota for October.\n\nAda");
    }

    @Test
    void readsHtmlMarkdownTextAndCsvFixtures() {
        DocumentText html = read("observatory.html");
        DocumentText markdown = read("mountain-huts.md");
        DocumentText text = read("sourdough.txt");
        DocumentText csv = read("timetable.csv");

        assertThat(html.title()).isEqualTo("The Hilltop Observatory");
        assertThat(html.text())
                .contains("The astronomer charts the comets from the hilltop observatory.")
                .contains("- A brass refractor\n- A star atlas")
                .contains("Night | Object\nFriday | Jupiter")
                .contains("open dome\npoint north")
                .doesNotContain("Home", "Visitors welcome");
        assertThat(html.metadata()).containsEntry("author", "Ada Keeper").containsEntry("language", "en");
        assertThat(markdown.title()).isEqualTo("Mountain huts");
        assertThat(markdown.text()).contains("The warden stocks the mountain hut with firewood in autumn.");
        assertThat(markdown.headings()).extracting(Heading::text).containsExactly("Mountain huts", "Supplies");
        assertThat(text.title()).isEqualTo("Sourdough notes");
        assertThat(text.text()).contains("The baker proves the sourdough overnight in a cool cellar.");
        assertThat(csv.title()).isEqualTo("timetable");
        assertThat(csv.mediaType()).isEqualTo("text/csv");
        assertThat(csv.text())
                .isEqualTo("station | departs | note\nHarbour Halt | 23:40 | Stops on request\n"
                        + "Coast Junction | 23:58 | The railway timetable lists the last train to the coast at"
                        + " midnight.\nUpper Field, East | 00:10 | Terminates");
    }

    @Test
    void everyFixtureHasHeadingAndPageOffsetsIntoItsFinalText() {
        for (String name : List.of(
                "lighthouse.pdf",
                "harbour.docx",
                "beekeeping.pptx",
                "orchard.xlsx",
                "ferry.odt",
                "cartographer.epub",
                "clock.rtf",
                "allotment.eml",
                "observatory.html",
                "mountain-huts.md",
                "sourdough.txt",
                "timetable.csv")) {
            DocumentText document = read(name);
            String text = document.text();
            assertThat(text).as(name).isEqualTo(TextExtractor.normalise(text)).doesNotContain("\n\n\n");
            for (Heading heading : document.headings()) {
                assertThat(text.startsWith(heading.text(), heading.start()))
                        .as("%s: heading %s", name, heading)
                        .isTrue();
                assertThat(heading.start() == 0 || text.charAt(heading.start() - 1) == '\n')
                        .as("%s: heading %s starts a line", name, heading)
                        .isTrue();
            }
            assertThat(document.pageStarts()).as(name).isSorted().allMatch(start -> start <= text.length());
        }
    }

    @Test
    void readsLargeOrdinaryEpubWithoutAZipBombFalseAlarm() throws IOException {
        byte[] book = withChapter(format("cartographer.epub"), "OEBPS/chapter2.xhtml", ordinaryProse(3_000_000));

        DocumentText epub = extractor.extract("long.epub", book);

        assertThat(epub.text().length()).isGreaterThan(2_000_000);
    }

    /** Varied words, compressing about as well as real prose does. */
    private static String ordinaryProse(int characters) {
        String[] words = {
            "tide", "harbour", "lantern", "keeper", "north", "wall", "ferry", "river", "orchard", "cider", "meadow",
            "frost", "beacon", "ledger", "compass", "storm", "gull", "rope", "anchor", "sail", "wind", "stone"
        };
        Random random = new Random(7);
        StringBuilder html = new StringBuilder(
                "<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>Long</title></head><body><h1>Long</h1>");
        while (html.length() < characters) {
            html.append("<p>");
            for (int i = 0; i < 60; i++) {
                html.append(words[random.nextInt(words.length)])
                        .append(random.nextInt(1000))
                        .append(' ');
            }
            html.append("</p>\n");
        }
        return html.append("</body></html>").toString();
    }

    private static byte[] withChapter(byte[] epub, String name, String chapter) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(epub));
                ZipOutputStream zip = new ZipOutputStream(out)) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                byte[] content =
                        entry.getName().equals(name) ? chapter.getBytes(StandardCharsets.UTF_8) : in.readAllBytes();
                ZipEntry copy = new ZipEntry(entry.getName());
                if (entry.getMethod() == ZipEntry.STORED) {
                    copy.setMethod(ZipEntry.STORED);
                    copy.setSize(content.length);
                    copy.setCrc(entry.getCrc());
                }
                zip.putNextEntry(copy);
                zip.write(content);
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    private DocumentText read(String name) {
        return extractor.extract(name, format(name));
    }

    private static org.assertj.core.groups.Tuple tuple(Object... values) {
        return org.assertj.core.groups.Tuple.tuple(values);
    }
}
