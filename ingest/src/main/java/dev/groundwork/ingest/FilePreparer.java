package dev.groundwork.ingest;

import dev.groundwork.ingest.catalog.Catalog;
import dev.groundwork.ingest.catalog.IngestJobs;
import dev.groundwork.ingest.chunk.ChunkSpan;
import dev.groundwork.ingest.chunk.ParagraphChunker;
import dev.groundwork.ingest.read.DocumentText;
import dev.groundwork.ingest.read.TextExtractor;
import dev.groundwork.ingest.read.UnreadableDocumentException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Turns a claimed item into a document ready to embed: reads the file (within the size limit, and
 * only if it really lies in the folder being ingested), skips it when unchanged, extracts its
 * text and chunks it.
 */
final class FilePreparer {

    private final Catalog catalog;
    private final TextExtractor extractor = new TextExtractor();
    private final ParagraphChunker chunker;
    private final long maxFileBytes;

    /** Nanoseconds spent extracting and chunking, for the job's log line. */
    final AtomicLong extractNanos = new AtomicLong();

    final AtomicLong chunkNanos = new AtomicLong();

    FilePreparer(Catalog catalog, ParagraphChunker chunker, long maxFileBytes) {
        this.catalog = catalog;
        this.chunker = chunker;
        this.maxFileBytes = maxFileBytes;
    }

    /** A file read, parsed and chunked, or the outcome that makes that unnecessary. */
    sealed interface Prepared {}

    record Parsed(
            IngestJobs.ClaimedItem item, String hash, Instant modified, DocumentText document, List<ChunkSpan> spans)
            implements Prepared {}

    record Skipped(IngestJobs.ClaimedItem item, String reason) implements Prepared {}

    /**
     * Reads, parses and chunks the item's file, unless it is unsupported or unchanged.
     *
     * @throws UnreadableDocumentException (or {@link UncheckedIOException}) with the reason the file
     *     cannot be ingested
     */
    Prepared prepare(IngestJobs.Job job, IngestJobs.ClaimedItem item) {
        String source = item.source();
        Path file = Path.of(item.path());
        boolean uploaded = !item.path().equals(source);
        String name = uploaded
                ? source.substring(Ingestion.UPLOAD_PREFIX.length())
                : file.getFileName().toString();
        if (!TextExtractor.supports(name)) {
            String message = "unsupported file type; supported: "
                    + String.join(
                            ", ", TextExtractor.EXTENSIONS.stream().sorted().toList());
            // A folder holds all kinds of files, of which the unsupported ones are no failure; an
            // uploaded file was chosen by the user, who must learn that it was not ingested.
            if (uploaded) {
                throw new UnreadableDocumentException("'" + name + "': " + message);
            }
            return new Skipped(item, message);
        }
        if (!uploaded) {
            checkInside(file, Path.of(job.origin()));
        }
        byte[] content = read(file, name);
        String hash = sha256(content);
        Set<String> tags = job.tags();
        if (catalog.storedVersion(job.collectionId(), source)
                .filter(version ->
                        version.contentHash().equals(hash) && version.tags().equals(tags))
                .isPresent()) {
            return new Skipped(item, "unchanged");
        }
        long started = System.nanoTime();
        DocumentText document = extractor.extract(name, content);
        long extracted = System.nanoTime();
        List<ChunkSpan> spans = chunker.chunk(document.text(), document.headings(), document.title());
        extractNanos.addAndGet(extracted - started);
        chunkNanos.addAndGet(System.nanoTime() - extracted);
        return new Parsed(item, hash, uploaded ? null : modifiedTime(file), document, spans);
    }

    /** A file of a folder may be a symbolic link to one outside it, which the caller may not read. */
    private static void checkInside(Path file, Path folder) {
        Path real;
        try {
            real = file.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read '" + file + "': " + e.getMessage(), e);
        }
        if (!real.startsWith(folder)) {
            throw new UnreadableDocumentException("'" + file.getFileName() + "' is a symbolic link to '" + real
                    + "', outside the folder being ingested");
        }
    }

    private byte[] read(Path file, String name) {
        try {
            long size = Files.size(file);
            if (size == 0) {
                throw new UnreadableDocumentException("'" + name + "' is empty (0 bytes)");
            }
            if (size > maxFileBytes) {
                throw new UnreadableDocumentException(
                        "'" + name + "' is " + size + " bytes; the limit is " + maxFileBytes + " bytes");
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read '" + file + "': " + e.getMessage(), e);
        }
    }

    private static Instant modifiedTime(Path file) {
        try {
            return Files.getLastModifiedTime(file).toInstant();
        } catch (IOException e) {
            return null;
        }
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JDK lacks SHA-256", e);
        }
    }
}
