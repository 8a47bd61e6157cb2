package dev.groundwork.ingest.read;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.tika.exception.EncryptedDocumentException;
import org.apache.tika.exception.TikaException;
import org.apache.tika.exception.ZeroByteFileException;
import org.apache.tika.extractor.EmbeddedDocumentExtractor;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Message;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.Office;
import org.apache.tika.metadata.PagedText;
import org.apache.tika.metadata.Property;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaType;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.AutoDetectParserConfig;
import org.apache.tika.parser.DefaultParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.mail.RFC822Parser;
import org.apache.tika.parser.microsoft.OfficeParserConfig;
import org.apache.tika.parser.ocr.TesseractOCRConfig;
import org.apache.tika.parser.pdf.PDFParserConfig;
import org.jsoup.Jsoup;
import org.xml.sax.ContentHandler;
import org.xml.sax.SAXException;

/**
 * Reads office documents, PDF, EPUB, RTF and e-mail through Apache Tika into {@link DocumentText}.
 *
 * <p>One {@link AutoDetectParser} serves every call (it is thread-safe). Each parse runs on a
 * daemon thread of its own and is abandoned after the timeout; see the package documentation for
 * the limits and why.
 */
final class TikaText {

    /** A format read through Tika: its name in messages and the media types it may detect as. */
    private record Format(String name, boolean pages, boolean slideTitles, String... mediaTypes) {}

    private static final Map<String, Format> FORMATS = Map.of(
            "pdf", new Format("PDF", true, false, "application/pdf"),
            "docx",
                    new Format(
                            "Word document",
                            false,
                            false,
                            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            "pptx",
                    new Format(
                            "PowerPoint presentation",
                            true,
                            true,
                            "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
            "xlsx",
                    new Format(
                            "Excel workbook",
                            false,
                            false,
                            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            "odt", new Format("OpenDocument text", false, false, "application/vnd.oasis.opendocument.text"),
            "rtf", new Format("RTF document", false, false, "application/rtf"),
            "epub", new Format("EPUB book", false, false, "application/epub+zip"),
            "eml", new Format("e-mail message", false, false, "message/rfc822"));

    static final java.util.Set<String> EXTENSIONS = FORMATS.keySet();

    private static final AutoDetectParser PARSER = parser();

    private static final ExecutorService PARSES = Executors.newCachedThreadPool(
            Thread.ofPlatform().daemon().name("tika-parse-", 0).factory());

    private final int maxCharacters;
    private final Duration timeout;

    TikaText(int maxCharacters, Duration timeout) {
        this.maxCharacters = maxCharacters;
        this.timeout = timeout;
    }

    private static AutoDetectParser parser() {
        // All alternatives of an e-mail reach our extractor, which prefers the text/plain body.
        RFC822Parser mail = new RFC822Parser();
        mail.setExtractAllAlternatives(true);
        // Later parsers win for the media types they share with earlier ones.
        AutoDetectParser parser = new AutoDetectParser(new DefaultParser(), mail);
        AutoDetectParserConfig config = new AutoDetectParserConfig();
        // Tika's zip bomb guard: more than 100 characters out per byte in, once past 1M characters,
        // or XHTML nested more than 100 elements deep, stops the parse.
        config.setOutputThreshold(1_000_000);
        config.setMaximumCompressionRatio(100);
        config.setMaximumDepth(100);
        config.setMaximumPackageEntryDepth(10);
        config.setThrowOnZeroBytes(true);
        parser.setAutoDetectParserConfig(config);
        return parser;
    }

    DocumentText read(String fileName, String extension, byte[] content) {
        Format format = FORMATS.get(extension);
        long deadline = System.nanoTime() + timeout.toNanos();
        Future<DocumentText> parse = PARSES.submit(() -> parse(fileName, format, content, deadline));
        try {
            return parse.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            parse.cancel(true);
            throw timedOut(fileName);
        } catch (InterruptedException e) {
            parse.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while reading '" + fileName + "'", e);
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case UnreadableDocumentException unreadable -> throw unreadable;
                case StackOverflowError overflow ->
                    throw new UnreadableDocumentException(
                            "'" + fileName + "' is nested too deeply to read as a " + format.name(), overflow);
                case RuntimeException runtime -> throw runtime;
                case Error error -> throw error;
                default -> throw new IllegalStateException(e.getCause());
            }
        }
    }

    private DocumentText parse(String fileName, Format format, byte[] content, long deadline) {
        ZipGuard.check(fileName, content);
        Metadata metadata = new Metadata();
        metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, fileName);
        MediaType type;
        try (TikaInputStream in = TikaInputStream.get(content)) {
            type = PARSER.getDetector().detect(in, metadata).getBaseType();
        } catch (IOException e) {
            throw unreadable(fileName, format, e);
        }
        if (!List.of(format.mediaTypes()).contains(type.toString())) {
            throw new UnreadableDocumentException(
                    "'" + fileName + "' is not a readable " + format.name() + ": its content is " + type);
        }
        XhtmlText handler = new XhtmlText(format.pages(), format.slideTitles(), maxCharacters, deadline);
        MailBody mailBody = new MailBody(type.toString().equals("message/rfc822"), maxCharacters);
        try (TikaInputStream in = TikaInputStream.get(content)) {
            PARSER.parse(in, handler, metadata, context(mailBody));
        } catch (XhtmlText.Stop stop) {
            throw stopped(fileName, stop);
        } catch (IOException | SAXException | TikaException e) {
            if (causes(e).stream()
                            .filter(XhtmlText.Stop.class::isInstance)
                            .findFirst()
                            .orElse(null)
                    instanceof XhtmlText.Stop stop) {
                throw stopped(fileName, stop);
            }
            throw unreadable(fileName, format, e);
        }
        BlockText.Layout layout = type.toString().equals("message/rfc822")
                ? BlockText.layOut(mailBody.text(fileName))
                : BlockText.layOut(handler.text().marked());
        if (layout.text().length() > maxCharacters) {
            throw stopped(fileName, new XhtmlText.Stop(XhtmlText.Stop.Reason.TOO_LONG));
        }
        Map<String, String> facts = metadata(metadata, layout);
        if (layout.text().isBlank()) {
            if (type.toString().equals("application/pdf") && facts.containsKey("pages")) {
                throw new UnreadableDocumentException(
                        "'" + fileName + "' has no text layer (scanned pages?); OCR is not supported");
            }
            throw new UnreadableDocumentException("'" + fileName + "' contains no text");
        }
        String title = first(metadata, TikaCoreProperties.TITLE);
        if (title == null) {
            title = layout.headings().isEmpty()
                    ? TextExtractor.baseName(fileName)
                    : layout.headings().getFirst().text();
        }
        return new DocumentText(
                TextExtractor.normalise(title),
                layout.text(),
                type.toString(),
                layout.headings(),
                layout.pageStarts(),
                facts);
    }

    private static ParseContext context(MailBody mailBody) {
        ParseContext context = new ParseContext();
        context.set(EmbeddedDocumentExtractor.class, mailBody);
        PDFParserConfig pdf = new PDFParserConfig();
        pdf.setOcrStrategy(PDFParserConfig.OCR_STRATEGY.NO_OCR);
        pdf.setExtractBookmarksText(false);
        pdf.setExtractAnnotationText(false);
        pdf.setExtractInlineImages(false);
        context.set(PDFParserConfig.class, pdf);
        TesseractOCRConfig ocr = new TesseractOCRConfig();
        ocr.setSkipOcr(true);
        context.set(TesseractOCRConfig.class, ocr);
        OfficeParserConfig office = new OfficeParserConfig();
        office.setIncludeHeadersAndFooters(false);
        office.setIncludeSlideMasterContent(false);
        office.setIncludeDeletedContent(false);
        office.setExtractMacros(false);
        context.set(OfficeParserConfig.class, office);
        return context;
    }

    private static Map<String, String> metadata(Metadata metadata, BlockText.Layout layout) {
        Map<String, String> facts = new LinkedHashMap<>();
        boolean mail = "message/rfc822"
                .equals(MediaType.parse(metadata.get(Metadata.CONTENT_TYPE))
                        .getBaseType()
                        .toString());
        if (mail) {
            put(facts, "from", all(metadata, Message.MESSAGE_FROM));
            put(facts, "to", all(metadata, Message.MESSAGE_TO));
            put(facts, "date", first(metadata, TikaCoreProperties.CREATED));
        } else {
            put(facts, "author", all(metadata, TikaCoreProperties.CREATOR.getName()));
            put(facts, "created", first(metadata, TikaCoreProperties.CREATED));
            put(facts, "modified", first(metadata, TikaCoreProperties.MODIFIED));
        }
        put(facts, "subject", first(metadata, TikaCoreProperties.SUBJECT));
        put(facts, "language", first(metadata, TikaCoreProperties.LANGUAGE));
        if (!layout.pageStarts().isEmpty()) {
            facts.put("pages", Integer.toString(layout.pageStarts().size()));
        } else {
            String pages = first(metadata, PagedText.N_PAGES);
            put(facts, "pages", pages != null ? pages : first(metadata, Office.PAGE_COUNT));
        }
        return facts;
    }

    private static void put(Map<String, String> facts, String key, String value) {
        if (value != null && !value.isBlank()) {
            facts.put(key, TextExtractor.normalise(value));
        }
    }

    private static String first(Metadata metadata, Property property) {
        String value = metadata.get(property);
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static String all(Metadata metadata, String name) {
        List<String> values = new ArrayList<>();
        for (String value : metadata.getValues(name)) {
            if (value != null && !value.isBlank() && !values.contains(value.strip())) {
                values.add(value.strip());
            }
        }
        return values.isEmpty() ? null : String.join(", ", values);
    }

    private UnreadableDocumentException stopped(String fileName, XhtmlText.Stop stop) {
        return switch (stop.reason) {
            case TOO_LONG ->
                new UnreadableDocumentException("'" + fileName + "' has more than " + maxCharacters
                        + " characters of text; the limit is " + maxCharacters);
            case TIMED_OUT -> timedOut(fileName);
        };
    }

    private UnreadableDocumentException timedOut(String fileName) {
        return new UnreadableDocumentException("'" + fileName + "' took longer than " + describe(timeout)
                + " to read; gave up (the file may be malformed or hostile)");
    }

    private static String describe(Duration duration) {
        if (duration.toMillis() >= 1000) {
            return duration.toSeconds() + " s";
        }
        return duration.toMillis() >= 1 ? duration.toMillis() + " ms" : duration.toNanos() + " ns";
    }

    private static UnreadableDocumentException unreadable(String fileName, Format format, Exception e) {
        List<Throwable> causes = causes(e);
        if (causes.stream().anyMatch(EncryptedDocumentException.class::isInstance)
                || causes.stream().anyMatch(c -> c.getClass().getName().endsWith("InvalidPasswordException"))) {
            return new UnreadableDocumentException(
                    "'" + fileName + "' is encrypted (password-protected); remove the password to index it", e);
        }
        if (causes.stream().anyMatch(ZeroByteFileException.class::isInstance)) {
            return new UnreadableDocumentException("'" + fileName + "' is empty (0 bytes)", e);
        }
        String detail = detail(causes);
        String lower = detail.toLowerCase(Locale.ROOT);
        if (lower.contains("nesting") || lower.contains("maxelementdepth")) {
            return new UnreadableDocumentException(
                    "'" + fileName + "' nests its content more than 100 levels deep; refused as possibly hostile ("
                            + detail + ")",
                    e);
        }
        if (lower.contains("zip bomb")) {
            return new UnreadableDocumentException(
                    "'" + fileName + "' looks like a zip bomb: it expands far beyond its own size (" + detail + ")", e);
        }
        return new UnreadableDocumentException(
                "'" + fileName + "' is not a readable " + format.name() + ": " + detail, e);
    }

    /** The innermost message in the chain of causes, on one line and short. */
    private static String detail(List<Throwable> causes) {
        String detail = null;
        for (Throwable cause : causes) {
            if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
                detail = cause.getMessage();
            }
        }
        if (detail == null) {
            detail = causes.getLast().getClass().getSimpleName();
        }
        detail = detail.replaceAll("\\s+", " ").strip();
        return detail.length() > 200 ? detail.substring(0, 200) + "…" : detail;
    }

    private static List<Throwable> causes(Throwable e) {
        List<Throwable> causes = new ArrayList<>();
        for (Throwable t = e; t != null && !causes.contains(t) && causes.size() < 20; t = t.getCause()) {
            causes.add(t);
            if (t instanceof SAXException sax && sax.getException() != null && sax.getException() != t.getCause()) {
                causes.add(sax.getException());
            }
        }
        return causes;
    }

    /**
     * Refuses every embedded document, and keeps an e-mail's inline text bodies so that the
     * text/plain one can be preferred over the HTML one. Attachments are never read.
     */
    private static final class MailBody implements EmbeddedDocumentExtractor {

        private record Part(String type, Charset charset, byte[] bytes) {}

        private final List<Part> parts = new ArrayList<>();
        private final boolean mail;
        private final int maxBytes;

        MailBody(boolean mail, int maxCharacters) {
            this.mail = mail;
            this.maxBytes = (int) Math.min(Integer.MAX_VALUE - 16, 4L * maxCharacters);
        }

        @Override
        public boolean shouldParseEmbedded(Metadata metadata) {
            String type = metadata.get(Metadata.CONTENT_TYPE);
            String disposition = metadata.get(Metadata.CONTENT_DISPOSITION);
            boolean attachment =
                    disposition != null && disposition.toLowerCase(Locale.ROOT).startsWith("attachment");
            return mail
                    && !attachment
                    && type != null
                    && (type.startsWith("text/plain") || type.startsWith("text/html"));
        }

        @Override
        public void parseEmbedded(InputStream stream, ContentHandler handler, Metadata metadata, boolean outputHtml)
                throws IOException {
            byte[] bytes = stream.readNBytes(maxBytes);
            parts.add(new Part(metadata.get(Metadata.CONTENT_TYPE), charset(metadata), bytes));
        }

        private static Charset charset(Metadata metadata) {
            String name = metadata.get(Metadata.CONTENT_ENCODING);
            try {
                return name == null ? StandardCharsets.UTF_8 : Charset.forName(name);
            } catch (IllegalArgumentException e) {
                return StandardCharsets.UTF_8;
            }
        }

        /** The marked text of the message body: its text/plain part, else its HTML part. */
        String text(String fileName) {
            for (String wanted : List.of("text/plain", "text/html")) {
                for (Part part : parts) {
                    if (part.type().startsWith(wanted)) {
                        String body = new String(part.bytes(), part.charset());
                        if (wanted.equals("text/html")) {
                            return HtmlText.of(Jsoup.parse(body)).marked();
                        }
                        return body;
                    }
                }
            }
            throw new UnreadableDocumentException("'" + fileName + "' has no text or HTML body");
        }
    }
}
