package dev.groundwork.ingest.read;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/**
 * Refuses zip archives (the container of DOCX, PPTX, XLSX, ODT and EPUB) that expand far beyond
 * their own size, before any parser inflates them.
 *
 * <p>Tika's own guard compares the characters a parser writes with the bytes it reads, and POI
 * has an inflation ratio check, but neither stopped a 1:1000 bomb in a DOCX before POI had built
 * the whole inflated part in memory. Inflating once here, only counting, is cheap and bounded.
 */
final class ZipGuard {

    /** Archives may always expand to this many bytes. */
    static final long GRACE_BYTES = 16L << 20;

    /** Beyond the grace, archives may expand to this many times their own size. */
    static final int MAX_RATIO = 100;

    static final int MAX_ENTRIES = 100_000;

    private ZipGuard() {}

    static boolean isZip(byte[] content) {
        return content.length >= 4 && content[0] == 'P' && content[1] == 'K' && content[2] == 3 && content[3] == 4;
    }

    /**
     * Inflates every entry, counting bytes, through the central directory as the parsers read it,
     * and through the local headers if that directory is unreadable.
     *
     * @throws UnreadableDocumentException if the archive expands beyond the limit or has too many
     *     entries; a malformed archive is left to the parser, which says what is wrong with it
     */
    static void check(String fileName, byte[] content) {
        if (!isZip(content)) {
            return;
        }
        try {
            inflateByDirectory(new Counter(fileName, content.length), content);
            return;
        } catch (IOException | IllegalArgumentException e) {
            // No readable central directory: count through the local headers instead.
        }
        Counter counter = new Counter(fileName, content.length);
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(content))) {
            while (zip.getNextEntry() != null) {
                counter.inflate(zip);
            }
        } catch (IOException | IllegalArgumentException e) {
            // Malformed: the parser will say what is wrong with it.
        }
    }

    private static void inflateByDirectory(Counter counter, byte[] content) throws IOException {
        Path file = Files.createTempFile("groundwork-zip-", ".zip");
        try {
            Files.write(file, content);
            try (ZipFile zip = new ZipFile(file.toFile())) {
                for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
                    try (InputStream entry = zip.getInputStream(entries.nextElement())) {
                        counter.inflate(entry);
                    }
                }
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static final class Counter {
        private final String fileName;
        private final long size;
        private final long limit;
        private final byte[] buffer = new byte[64 * 1024];
        private long expanded;
        private int entries;

        Counter(String fileName, long size) {
            this.fileName = fileName;
            this.size = size;
            this.limit = Math.max(GRACE_BYTES, MAX_RATIO * size);
        }

        void inflate(InputStream entry) throws IOException {
            if (++entries > MAX_ENTRIES) {
                throw new UnreadableDocumentException(
                        "'" + fileName + "' looks like a zip bomb: it has more than " + MAX_ENTRIES + " entries");
            }
            for (int n; (n = entry.read(buffer)) > 0; ) {
                expanded += n;
                if (expanded > limit) {
                    throw new UnreadableDocumentException("'" + fileName + "' looks like a zip bomb: its " + size
                            + " bytes expand to more than " + limit + " bytes (the limit is " + MAX_RATIO
                            + " times the file's size, at least " + GRACE_BYTES + " bytes)");
                }
            }
        }
    }
}
