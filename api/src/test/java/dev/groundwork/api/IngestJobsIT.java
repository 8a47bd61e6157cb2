package dev.groundwork.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Ingest jobs over HTTP on the real stack: background jobs with progress and events, cancelling,
 * uploads, allowed roots, per-file errors for bad input, deleting documents and collections.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IngestJobsIT {

    static final Path work = TestFolders.create("ingest-jobs-it");
    static final int MAX_FILE_BYTES = 64 * 1024;

    @LocalServerPort
    int port;

    Api api;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("groundwork.data-dir", () -> work.resolve("data").toString());
        registry.add("groundwork.ingest.max-file-size", () -> MAX_FILE_BYTES + "B");
    }

    @BeforeAll
    void connect() {
        api = new Api(port);
    }

    @Test
    void refusesFoldersOutsideTheAllowedRootsIncludingDotDotAndSymlinks() throws IOException {
        Path outside = Files.createTempDirectory(Path.of("target"), "outside").toAbsolutePath();
        Path link = Files.createSymbolicLink(work.resolve("link-to-outside"), outside);

        for (String path : List.of("/etc", work.resolve("../..").toString(), link.toString())) {
            Api.Response response = api.postRaw("/api/jobs", "{\"path\": \"" + path + "\"}");
            assertThat(response.status()).as(path).isEqualTo(403);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.body().path("detail").asString())
                    .contains("is outside the folders this server may ingest from");
        }
        assertThat(api.postRaw("/api/ingest", "{\"path\": \"" + link + "\"}").status())
                .isEqualTo(403);
    }

    @Test
    void failsEachBadFileWithAClearMessageAndIngestsTheRest() throws IOException {
        Path outside = Files.createTempDirectory(Path.of("target"), "secret").toAbsolutePath();
        Files.writeString(outside.resolve("secret.txt"), "The vault code is 1234.");
        Path folder = Files.createDirectories(work.resolve("bad-input"));
        Files.write(folder.resolve("zero-bytes.txt"), new byte[0]);
        Files.write(folder.resolve("binary.txt"), new byte[] {0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00});
        Files.write(folder.resolve("latin1.txt"), "Caf\u00e9 cr\u00e8me".getBytes(StandardCharsets.ISO_8859_1));
        Files.writeString(folder.resolve("huge.txt"), "word ".repeat(MAX_FILE_BYTES / 5 + 10));
        Files.writeString(
                folder.resolve("deep.html"),
                "<html><body>" + "<div>".repeat(20_000) + "Deep inside the nest lives a wren." + "</div>".repeat(20_000)
                        + "</body></html>");
        Files.write(folder.resolve("photo.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a});
        Files.createSymbolicLink(folder.resolve("linked.txt"), outside.resolve("secret.txt"));
        Files.writeString(folder.resolve("good.md"), "# Otters\n\nOtters hold hands while they sleep.");

        JsonNode report = api.post("/api/ingest", Map.of("path", folder.toString(), "collection", "bad-input"));

        Map<String, JsonNode> items = items(report.path("jobId").asLong());
        assertThat(status(items, "good.md")).isEqualTo("done");
        assertThat(message(items, "zero-bytes.txt"))
                .contains("'zero-bytes.txt'")
                .contains("empty");
        assertThat(message(items, "binary.txt"))
                .isEqualTo("'binary.txt' is binary data (contains NUL bytes), not text");
        assertThat(message(items, "latin1.txt")).isEqualTo("'latin1.txt' is not valid UTF-8 text");
        assertThat(message(items, "huge.txt"))
                .isEqualTo("'huge.txt' is " + Files.size(folder.resolve("huge.txt")) + " bytes; the limit is "
                        + MAX_FILE_BYTES + " bytes");
        assertThat(message(items, "linked.txt"))
                .startsWith("'linked.txt' is a symbolic link to '")
                .endsWith("outside the folder being ingested");
        assertThat(status(items, "photo.png")).isEqualTo("skipped");
        assertThat(message(items, "photo.png")).startsWith("unsupported file type; supported: ");
        // Deeply nested HTML is either read or refused with a message; it never brings the job down.
        assertThat(status(items, "deep.html")).isIn("done", "failed");
        if (status(items, "deep.html").equals("failed")) {
            assertThat(message(items, "deep.html")).contains("'deep.html'");
        }
        for (String failed : List.of("zero-bytes.txt", "binary.txt", "latin1.txt", "huge.txt", "linked.txt")) {
            assertThat(status(items, failed)).as(failed).isEqualTo("failed");
        }
        JsonNode hits = api.post("/api/search", Map.of("query", "vault code", "collection", "bad-input"))
                .path("hits");
        hits.forEach(hit -> assertThat(hit.path("text").asString()).doesNotContain("1234"));
    }

    @Test
    void runsJobsInTheBackgroundWithProgressAndAnEventStream() throws IOException {
        Path folder = Files.createDirectories(work.resolve("background"));
        for (int i = 0; i < 12; i++) {
            Files.writeString(
                    folder.resolve("note-" + i + ".txt"),
                    "Note " + i + "\n\nThe tide table for harbour " + i + " lists high water at " + (i + 1)
                            + " o'clock.");
        }

        Api.Response created = api.postRaw("/api/jobs", "{\"path\": \"" + folder + "\", \"collection\": \"bg\"}");
        assertThat(created.status()).isEqualTo(202);
        long id = created.body().path("id").asLong();
        assertThat(created.body().path("files").asInt()).isEqualTo(12);

        String events = api.getText("/api/jobs/" + id + "/events");
        assertThat(events).contains("event:end");
        JsonNode job = waitForEnd(id);
        assertThat(job.path("status").asString()).isEqualTo("finished");
        assertThat(job.path("done").asInt()).isEqualTo(12);
        assertThat(job.path("chunks").asLong()).isGreaterThanOrEqualTo(12);
        assertThat(job.path("bytesDone").asLong()).isEqualTo(job.path("bytes").asLong());
        assertThat(job.path("filesPerSecond").asDouble()).isPositive();
        assertThat(api.get("/api/jobs").get(0).has("etaSeconds")).isTrue();
        assertThat(api.getRaw("/api/jobs/" + id + "?status=bogus").status()).isEqualTo(400);
        assertThat(api.getRaw("/api/jobs/987654/events").status()).isEqualTo(404);
    }

    @Test
    void cancelsAJobWithoutLeavingHalfWrittenDocuments() throws IOException {
        Path folder = Files.createDirectories(work.resolve("cancel"));
        for (int i = 0; i < 150; i++) {
            Files.writeString(
                    folder.resolve(String.format("file-%03d.md", i)),
                    "# Entry " + i + "\n\nThe kestrel hovers over field " + i + " before it dives.");
        }
        long id = api.postRaw("/api/jobs", "{\"path\": \"" + folder + "\", \"collection\": \"cancelled\"}")
                .body()
                .path("id")
                .asLong();

        Api.Response cancelled = api.postRaw("/api/jobs/" + id + "/cancel", "");
        assertThat(cancelled.status()).isEqualTo(200);
        JsonNode job = waitForEnd(id);

        assertThat(job.path("status").asString()).isEqualTo("cancelled");
        assertThat(job.path("cancelled").asInt()).isPositive();
        assertThat(job.path("done").asInt() + job.path("cancelled").asInt()).isEqualTo(150);
        List<JsonNode> documents = documents("cancelled");
        assertThat(documents).hasSize(job.path("done").asInt());
        documents.forEach(
                document -> assertThat(document.path("chunks").asInt()).isPositive());
        assertThat(api.postRaw("/api/jobs/" + id + "/cancel", "").status()).isEqualTo(409);

        assertThat(api.postRaw("/api/jobs/" + id + "/resume", "").status()).isEqualTo(202);
        JsonNode resumed = waitForEnd(id);
        assertThat(resumed.path("status").asString()).isEqualTo("finished");
        assertThat(resumed.path("done").asInt()).isEqualTo(150);
        assertThat(resumed.path("cancelled").asInt()).isZero();
        assertThat(documents("cancelled")).hasSize(150);
        assertThat(api.postRaw("/api/jobs/" + id + "/resume", "").status()).isEqualTo(409);
    }

    @Test
    void ingestsUploadsReplacesThemAndDeletesDocumentsAndCollections() throws Exception {
        byte[] notes = "# Kites\n\nA kite needs wind of at least eight knots to fly.".getBytes(StandardCharsets.UTF_8);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("kites.md", notes);
        files.put("picture.png", new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        Api.Response created = api.postFiles("/api/jobs", Map.of("collection", "uploads"), files);
        assertThat(created.status()).isEqualTo(202);
        JsonNode job = waitForEnd(created.body().path("id").asLong());

        Map<String, JsonNode> items = items(job.path("id").asLong());
        assertThat(status(items, "upload:kites.md")).isEqualTo("done");
        assertThat(status(items, "upload:picture.png")).isEqualTo("failed");
        assertThat(message(items, "upload:picture.png")).startsWith("'picture.png': unsupported file type");
        try (Stream<Path> left = Files.list(work.resolve("data/uploads"))) {
            assertThat(left).isEmpty();
        }

        JsonNode again =
                waitForEnd(api.postFiles("/api/jobs", Map.of("collection", "uploads"), Map.of("kites.md", notes))
                        .body()
                        .path("id")
                        .asLong());
        assertThat(again.path("skipped").asInt()).isEqualTo(1);
        assertThat(api.postFiles("/api/jobs", Map.of("collection", "bad name!"), Map.of("a.md", notes))
                        .status())
                .isEqualTo(400);

        List<JsonNode> documents = documents("uploads");
        assertThat(documents).hasSize(1);
        long documentId = documents.getFirst().path("id").asLong();
        assertThat(searchHits("kite wind knots", "uploads")).isPositive();

        assertThat(api.deleteRaw("/api/documents/" + documentId).status()).isEqualTo(204);
        assertThat(api.deleteRaw("/api/documents/" + documentId).status()).isEqualTo(404);
        awaitNoHits("kite wind knots", "uploads");

        api.postFiles("/api/jobs", Map.of("collection", "uploads"), Map.of("kites.md", notes));
        awaitIndexInStep();
        assertThat(api.deleteRaw("/api/collections/uploads").status()).isEqualTo(204);
        awaitNoHits("kite wind knots", "uploads");
        assertThat(api.get("/api/collections")
                        .valueStream()
                        .map(c -> c.path("name").asString()))
                .doesNotContain("uploads");
        assertThat(api.deleteRaw("/api/collections/uploads").status()).isEqualTo(404);
    }

    /** The committed fixtures: one small document per supported format (ingest/src/test/resources/formats). */
    static final Map<String, String> FORMATS = Map.ofEntries(
            Map.entry("lighthouse.pdf", "The lighthouse keeper logs the fog horn every night."),
            Map.entry("harbour.docx", "The harbour master measures the spring tide at dawn."),
            Map.entry("beekeeping.pptx", "The beekeeper wraps each hive in straw before the first frost."),
            Map.entry("orchard.xlsx", "The orchard sells cider apples to the village co-operative."),
            Map.entry("ferry.odt", "The ferryman rows travellers across the river at noon."),
            Map.entry("cartographer.epub", "The cartographer redraws the coastline after each spring flood."),
            Map.entry("clock.rtf", "The clockmaker winds the tower clock every Sunday morning."),
            Map.entry("allotment.eml", "The gardener waters the greenhouse tomatoes before breakfast."),
            Map.entry("observatory.html", "The astronomer charts the comets from the hilltop observatory."),
            Map.entry("mountain-huts.md", "The warden stocks the mountain hut with firewood in autumn."),
            Map.entry("sourdough.txt", "The baker proves the sourdough overnight in a cool cellar."),
            Map.entry("timetable.csv", "The railway timetable lists the last train to the coast at midnight."));

    @Test
    void readsEveryFormatIntoExactSpansWithStructureAndFindsEachByItsSentence() throws IOException {
        Path folder = copy(Path.of("..", "ingest", "src", "test", "resources", "formats"), work.resolve("formats"));

        JsonNode report = api.post("/api/ingest", Map.of("path", folder.toString(), "collection", "formats"));

        Map<String, JsonNode> items = items(report.path("jobId").asLong());
        FORMATS.keySet()
                .forEach(file -> assertThat(status(items, file))
                        .as(file + ": " + message(items, file))
                        .isEqualTo("done"));
        for (JsonNode document : documents("formats")) {
            long id = document.path("id").asLong();
            String text = api.get("/api/documents/" + id).path("text").asString();
            for (JsonNode chunk : api.get("/api/documents/" + id + "/chunks")) {
                assertThat(text.substring(
                                chunk.path("start").asInt(), chunk.path("end").asInt()))
                        .isEqualTo(chunk.path("text").asString());
            }
        }
        for (Map.Entry<String, String> format : FORMATS.entrySet()) {
            JsonNode top = api.post("/api/search", Map.of("query", format.getValue(), "collection", "formats"))
                    .path("hits")
                    .get(0);
            assertThat(top.path("source").asString()).as(format.getKey()).endsWith("/" + format.getKey());
            assertThat(top.path("text").asString()).as(format.getKey()).contains(format.getValue());
        }

        JsonNode pdf = api.get("/api/documents/"
                + items.get("lighthouse.pdf").path("documentId").asLong());
        assertThat(pdf.path("title").asString()).isEqualTo("Lighthouse Operations");
        assertThat(pdf.path("mediaType").asString()).isEqualTo("application/pdf");
        assertThat(pdf.path("pageStarts").size()).isEqualTo(2);
        assertThat(pdf.path("metadata").path("author").asString()).isEqualTo("Ada Keeper");
        long docx = items.get("harbour.docx").path("documentId").asLong();
        assertThat(api.get("/api/documents/" + docx).path("title").asString()).isEqualTo("Harbour Report");
        assertThat(api.get("/api/documents/" + docx + "/chunks")
                        .valueStream()
                        .map(c -> c.path("headingPath").asString()))
                .anyMatch(path -> path.endsWith("Moorings"));
        JsonNode hit = api.post(
                        "/api/search",
                        Map.of("query", "Which instruments does the observatory have?", "collection", "formats"))
                .path("hits")
                .get(0);
        assertThat(hit.path("headingPath").asString()).startsWith("The hilltop observatory");
    }

    @Test
    void refusesCorruptEncryptedScannedAndHostileDocumentsPerFile() throws IOException {
        Path folder =
                copy(Path.of("..", "ingest", "src", "test", "resources", "bad-input"), work.resolve("bad-documents"));
        Files.write(folder.resolve("bomb.docx"), zipBomb());
        Files.writeString(folder.resolve("fine.md"), "# Wrens\n\nThe wren sings loudest at dawn.");

        JsonNode report = api.post("/api/ingest", Map.of("path", folder.toString(), "collection", "bad-documents"));

        Map<String, JsonNode> items = items(report.path("jobId").asLong());
        assertThat(status(items, "fine.md")).isEqualTo("done");
        Map<String, String> expected = Map.of(
                "empty.pdf", "'empty.pdf' is empty (0 bytes)",
                "binary.txt", "'binary.txt' is binary data (contains NUL bytes), not text",
                "latin1.csv", "'latin1.csv' is not valid UTF-8 text",
                "truncated.pdf", "'truncated.pdf' is not a readable PDF",
                "garbage.pdf", "'garbage.pdf' is not a readable PDF",
                "encrypted.pdf", "'encrypted.pdf' is encrypted (password-protected)",
                "scanned.pdf", "'scanned.pdf' has no text layer (scanned pages?); OCR is not supported",
                "bomb.docx", "'bomb.docx' looks like a zip bomb");
        expected.forEach((file, message) -> {
            assertThat(status(items, file)).as(file).isEqualTo("failed");
            assertThat(message(items, file)).as(file).startsWith(message);
        });
        assertThat(documents("bad-documents")).hasSize(1);
    }

    /** A .docx whose 20 MB document part compresses to a few kilobytes. */
    private static byte[] zipBomb() throws IOException {
        var bytes = new java.io.ByteArrayOutputStream();
        try (var zip = new java.util.zip.ZipOutputStream(bytes)) {
            zip.putNextEntry(new java.util.zip.ZipEntry("[Content_Types].xml"));
            zip.write("<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"
                    .getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new java.util.zip.ZipEntry("word/document.xml"));
            byte[] spaces = new byte[1 << 20];
            java.util.Arrays.fill(spaces, (byte) ' ');
            for (int i = 0; i < 20; i++) {
                zip.write(spaces);
            }
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    private static Path copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : files.filter(f -> !f.getFileName().toString().equals("README.md"))
                    .toList()) {
                Files.copy(file, to.resolve(file.getFileName()));
            }
        }
        return to;
    }

    private Map<String, JsonNode> items(long jobId) {
        Map<String, JsonNode> items = new HashMap<>();
        api.get("/api/jobs/" + jobId).path("items").forEach(item -> {
            String source = item.path("source").asString();
            items.put(
                    source.startsWith("upload:")
                            ? source
                            : Path.of(source).getFileName().toString(),
                    item);
        });
        return items;
    }

    private static String status(Map<String, JsonNode> items, String name) {
        assertThat(items).containsKey(name);
        return items.get(name).path("status").asString();
    }

    private static String message(Map<String, JsonNode> items, String name) {
        assertThat(items).containsKey(name);
        return items.get(name).path("message").asString();
    }

    private List<JsonNode> documents(String collection) {
        return api.get("/api/collections/" + collection + "/documents?limit=1000")
                .valueStream()
                .collect(Collectors.toList());
    }

    private int searchHits(String query, String collection) {
        return api.post("/api/search", Map.of("query", query, "collection", collection))
                .path("hits")
                .size();
    }

    /** Deleted chunks leave the index through the outbox: within a poll of the indexer. */
    private void awaitNoHits(String query, String collection) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (searchHits(query, collection) > 0) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("Deleted chunks are still found for '" + query + "'");
            }
            sleep();
        }
    }

    /** Waits until the job ended and every chunk is searchable; returns the job. */
    private JsonNode waitForEnd(long id) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (Instant.now().isBefore(deadline)) {
            JsonNode job = api.get("/api/jobs/" + id + "?limit=1").path("job");
            if (!job.path("status").asString().equals("running")
                    && job.path("running").asInt() == 0) {
                awaitIndexInStep();
                return job;
            }
            sleep();
        }
        throw new AssertionError("Job " + id + " did not end");
    }

    private void awaitIndexInStep() {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
        while (Instant.now().isBefore(deadline)) {
            JsonNode status = api.get("/api/status");
            JsonNode jobs = api.get("/api/jobs?limit=50");
            boolean idle = jobs.valueStream()
                    .noneMatch(job -> job.path("status").asString().equals("running"));
            if (idle
                    && status.path("indexedChunks").asLong()
                            == status.path("chunks").asLong()) {
                return;
            }
            sleep();
        }
        throw new AssertionError("The index did not catch up with the catalog");
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
