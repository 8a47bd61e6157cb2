/**
 * Reading files into normalised document text: the text every chunk span and citation points into.
 *
 * <h2>Who parses what</h2>
 *
 * <ul>
 *   <li>Plain text ({@code .txt}, {@code .text}), Markdown ({@code .md}, {@code .markdown}) and CSV
 *       are read here, as strict UTF-8 (NUL bytes or invalid UTF-8 are refused). Markdown stays as
 *       written except that ATX heading lines lose their {@code #} marks; CSV (RFC 4180) becomes one
 *       table.
 *   <li>HTML ({@code .html}, {@code .htm}) is parsed by jsoup, whose traversal is iterative, so
 *       arbitrarily deep pages cannot overflow the stack. Scripts, styles, navigation, forms and the
 *       like are dropped; a {@code main} element, if any, is the content.
 *   <li>PDF, DOCX, PPTX, XLSX, ODT, RTF, EPUB and e-mail ({@code .eml}) go through Apache Tika
 *       ({@code tika-parsers-standard-package}, without junrar, whose licence is not open source):
 *       one {@code AutoDetectParser}, thread-safe, shared by every extractor; our SAX handler lays
 *       out Tika's XHTML. The detected media type must be the one the extension promises.
 *       PDF pages and PPTX slides give page starts; a slide's first paragraph is its heading when it
 *       looks like a title (Tika does not mark titles). Tika's h1–h6 (Word heading styles, ODT
 *       headings, EPUB chapters, XLSX sheet names) become headings. An e-mail's text/plain body is
 *       preferred over its HTML one, which is rendered like any HTML page.
 * </ul>
 *
 * <h2>Left out on purpose</h2>
 *
 * Embedded documents are never parsed: e-mail attachments, files embedded in office documents,
 * the EPUB navigation document, PPTX thumbnails. There is no OCR (Tesseract is switched off): a PDF
 * with pages but no text layer is refused as probably scanned. Office headers and footers, slide
 * masters, deleted revisions, macros, PDF bookmarks and annotations are not read. Legacy binary
 * Office formats (.doc, .ppt, .xls) and archives are not accepted, although Tika could read some.
 *
 * <h2>Limits against hostile files</h2>
 *
 * <ul>
 *   <li>Zip containers (DOCX, PPTX, XLSX, ODT, EPUB) are inflated once, only counting bytes, before
 *       any parser sees them ({@code ZipGuard}): more than 100 times the file's size (at least 16
 *       MiB) or more than 100,000 entries is refused as a zip bomb. POI's own ratio check and Tika's
 *       {@code SecureContentHandler} (at most 100 characters out per byte in past 1M characters, XHTML
 *       at most 100 elements deep) stay on behind it; the JDK's XML limits refuse XML nested more than
 *       100 levels deep.
 *   <li>Every document may have at most {@code maxCharacters} of text (20M by default); the SAX
 *       handler stops the parse as soon as it has more.
 *   <li>Each Tika parse runs on a daemon thread of its own and the caller waits at most {@code
 *       parseTimeout} (60 s by default). The handler then stops the parse at its next SAX event;
 *       a parser stuck in a loop that emits nothing keeps its thread until it ends, but no longer
 *       holds up ingestion. Tika's forked-process mode would kill such a parse, at the cost of a JVM
 *       per parser, and is not used.
 *   <li>The size of the file itself is limited by the caller (the ingest job's maximum file bytes).
 * </ul>
 *
 * <h2>Layout of the text</h2>
 *
 * Blocks (paragraphs, headings, whole lists, whole tables, code blocks) are separated by one blank
 * line; list items ({@code - item}, {@code 1. item}) and table rows (cells joined by {@code " | "})
 * are on consecutive lines; preformatted text keeps its lines. Heading and page offsets point into
 * the final, normalised text.
 */
package dev.groundwork.ingest.read;
