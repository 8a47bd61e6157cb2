package dev.groundwork.ingest.read;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

/**
 * Extracts normalised text, headings, page starts and metadata from documents.
 *
 * <p>Plain text, Markdown, CSV and HTML are read here (strict UTF-8; HTML through jsoup); PDF,
 * Word, PowerPoint, Excel, OpenDocument text, RTF, EPUB and e-mail through Apache Tika. The
 * package documentation says which parser reads what, and the limits that apply.
 *
 * <p>Normalisation (Unicode NFC, {@code \n} line ends, no control characters, no trailing spaces,
 * at most one blank line) happens once, here, so that the stored text is the one coordinate system
 * for chunk spans and citations. Blocks are separated by one blank line; the items of a list and
 * the rows of a table are on consecutive lines, with table cells joined by {@code " | "}.
 *
 * <p>Instances are thread-safe.
 */
public final class TextExtractor {

    /** The default limit on the characters of text in one document. */
    public static final int DEFAULT_MAX_CHARACTERS = 20_000_000;

    /** The default time after which a Tika parse is abandoned. */
    public static final Duration DEFAULT_PARSE_TIMEOUT = Duration.ofSeconds(60);

    private static final Set<String> OWN_EXTENSIONS = Set.of("txt", "text", "md", "markdown", "csv", "html", "htm");

    /** File name extensions this extractor reads. */
    public static final Set<String> EXTENSIONS = Stream.concat(OWN_EXTENSIONS.stream(), TikaText.EXTENSIONS.stream())
            .collect(Collectors.toUnmodifiableSet());

    /** An ATX heading: up to three spaces, 1-6 #, its text, optionally closing #s after a space. */
    private static final Pattern MARKDOWN_HEADING = Pattern.compile(" {0,3}(#{1,6})[ \\t]+(.+?)(?:[ \\t]+#+)?[ \\t]*");

    private static final Pattern MARKDOWN_FENCE = Pattern.compile(" {0,3}(```|~~~)");

    private final int maxCharacters;
    private final TikaText tika;

    /** An extractor with {@link #DEFAULT_MAX_CHARACTERS} and {@link #DEFAULT_PARSE_TIMEOUT}. */
    public TextExtractor() {
        this(DEFAULT_MAX_CHARACTERS, DEFAULT_PARSE_TIMEOUT);
    }

    /**
     * @param maxCharacters documents with more text than this are refused
     * @param parseTimeout a Tika parse that takes longer is abandoned and the document refused
     */
    public TextExtractor(int maxCharacters, Duration parseTimeout) {
        if (maxCharacters < 1) {
            throw new IllegalArgumentException("maxCharacters must be at least 1, was " + maxCharacters);
        }
        if (parseTimeout.isNegative() || parseTimeout.isZero()) {
            throw new IllegalArgumentException("parseTimeout must be positive, was " + parseTimeout);
        }
        this.maxCharacters = maxCharacters;
        this.tika = new TikaText(maxCharacters, parseTimeout);
    }

    /** Whether a file with this name is one this extractor reads. */
    public static boolean supports(String fileName) {
        return extension(fileName).map(EXTENSIONS::contains).orElse(false);
    }

    /**
     * Reads {@code content} as the file {@code fileName}, whose extension says what it is.
     *
     * <p>Embedded documents (attachments of e-mails, files embedded in office documents) are not
     * read.
     *
     * @throws UnreadableDocumentException if the type is unsupported, the file is empty, malformed,
     *     encrypted, too large or too slow to parse, or nothing but whitespace remains; the message
     *     names the file and says what is wrong
     */
    public DocumentText extract(String fileName, byte[] content) {
        String extension = extension(fileName)
                .filter(EXTENSIONS::contains)
                .orElseThrow(() -> new UnreadableDocumentException("Unsupported file type of '" + fileName
                        + "'; supported: " + String.join(", ", new TreeSet<>(EXTENSIONS))));
        if (content.length == 0) {
            throw new UnreadableDocumentException("'" + fileName + "' is empty (0 bytes)");
        }
        DocumentText document = switch (extension) {
            case "html", "htm" -> html(fileName, decodeUtf8(fileName, content));
            case "md", "markdown" -> markdown(fileName, normalise(decodeUtf8(fileName, content)));
            case "csv" -> csv(fileName, decodeUtf8(fileName, content));
            case "txt", "text" -> plainText(fileName, normalise(decodeUtf8(fileName, content)));
            default -> tika.read(fileName, extension, content);
        };
        if (document.text().isBlank()) {
            throw new UnreadableDocumentException("'" + fileName + "' contains no text");
        }
        if (document.text().length() > maxCharacters) {
            throw new UnreadableDocumentException("'" + fileName + "' has more than " + maxCharacters
                    + " characters of text; the limit is " + maxCharacters);
        }
        return document;
    }

    /** A short first line that is not a sentence is the title; else the file name is. */
    private static DocumentText plainText(String fileName, String text) {
        String firstLine = text.lines().findFirst().orElse("").strip();
        return new DocumentText(looksLikeTitle(firstLine) ? firstLine : baseName(fileName), text, "text/plain");
    }

    /** One short line that does not end like a sentence or a clause. */
    static boolean looksLikeTitle(String line) {
        return !line.isEmpty() && line.length() <= 120 && line.indexOf('\n') < 0 && !line.matches(".*[.!?:;,]$");
    }

    /**
     * Markdown stays as written, except that an ATX heading line ({@code ## Title ##}) becomes its
     * bare text, so that each heading's offset is where its text starts. Lines inside fenced code
     * blocks are never headings.
     */
    private static DocumentText markdown(String fileName, String text) {
        StringBuilder out = new StringBuilder(text.length());
        List<Heading> headings = new ArrayList<>();
        char fence = 0;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (i > 0) {
                out.append('\n');
            }
            String line = lines[i];
            Matcher heading = MARKDOWN_HEADING.matcher(line);
            Matcher fenceLine = MARKDOWN_FENCE.matcher(line);
            if (fenceLine.lookingAt()) {
                char c = fenceLine.group(1).charAt(0);
                fence = fence == 0 ? c : fence == c ? 0 : fence;
                out.append(line);
            } else if (fence == 0 && heading.matches()) {
                headings.add(new Heading(out.length(), heading.group(1).length(), heading.group(2)));
                out.append(heading.group(2));
            } else {
                out.append(line);
            }
        }
        String title =
                headings.isEmpty() ? baseName(fileName) : headings.getFirst().text();
        return new DocumentText(title, out.toString(), "text/markdown", headings, List.of(), Map.of());
    }

    private static DocumentText csv(String fileName, String raw) {
        BlockText.Layout layout = BlockText.layOut(CsvText.of(raw).marked());
        return new DocumentText(baseName(fileName), layout.text(), "text/csv");
    }

    private static DocumentText html(String fileName, String raw) {
        Document page = Jsoup.parse(raw);
        Map<String, String> metadata = new LinkedHashMap<>();
        Optional.ofNullable(page.selectFirst("meta[name=author]"))
                .map(meta -> normalise(meta.attr("content")))
                .filter(author -> !author.isEmpty())
                .ifPresent(author -> metadata.put("author", author));
        Optional.ofNullable(page.selectFirst("html[lang]"))
                .map(html -> html.attr("lang").strip())
                .filter(language -> !language.isEmpty())
                .ifPresent(language -> metadata.put("language", language));
        String declaredTitle = normalise(page.title());
        BlockText.Layout layout = BlockText.layOut(HtmlText.of(page).marked());
        String title = !declaredTitle.isEmpty()
                ? declaredTitle
                : layout.headings().isEmpty()
                        ? baseName(fileName)
                        : layout.headings().getFirst().text();
        return new DocumentText(title, layout.text(), "text/html", layout.headings(), List.of(), metadata);
    }

    private static String decodeUtf8(String fileName, byte[] content) {
        for (byte b : content) {
            if (b == 0) {
                throw new UnreadableDocumentException(
                        "'" + fileName + "' is binary data (contains NUL bytes), not text");
            }
        }
        try {
            String text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content))
                    .toString();
            return text;
        } catch (CharacterCodingException e) {
            throw new UnreadableDocumentException("'" + fileName + "' is not valid UTF-8 text", e);
        }
    }

    /** NFC, {@code \n} line ends, no control characters but tab and newline, no trailing spaces. */
    static String normalise(String text) {
        String nfc = Normalizer.normalize(text.replace("\uFEFF", ""), Normalizer.Form.NFC)
                .replace("\r\n", "\n")
                .replace('\r', '\n');
        StringBuilder out = new StringBuilder(nfc.length());
        for (String line : nfc.split("\n", -1)) {
            out.append(line.replaceAll("[\\p{Cc}&&[^\\t]]", "").stripTrailing()).append('\n');
        }
        return out.toString().replaceAll("\n{3,}", "\n\n").strip();
    }

    private static Optional<String> extension(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot < 0
                ? Optional.empty()
                : Optional.of(fileName.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    static String baseName(String fileName) {
        String name = fileName.substring(fileName.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
