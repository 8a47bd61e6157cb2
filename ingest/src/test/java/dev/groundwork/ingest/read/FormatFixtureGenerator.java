package dev.groundwork.ingest.read;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Calendar;
import java.util.Random;
import java.util.TimeZone;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.poi.ooxml.POIXMLProperties;
import org.apache.poi.xslf.usermodel.SlideLayout;
import org.apache.poi.xslf.usermodel.XMLSlideShow;
import org.apache.poi.xslf.usermodel.XSLFSlide;
import org.apache.poi.xslf.usermodel.XSLFSlideLayout;
import org.apache.poi.xslf.usermodel.XSLFTextShape;
import org.apache.poi.xssf.usermodel.XSSFRow;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFStyle;
import org.apache.poi.xwpf.usermodel.XWPFStyles;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTString;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTStyle;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.STStyleType;

/**
 * Writes the committed fixtures under {@code src/test/resources/formats} and {@code bad-input}.
 *
 * <p>Run once after a change, from the repository root, with the test class path of the ingest
 * module: {@code java -cp ingest/target/test-classes:<test class path>
 * dev.groundwork.ingest.read.FormatFixtureGenerator ingest/src/test/resources}. Every good fixture
 * carries its own distinctive sentence, listed in that folder's README.
 */
public final class FormatFixtureGenerator {

    static final String AUTHOR = "Ada Keeper";

    private FormatFixtureGenerator() {}

    public static void main(String[] args) throws Exception {
        Path resources = Path.of(args.length > 0 ? args[0] : "ingest/src/test/resources");
        Path formats = Files.createDirectories(resources.resolve("formats"));
        Path bad = Files.createDirectories(resources.resolve("bad-input"));
        Files.write(formats.resolve("lighthouse.pdf"), lighthousePdf());
        Files.write(formats.resolve("harbour.docx"), harbourDocx());
        Files.write(formats.resolve("beekeeping.pptx"), beekeepingPptx());
        Files.write(formats.resolve("orchard.xlsx"), orchardXlsx());
        Files.write(formats.resolve("ferry.odt"), ferryOdt());
        Files.write(formats.resolve("cartographer.epub"), cartographerEpub());
        Files.writeString(formats.resolve("clock.rtf"), CLOCK_RTF, StandardCharsets.US_ASCII);
        Files.writeString(formats.resolve("allotment.eml"), ALLOTMENT_EML, StandardCharsets.US_ASCII);
        Files.writeString(formats.resolve("timetable.csv"), TIMETABLE_CSV);
        Files.writeString(formats.resolve("observatory.html"), OBSERVATORY_HTML);
        Files.writeString(formats.resolve("mountain-huts.md"), MOUNTAIN_HUTS_MD);
        Files.writeString(formats.resolve("sourdough.txt"), SOURDOUGH_TXT);

        byte[] pdf = lighthousePdf();
        Files.write(bad.resolve("empty.pdf"), new byte[0]);
        Files.write(bad.resolve("truncated.pdf"), java.util.Arrays.copyOf(pdf, pdf.length / 3));
        Files.write(bad.resolve("garbage.pdf"), garbage("%PDF-1.7\n", 4096));
        Files.write(bad.resolve("encrypted.pdf"), encryptedPdf());
        Files.write(bad.resolve("scanned.pdf"), scannedPdf());
        Files.write(bad.resolve("binary.txt"), garbage("", 512));
        Files.write(bad.resolve("latin1.csv"), "city,café\nLyon,crème\n".getBytes(StandardCharsets.ISO_8859_1));
    }

    static byte[] lighthousePdf() throws IOException {
        try (PDDocument document = new PDDocument()) {
            PDDocumentInformation info = document.getDocumentInformation();
            info.setTitle("Lighthouse Operations");
            info.setAuthor(AUTHOR);
            info.setSubject("Fog signals and lamp care");
            info.setCreationDate(date(2024, 3, 1));
            info.setModificationDate(date(2024, 3, 2));
            document.getDocumentCatalog().setLanguage("en-GB");
            textPage(
                    document,
                    "Fog signals",
                    "The lighthouse keeper logs the fog horn every night.",
                    "Each blast is written down with the time and the visibility.");
            textPage(
                    document,
                    "Lamp maintenance",
                    "The brass lamp is polished before every winter storm.",
                    "Spare wicks are kept dry in a tin under the stairs.");
            return bytes(document);
        }
    }

    static byte[] encryptedPdf() throws IOException {
        try (PDDocument document = new PDDocument()) {
            textPage(document, "Sealed orders", "The purser locks the manifest in the captain's safe.");
            StandardProtectionPolicy policy = new StandardProtectionPolicy("owner", "secret", new AccessPermission());
            policy.setEncryptionKeyLength(128);
            document.protect(policy);
            return bytes(document);
        }
    }

    /** One page holding only a picture of text, as a scanner makes it. */
    static byte[] scannedPdf() throws IOException {
        BufferedImage scan = new BufferedImage(600, 200, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = scan.createGraphics();
        graphics.setColor(Color.WHITE);
        graphics.fillRect(0, 0, 600, 200);
        graphics.setColor(Color.BLACK);
        graphics.setFont(new Font(Font.SERIF, Font.PLAIN, 24));
        graphics.drawString("A scanned page: only pixels, no text layer.", 20, 100);
        graphics.dispose();
        try (PDDocument document = new PDDocument()) {
            PDPage page = new PDPage(PDRectangle.A4);
            document.addPage(page);
            PDImageXObject image = LosslessFactory.createFromImage(document, scan);
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                content.drawImage(image, 50, 500, 500, 166);
            }
            return bytes(document);
        }
    }

    private static void textPage(PDDocument document, String heading, String... lines) throws IOException {
        PDPage page = new PDPage(PDRectangle.A4);
        document.addPage(page);
        try (PDPageContentStream content = new PDPageContentStream(document, page)) {
            content.beginText();
            content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD), 18);
            content.newLineAtOffset(72, 760);
            content.showText(heading);
            content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
            for (String line : lines) {
                content.newLineAtOffset(0, -28);
                content.showText(line);
            }
            content.endText();
        }
    }

    static byte[] harbourDocx() throws Exception {
        try (XWPFDocument document = new XWPFDocument()) {
            XWPFStyles styles = document.createStyles();
            styles.addStyle(headingStyle("Heading1", "heading 1"));
            styles.addStyle(headingStyle("Heading2", "heading 2"));
            POIXMLProperties.CoreProperties core = document.getProperties().getCoreProperties();
            core.setTitle("Harbour Report");
            core.setCreator(AUTHOR);
            core.setSubjectProperty("Tides and moorings");
            core.setCreated("2024-04-05T10:15:00Z");
            core.setModified("2024-04-06T08:00:00Z");
            core.getUnderlyingProperties().setLanguageProperty("en-GB");
            paragraph(document, "Heading1", "Harbour report");
            paragraph(document, null, "The harbour master measures the spring tide at dawn.");
            paragraph(document, "Heading2", "Moorings");
            paragraph(document, null, "Fishing boats tie up along the north wall; visitors use the pontoon.");
            XWPFTable table = document.createTable(3, 2);
            String[][] cells = {{"Berth", "Boat"}, {"North wall", "Morning Star"}, {"Pontoon", "Sea Lark"}};
            for (int row = 0; row < cells.length; row++) {
                for (int column = 0; column < cells[row].length; column++) {
                    table.getRow(row).getCell(column).setText(cells[row][column]);
                }
            }
            paragraph(document, null, "The harbour closes when the swell passes two metres.");
            return bytes(document::write);
        }
    }

    private static XWPFStyle headingStyle(String id, String name) {
        CTStyle style = CTStyle.Factory.newInstance();
        style.setStyleId(id);
        style.setType(STStyleType.PARAGRAPH);
        CTString styleName = CTString.Factory.newInstance();
        styleName.setVal(name);
        style.setName(styleName);
        return new XWPFStyle(style);
    }

    private static void paragraph(XWPFDocument document, String style, String text) {
        XWPFParagraph paragraph = document.createParagraph();
        if (style != null) {
            paragraph.setStyle(style);
        }
        paragraph.createRun().setText(text);
    }

    static byte[] beekeepingPptx() throws Exception {
        try (XMLSlideShow show = new XMLSlideShow()) {
            POIXMLProperties.CoreProperties core = show.getProperties().getCoreProperties();
            core.setTitle("Beekeeping Through the Year");
            core.setCreator(AUTHOR);
            core.setCreated("2024-05-10T14:00:00Z");
            XSLFSlideLayout layout = show.getSlideMasters().get(0).getLayout(SlideLayout.TITLE_AND_CONTENT);
            slide(show, layout, "Spring inspection", "The beekeeper counts the frames of brood in April.");
            slide(show, layout, "Winter care", "The beekeeper wraps each hive in straw before the first frost.");
            return bytes(show::write);
        }
    }

    private static void slide(XMLSlideShow show, XSLFSlideLayout layout, String title, String body) {
        XSLFSlide slide = show.createSlide(layout);
        slide.getPlaceholder(0).setText(title);
        XSLFTextShape content = slide.getPlaceholder(1);
        content.clearText();
        content.addNewTextParagraph().addNewTextRun().setText(body);
    }

    static byte[] orchardXlsx() throws Exception {
        try (XSSFWorkbook workbook = new XSSFWorkbook()) {
            POIXMLProperties.CoreProperties core = workbook.getProperties().getCoreProperties();
            core.setTitle("Orchard Ledger");
            core.setCreator(AUTHOR);
            core.setCreated("2024-06-01T07:30:00Z");
            sheet(workbook, "Harvest", new String[][] {
                {"Variety", "Crates", "Note"},
                {"Bramley", "42", "The orchard sells cider apples to the village co-operative."},
                {"Cox", "17", "Eaten fresh"}
            });
            sheet(workbook, "Pruning", new String[][] {{"Month", "Task"}, {"February", "Cut back the old wood"}});
            return bytes(workbook::write);
        }
    }

    private static void sheet(XSSFWorkbook workbook, String name, String[][] cells) {
        XSSFSheet sheet = workbook.createSheet(name);
        for (int r = 0; r < cells.length; r++) {
            XSSFRow row = sheet.createRow(r);
            for (int c = 0; c < cells[r].length; c++) {
                String value = cells[r][c];
                if (value.matches("\\d+")) {
                    row.createCell(c).setCellValue(Integer.parseInt(value));
                } else {
                    row.createCell(c).setCellValue(value);
                }
            }
        }
    }

    static byte[] ferryOdt() throws IOException {
        return zip("application/vnd.oasis.opendocument.text", new String[][] {
            {"META-INF/manifest.xml", """
                        <?xml version="1.0" encoding="UTF-8"?>
                        <manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
                         <manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>
                         <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
                         <manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>
                        </manifest:manifest>
                        """},
            {"meta.xml", """
                        <?xml version="1.0" encoding="UTF-8"?>
                        <office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
                            xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
                            xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.2">
                         <office:meta>
                          <dc:title>River Crossings</dc:title>
                          <meta:initial-creator>Ada Keeper</meta:initial-creator>
                          <dc:creator>Ada Keeper</dc:creator>
                          <dc:language>en-GB</dc:language>
                          <meta:creation-date>2024-07-01T12:00:00</meta:creation-date>
                          <dc:date>2024-07-02T09:30:00</dc:date>
                         </office:meta>
                        </office:document-meta>
                        """},
            {"content.xml", """
                        <?xml version="1.0" encoding="UTF-8"?>
                        <office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
                            xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
                            xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" office:version="1.2">
                         <office:body>
                          <office:text>
                           <text:h text:outline-level="1">River crossings</text:h>
                           <text:p>The ferryman rows travellers across the river at noon.</text:p>
                           <text:h text:outline-level="2">Fares</text:h>
                           <text:list>
                            <text:list-item><text:p>Adults pay two pennies</text:p></text:list-item>
                            <text:list-item><text:p>Children cross for free</text:p></text:list-item>
                           </text:list>
                           <table:table table:name="Times">
                            <table:table-column table:number-columns-repeated="2"/>
                            <table:table-row>
                             <table:table-cell><text:p>Crossing</text:p></table:table-cell>
                             <table:table-cell><text:p>Time</text:p></table:table-cell>
                            </table:table-row>
                            <table:table-row>
                             <table:table-cell><text:p>First</text:p></table:table-cell>
                             <table:table-cell><text:p>06:00</text:p></table:table-cell>
                            </table:table-row>
                           </table:table>
                           <text:p>In flood the ferry waits on the east bank.</text:p>
                          </office:text>
                         </office:body>
                        </office:document-content>
                        """}
        });
    }

    static byte[] cartographerEpub() throws IOException {
        String chapter = """
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE html>
                <html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="en">
                <head><title>%s</title></head>
                <body>
                <h1>%s</h1>
                %s
                </body>
                </html>
                """;
        return zip("application/epub+zip", new String[][] {
            {"META-INF/container.xml", """
                        <?xml version="1.0" encoding="UTF-8"?>
                        <container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
                         <rootfiles>
                          <rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>
                         </rootfiles>
                        </container>
                        """},
            {"OEBPS/content.opf", """
                        <?xml version="1.0" encoding="UTF-8"?>
                        <package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">
                         <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
                          <dc:identifier id="id">urn:uuid:5b1c6f0e-3f6a-4b7e-9a51-000000000001</dc:identifier>
                          <dc:title>The Cartographer's Notebook</dc:title>
                          <dc:creator>Ada Keeper</dc:creator>
                          <dc:language>en</dc:language>
                          <meta property="dcterms:modified">2024-08-01T00:00:00Z</meta>
                         </metadata>
                         <manifest>
                          <item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
                          <item id="c1" href="chapter1.xhtml" media-type="application/xhtml+xml"/>
                          <item id="c2" href="chapter2.xhtml" media-type="application/xhtml+xml"/>
                         </manifest>
                         <spine>
                          <itemref idref="c1"/>
                          <itemref idref="c2"/>
                         </spine>
                        </package>
                        """},
            {"OEBPS/nav.xhtml", """
                        <?xml version="1.0" encoding="UTF-8"?>
                        <!DOCTYPE html>
                        <html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">
                        <head><title>Contents</title></head>
                        <body><nav epub:type="toc"><ol>
                        <li><a href="chapter1.xhtml">Surveying the coast</a></li>
                        <li><a href="chapter2.xhtml">Inland roads</a></li>
                        </ol></nav></body>
                        </html>
                        """},
            {"OEBPS/chapter1.xhtml", chapter.formatted("Surveying the coast", "Surveying the coast", """
                                <p>The cartographer redraws the coastline after each spring flood.</p>
                                <ul><li>Chain and compass</li><li>Plane table</li></ul>""")},
            {
                "OEBPS/chapter2.xhtml",
                chapter.formatted(
                        "Inland roads",
                        "Inland roads",
                        "<h2>Milestones</h2>\n<p>Every milestone on the turnpike is marked in red ink.</p>")
            }
        });
    }

    static final String CLOCK_RTF = """
            {\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0\\froman Times New Roman;}}
            {\\info{\\title The Tower Clock}{\\author Ada Keeper}{\\subject Clock maintenance}\
            {\\creatim\\yr2024\\mo9\\dy3\\hr9\\min0}}
            \\f0\\fs32\\b The Tower Clock\\b0\\fs24\\par
            \\par
            The clockmaker winds the tower clock every Sunday morning.\\par
            \\par
            The pendulum is checked against the church bells at noon.\\par
            }
            """;

    static final String ALLOTMENT_EML = """
            From: Ada Keeper <ada@example.org>
            To: Allotment Society <society@example.org>
            Subject: Allotment watering rota
            Date: Tue, 10 Sep 2024 08:30:00 +0100
            Message-ID: <rota-1@example.org>
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="outer"

            --outer
            Content-Type: multipart/alternative; boundary="inner"

            --inner
            Content-Type: text/plain; charset=UTF-8

            Dear members,

            The gardener waters the greenhouse tomatoes before breakfast.
            Please add your name to the rota for October.

            Ada
            --inner
            Content-Type: text/html; charset=UTF-8

            <html><body><p>Dear members,</p>
            <p>The gardener waters the greenhouse tomatoes before breakfast.</p>
            <p>Please add your name to the rota for October.</p><p>Ada</p></body></html>
            --inner--

            --outer
            Content-Type: text/plain; charset=UTF-8; name="minutes.txt"
            Content-Disposition: attachment; filename="minutes.txt"

            Attached minutes: the committee bought a new water butt.
            --outer--
            """.replace("\n", "\r\n");

    static final String TIMETABLE_CSV = """
            station,departs,note
            Harbour Halt,23:40,Stops on request
            Coast Junction,23:58,"The railway timetable lists the last train to the coast at midnight."
            "Upper Field, East",00:10,Terminates
            """;

    static final String OBSERVATORY_HTML = """
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><title>The Hilltop Observatory</title>
            <meta name="author" content="Ada Keeper"><style>body { font-family: serif; }</style></head>
            <body>
            <nav><a href="/">Home</a> | <a href="/about">About</a></nav>
            <main>
            <h1>The hilltop observatory</h1>
            <p>The astronomer charts the comets from the hilltop observatory.</p>
            <h2>Instruments</h2>
            <ul><li>A brass refractor</li><li>A <em>star</em> atlas</li></ul>
            <h2>Viewing nights</h2>
            <table><tr><th>Night</th><th>Object</th></tr><tr><td>Friday</td><td>Jupiter</td></tr></table>
            <pre>open dome
            point north</pre>
            </main>
            <footer>Visitors welcome on clear nights.</footer>
            </body>
            </html>
            """;

    static final String MOUNTAIN_HUTS_MD = """
            # Mountain huts

            The warden stocks the mountain hut with firewood in autumn.

            ## Supplies

            - Blankets
            - Lamp oil
            """;

    static final String SOURDOUGH_TXT = """
            Sourdough notes

            The baker proves the sourdough overnight in a cool cellar.
            Feed the starter twice a day.
            """;

    private static byte[] zip(String mimetype, String[][] entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            // OpenDocument and EPUB want the media type first and stored, so that it can be sniffed.
            byte[] type = mimetype.getBytes(StandardCharsets.US_ASCII);
            ZipEntry first = new ZipEntry("mimetype");
            first.setMethod(ZipEntry.STORED);
            first.setSize(type.length);
            CRC32 crc = new CRC32();
            crc.update(type);
            first.setCrc(crc.getValue());
            zip.putNextEntry(fixed(first));
            zip.write(type);
            zip.closeEntry();
            for (String[] entry : entries) {
                zip.putNextEntry(fixed(new ZipEntry(entry[0])));
                zip.write(entry[1].getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    /** A fixed time, so that regenerating gives the same bytes. */
    private static ZipEntry fixed(ZipEntry entry) {
        entry.setTime(date(2024, 1, 1).getTimeInMillis());
        return entry;
    }

    static byte[] garbage(String prefix, int size) {
        byte[] bytes = new byte[size];
        new Random(42).nextBytes(bytes);
        byte[] head = prefix.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(head, 0, bytes, 0, head.length);
        return bytes;
    }

    private static Calendar date(int year, int month, int day) {
        Calendar calendar = Calendar.getInstance(TimeZone.getTimeZone("UTC"));
        calendar.clear();
        calendar.set(year, month - 1, day, 9, 0, 0);
        return calendar;
    }

    private static byte[] bytes(PDDocument document) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        document.save(out);
        return out.toByteArray();
    }

    private interface Writer {
        void write(OutputStream out) throws IOException;
    }

    private static byte[] bytes(Writer writer) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writer.write(out);
        return out.toByteArray();
    }
}
