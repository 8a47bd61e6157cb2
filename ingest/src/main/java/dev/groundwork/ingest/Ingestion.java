package dev.groundwork.ingest;

import dev.groundwork.ingest.catalog.Catalog;
import dev.groundwork.ingest.catalog.ItemStatus;
import dev.groundwork.ingest.catalog.NewChunk;
import dev.groundwork.ingest.catalog.NewDocument;
import dev.groundwork.ingest.chunk.ChunkSpan;
import dev.groundwork.ingest.chunk.ParagraphChunker;
import dev.groundwork.ingest.read.DocumentText;
import dev.groundwork.ingest.read.TextExtractor;
import dev.groundwork.ingest.read.UnreadableDocumentException;
import dev.groundwork.runtime.embedding.Embedder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Ingests folders of documents into a collection of the catalog. */
public final class Ingestion {

    private static final Logger log = LoggerFactory.getLogger(Ingestion.class);
    private static final int EMBEDDING_BATCH = 32;

    private final Catalog catalog;
    private final Embedder embedder;
    private final ParagraphChunker chunker;
    private final TextExtractor extractor = new TextExtractor();
    private final long maxFileBytes;

    public Ingestion(Catalog catalog, Embedder embedder, int maxChunkTokens, long maxFileBytes) {
        this.catalog = catalog;
        this.embedder = embedder;
        this.chunker = new ParagraphChunker(embedder::countTokens, Math.min(maxChunkTokens, embedder.maxTokens()));
        this.maxFileBytes = maxFileBytes;
    }

    /**
     * Brings the collection in line with the folder: new and changed files are (re)ingested,
     * unchanged ones skipped, and documents whose files are gone from the folder deleted.
     *
     * @throws IllegalArgumentException if {@code folder} is not a readable directory
     */
    public IngestReport ingestFolder(Path folder, String collection) {
        Path root = folder.toAbsolutePath().normalize();
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("'" + folder + "' is not a directory");
        }
        if (!Files.isReadable(root)) {
            throw new IllegalArgumentException("'" + folder + "' is not readable");
        }
        List<String> sources = filesUnder(root);
        long collectionId = catalog.collection(collection, embedder.modelName());
        long jobId = catalog.createJob(collectionId, root.toString(), sources);

        int done = 0, skipped = 0, chunks = 0;
        List<IngestReport.ItemOutcome> failures = new ArrayList<>();
        for (Optional<Catalog.ClaimedItem> claimed = catalog.claimItem(jobId);
                claimed.isPresent();
                claimed = catalog.claimItem(jobId)) {
            Catalog.ClaimedItem item = claimed.get();
            try {
                Outcome outcome = ingestFile(collectionId, item.source());
                catalog.finishItem(
                        item.id(), outcome.status(), outcome.message(), outcome.documentId(), outcome.chunks());
                if (outcome.status() == ItemStatus.DONE) {
                    done++;
                    chunks += outcome.chunks();
                } else {
                    skipped++;
                }
            } catch (UnreadableDocumentException | UncheckedIOException e) {
                catalog.finishItem(item.id(), ItemStatus.FAILED, e.getMessage(), null, 0);
                failures.add(new IngestReport.ItemOutcome(item.source(), e.getMessage()));
            } catch (RuntimeException e) {
                log.error("Ingesting {} failed", item.source(), e);
                String message = "Internal error: " + e;
                catalog.finishItem(item.id(), ItemStatus.FAILED, message, null, 0);
                failures.add(new IngestReport.ItemOutcome(item.source(), message));
            }
        }
        int deleted = catalog.deleteMissing(collectionId, root + "/", new HashSet<>(sources));
        catalog.finishJob(jobId);
        return new IngestReport(
                jobId, collection, sources.size(), done, skipped, failures.size(), deleted, chunks, failures);
    }

    private record Outcome(ItemStatus status, String message, Long documentId, int chunks) {}

    private Outcome ingestFile(long collectionId, String source) {
        Path file = Path.of(source);
        String name = file.getFileName().toString();
        if (!TextExtractor.supports(name)) {
            return new Outcome(ItemStatus.SKIPPED, "unsupported file type", null, 0);
        }
        byte[] content = read(file);
        String hash = sha256(content);
        if (catalog.contentHash(collectionId, source).filter(hash::equals).isPresent()) {
            return new Outcome(ItemStatus.SKIPPED, "unchanged", null, 0);
        }
        DocumentText document = extractor.extract(name, content);
        List<ChunkSpan> spans = chunker.chunk(document.text());
        List<NewChunk> chunks = embed(document.text(), spans);
        long documentId = catalog.saveDocument(new NewDocument(
                collectionId, source, hash, document.mediaType(), document.title(), document.text(), chunks));
        return new Outcome(ItemStatus.DONE, null, documentId, chunks.size());
    }

    private List<NewChunk> embed(String text, List<ChunkSpan> spans) {
        List<NewChunk> chunks = new ArrayList<>(spans.size());
        for (int from = 0; from < spans.size(); from += EMBEDDING_BATCH) {
            List<ChunkSpan> batch = spans.subList(from, Math.min(spans.size(), from + EMBEDDING_BATCH));
            List<float[]> vectors = embedder.embedPassages(
                    batch.stream().map(span -> span.textOf(text)).toList());
            for (int i = 0; i < batch.size(); i++) {
                ChunkSpan span = batch.get(i);
                chunks.add(
                        new NewChunk(span.start(), span.end(), span.tokenCount(), span.textOf(text), vectors.get(i)));
            }
        }
        return chunks;
    }

    private byte[] read(Path file) {
        try {
            long size = Files.size(file);
            if (size > maxFileBytes) {
                throw new UnreadableDocumentException(
                        "'" + file.getFileName() + "' is " + size + " bytes; the limit is " + maxFileBytes + " bytes");
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read '" + file + "': " + e.getMessage(), e);
        }
    }

    private static List<String> filesUnder(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(Files::isRegularFile)
                    .filter(path -> !root.relativize(path).toString().startsWith(".")
                            && !path.getFileName().toString().startsWith("."))
                    .map(Path::toString)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the files under '" + root + "'", e);
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
