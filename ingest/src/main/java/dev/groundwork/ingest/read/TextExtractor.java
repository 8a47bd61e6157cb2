package dev.groundwork.ingest.read;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;

/**
 * Extracts normalised text from plain text, Markdown and HTML files.
 *
 * <p>Normalisation (Unicode NFC, {@code \n} line ends, no control characters, no trailing spaces)
 * happens once, here, so that the stored text is the one coordinate system for chunk spans and
 * citations.
 */
public final class TextExtractor {

    /** File name extensions this extractor reads. */
    public static final Set<String> EXTENSIONS = Set.of("txt", "text", "md", "markdown", "html", "htm");

    private static final Pattern MARKDOWN_HEADING = Pattern.compile("^(#{1,6})\\s+(.+?)\\s*#*\\s*$", Pattern.MULTILINE);

    /** Whether a file with this name is one this extractor reads. */
    public static boolean supports(String fileName) {
        return extension(fileName).map(EXTENSIONS::contains).orElse(false);
    }

    /**
     * Reads {@code content} as the file {@code fileName}.
     *
     * @throws UnreadableDocumentException if the type is unsupported, the bytes are not UTF-8 text,
     *     or nothing but whitespace remains
     */
    public DocumentText extract(String fileName, byte[] content) {
        String extension = extension(fileName)
                .filter(EXTENSIONS::contains)
                .orElseThrow(() -> new UnreadableDocumentException(
                        "Unsupported file type of '" + fileName + "'; supported: " + String.join(", ", EXTENSIONS)));
        String raw = decodeUtf8(fileName, content);
        DocumentText document = switch (extension) {
            case "html", "htm" -> html(fileName, raw);
            case "md", "markdown" -> markdown(fileName, normalise(raw));
            default -> plainText(fileName, normalise(raw));
        };
        if (document.text().isBlank()) {
            throw new UnreadableDocumentException("'" + fileName + "' contains no text");
        }
        return document;
    }

    /** A short first line that is not a sentence is the title; else the file name is. */
    private static DocumentText plainText(String fileName, String text) {
        String firstLine = text.lines().findFirst().orElse("").strip();
        boolean heading = !firstLine.isEmpty() && firstLine.length() <= 120 && !firstLine.matches(".*[.!?:;,]$");
        return new DocumentText(heading ? firstLine : baseName(fileName), text, "text/plain");
    }

    private static DocumentText markdown(String fileName, String text) {
        Matcher heading = MARKDOWN_HEADING.matcher(text);
        String title = null;
        List<Heading> headings = new ArrayList<>();
        while (heading.find()) {
            if (title == null) {
                title = heading.group(2).strip();
            }
            headings.add(new Heading(
                    heading.start(), heading.group(1).length(), heading.group(2).strip()));
        }
        return new DocumentText(
                title == null ? baseName(fileName) : title, text, "text/markdown", headings, List.of(), Map.of());
    }

    private static DocumentText html(String fileName, String raw) {
        var page = Jsoup.parse(raw);
        String title = page.title().isBlank()
                ? Optional.ofNullable(page.selectFirst("h1"))
                        .map(h1 -> h1.text())
                        .filter(t -> !t.isBlank())
                        .orElse(baseName(fileName))
                : page.title().strip();
        String marked = normalise(HtmlText.of(page));
        StringBuilder text = new StringBuilder(marked.length());
        List<Integer> starts = new ArrayList<>();
        List<Integer> levels = new ArrayList<>();
        for (int i = 0; i < marked.length(); i++) {
            char c = marked.charAt(i);
            if (HtmlText.isMark(c)) {
                starts.add(text.length());
                levels.add(c - HtmlText.SECTION_MARK);
            } else {
                text.append(c);
            }
        }
        List<Heading> headings = new ArrayList<>();
        for (int i = 0; i < starts.size(); i++) {
            int start = starts.get(i);
            int lineEnd = text.indexOf("\n", start);
            String line =
                    text.substring(start, lineEnd < 0 ? text.length() : lineEnd).strip();
            if (!line.isEmpty()) {
                headings.add(new Heading(start, levels.get(i), line));
            }
        }
        return new DocumentText(normalise(title), text.toString(), "text/html", headings, List.of(), Map.of());
    }

    private static String decodeUtf8(String fileName, byte[] content) {
        try {
            String text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content))
                    .toString();
            if (text.indexOf('\0') >= 0) {
                throw new UnreadableDocumentException(
                        "'" + fileName + "' is binary data (contains NUL bytes), not text");
            }
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

    private static String baseName(String fileName) {
        String name = fileName.substring(fileName.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
