package dev.groundwork.ingest.read;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Hostile inputs too large to commit, made at test time: zip bombs and over-deep markup. */
final class HostileFiles {

    /** How much one bomb entry expands to: 32 MiB of one repeated paragraph. */
    private static final int BOMB_BYTES = 32 << 20;

    private HostileFiles() {}

    /** A .docx whose document part inflates about a thousandfold. */
    static byte[] docxBomb() {
        return zip(
                null,
                new Entry("[Content_Types].xml", """
                        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
                         <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
                         <Default Extension="xml" ContentType="application/xml"/>
                         <Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
                        </Types>"""),
                new Entry("_rels/.rels", """
                        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
                         <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
                        </Relationships>"""),
                bomb(
                        "word/document.xml",
                        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w="
                                + "\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>",
                        "<w:p><w:r><w:t>All work and no play makes Jack a dull boy.</w:t></w:r></w:p>",
                        "</w:body></w:document>"));
    }

    /** An .epub whose one chapter inflates about a thousandfold. */
    static byte[] epubBomb() {
        return zip(
                "application/epub+zip",
                new Entry("META-INF/container.xml", """
                        <?xml version="1.0"?>
                        <container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
                         <rootfiles><rootfile full-path="content.opf" media-type="application/oebps-package+xml"/></rootfiles>
                        </container>"""),
                new Entry("content.opf", """
                        <?xml version="1.0"?>
                        <package xmlns="http://www.idpf.org/2007/opf" version="3.0">
                         <metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Bomb</dc:title></metadata>
                         <manifest><item id="c" href="c.xhtml" media-type="application/xhtml+xml"/></manifest>
                         <spine><itemref idref="c"/></spine>
                        </package>"""),
                bomb(
                        "c.xhtml",
                        "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body>",
                        "<p>All work and no play makes Jack a dull boy.</p>",
                        "</body></html>"));
    }

    /** An .odt whose content inflates about a thousandfold. */
    static byte[] odtBomb() {
        return zip(
                "application/vnd.oasis.opendocument.text",
                bomb(
                        "content.xml",
                        "<?xml version=\"1.0\"?><office:document-content"
                                + " xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\""
                                + " xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\">"
                                + "<office:body><office:text>",
                        "<text:p>All work and no play makes Jack a dull boy.</text:p>",
                        "</office:text></office:body></office:document-content>"));
    }

    /** An HTML page with {@code depth} nested {@code div} elements around one sentence. */
    static String deepHtml(int depth) {
        return "<html><body>" + "<div>".repeat(depth) + "The bottom of the well is dry." + "</div>".repeat(depth)
                + "</body></html>";
    }

    /** An .epub whose chapter nests {@code depth} {@code div} elements. */
    static byte[] deepEpub(int depth) {
        return zip(
                "application/epub+zip",
                new Entry("META-INF/container.xml", """
                        <?xml version="1.0"?>
                        <container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
                         <rootfiles><rootfile full-path="content.opf" media-type="application/oebps-package+xml"/></rootfiles>
                        </container>"""),
                new Entry("content.opf", """
                        <?xml version="1.0"?>
                        <package xmlns="http://www.idpf.org/2007/opf" version="3.0">
                         <metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Deep</dc:title></metadata>
                         <manifest><item id="c" href="c.xhtml" media-type="application/xhtml+xml"/></manifest>
                         <spine><itemref idref="c"/></spine>
                        </package>"""),
                new Entry("c.xhtml", deepHtml(depth)));
    }

    private record Entry(String name, String text, String head, String repeated, String tail) {
        Entry(String name, String text) {
            this(name, text, null, null, null);
        }
    }

    private static Entry bomb(String name, String head, String repeated, String tail) {
        return new Entry(name, null, head, repeated, tail);
    }

    private static byte[] zip(String mimetype, Entry... entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.setLevel(9);
            if (mimetype != null) {
                byte[] type = mimetype.getBytes(StandardCharsets.US_ASCII);
                ZipEntry first = new ZipEntry("mimetype");
                first.setMethod(ZipEntry.STORED);
                first.setSize(type.length);
                CRC32 crc = new CRC32();
                crc.update(type);
                first.setCrc(crc.getValue());
                zip.putNextEntry(first);
                zip.write(type);
                zip.closeEntry();
            }
            for (Entry entry : entries) {
                zip.putNextEntry(new ZipEntry(entry.name()));
                if (entry.text() != null) {
                    zip.write(entry.text().getBytes(StandardCharsets.UTF_8));
                } else {
                    zip.write(entry.head().getBytes(StandardCharsets.UTF_8));
                    byte[] block = entry.repeated()
                            .repeat(16_384 / entry.repeated().length() + 1)
                            .getBytes(StandardCharsets.UTF_8);
                    for (long written = 0; written < BOMB_BYTES; written += block.length) {
                        zip.write(block);
                    }
                    zip.write(entry.tail().getBytes(StandardCharsets.UTF_8));
                }
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
