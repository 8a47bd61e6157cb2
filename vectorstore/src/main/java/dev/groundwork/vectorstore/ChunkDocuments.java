package dev.groundwork.vectorstore;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.FilteringTokenFilter;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.pattern.PatternTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.IntField;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.LongField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.util.BytesRef;

/** The index schema: how a chunk becomes a Lucene document and back. */
final class ChunkDocuments {

    static final String CHUNK_ID = "chunk_id";
    /** The chunk id again, as doc values, for walking all ids in a consistency check. */
    static final String CHUNK_ID_VALUE = "chunk_id_value";

    static final String DOCUMENT_ID = "document_id";
    static final String ORDINAL = "ordinal";
    static final String COLLECTION = "collection";
    static final String SOURCE = "source";
    static final String TITLE = "title";
    static final String HEADING_PATH = "heading_path";
    static final String TAG = "tag";
    static final String MODIFIED = "modified";
    static final String START = "start";
    static final String END = "end";
    /** Title and text with the English analyzer (stemmed words) for BM25; not stored. */
    static final String SEARCH_TEXT = "search_text";
    /** Identifiers and code tokens ({@code os.path.join}, {@code __init__}, {@code getenv}) kept whole. */
    static final String CODE = "code";
    /** The chunk's exact text, stored only. */
    static final String TEXT = "text";

    static final String EMBEDDING = "embedding";

    private ChunkDocuments() {}

    static Analyzer analyzer() {
        return new PerFieldAnalyzerWrapper(new EnglishAnalyzer(), Map.of(CODE, new CodeAnalyzer()));
    }

    static Document toDocument(IndexedChunk indexed) {
        StoredChunk chunk = indexed.chunk();
        Document document = new Document();
        document.add(new StringField(CHUNK_ID, Long.toString(chunk.chunkId()), Field.Store.YES));
        document.add(new LongField(CHUNK_ID_VALUE, chunk.chunkId(), Field.Store.NO));
        document.add(new StringField(DOCUMENT_ID, Long.toString(chunk.documentId()), Field.Store.YES));
        document.add(new IntField(ORDINAL, chunk.ordinal(), Field.Store.YES));
        document.add(new StringField(COLLECTION, chunk.collection(), Field.Store.YES));
        document.add(new StringField(SOURCE, chunk.source(), Field.Store.YES));
        document.add(new StoredField(TITLE, chunk.title()));
        document.add(new StoredField(HEADING_PATH, chunk.headingPath()));
        for (String tag : chunk.tags()) {
            document.add(new StringField(TAG, tag, Field.Store.YES));
        }
        if (chunk.modified() != null) {
            document.add(new LongField(MODIFIED, chunk.modified().toEpochMilli(), Field.Store.YES));
        }
        document.add(new StoredField(START, chunk.start()));
        document.add(new StoredField(END, chunk.end()));
        // The title and headings are searched with the text: a chunk deep in a page still matches the
        // page's and its section's topic.
        String searchable = chunk.title() + "\n" + chunk.headingPath() + "\n" + chunk.text();
        document.add(new TextField(SEARCH_TEXT, searchable, Field.Store.NO));
        document.add(new TextField(CODE, searchable, Field.Store.NO));
        document.add(new StoredField(TEXT, chunk.text()));
        document.add(new KnnFloatVectorField(EMBEDDING, indexed.embedding(), VectorSimilarityFunction.COSINE));
        return document;
    }

    static StoredChunk toChunk(Document document) {
        Set<String> tags = new HashSet<>();
        for (IndexableField tag : document.getFields(TAG)) {
            tags.add(tag.stringValue());
        }
        IndexableField modified = document.getField(MODIFIED);
        return new StoredChunk(
                Long.parseLong(document.get(CHUNK_ID)),
                Long.parseLong(document.get(DOCUMENT_ID)),
                document.getField(ORDINAL).numericValue().intValue(),
                document.get(COLLECTION),
                document.get(SOURCE),
                document.get(TITLE),
                Objects.requireNonNullElse(document.get(HEADING_PATH), ""),
                tags,
                modified == null
                        ? null
                        : Instant.ofEpochMilli(modified.numericValue().longValue()),
                document.getField(START).numericValue().intValue(),
                document.getField(END).numericValue().intValue(),
                document.get(TEXT));
    }

    /** The filter as one Lucene query, or {@code null} when it has no condition. */
    static Query filterQuery(SearchFilter filter) {
        if (filter.isEmpty()) {
            return null;
        }
        BooleanQuery.Builder query = new BooleanQuery.Builder();
        if (!filter.collections().isEmpty()) {
            query.add(new TermInSetQuery(COLLECTION, bytes(filter.collections())), BooleanClause.Occur.FILTER);
        }
        if (!filter.documentIds().isEmpty()) {
            Set<String> ids = new HashSet<>();
            filter.documentIds().forEach(id -> ids.add(Long.toString(id)));
            query.add(new TermInSetQuery(DOCUMENT_ID, bytes(ids)), BooleanClause.Occur.FILTER);
        }
        if (!filter.tags().isEmpty()) {
            query.add(new TermInSetQuery(TAG, bytes(filter.tags())), BooleanClause.Occur.FILTER);
        }
        if (filter.modifiedFrom() != null || filter.modifiedTo() != null) {
            long from = filter.modifiedFrom() == null
                    ? Long.MIN_VALUE
                    : filter.modifiedFrom().toEpochMilli();
            long to = filter.modifiedTo() == null
                    ? Long.MAX_VALUE
                    : filter.modifiedTo().toEpochMilli() - 1;
            query.add(LongField.newRangeQuery(MODIFIED, from, to), BooleanClause.Occur.FILTER);
        }
        if (filter.sourcePrefix() != null) {
            query.add(new PrefixQuery(new Term(SOURCE, filter.sourcePrefix())), BooleanClause.Occur.FILTER);
        }
        return query.build();
    }

    private static List<BytesRef> bytes(Set<String> values) {
        return values.stream().map(BytesRef::new).toList();
    }

    /**
     * Keeps only tokens that look like code: dotted or underscored names and camelCase words,
     * which the English analyzer would split or stem beyond recognition. Ordinary words are left
     * to {@link #SEARCH_TEXT}, so they are not scored twice.
     */
    static final class CodeAnalyzer extends Analyzer {
        private static final Pattern IDENTIFIER = Pattern.compile("[\\p{L}\\p{N}_]+(?:[.:]{1,2}[\\p{L}\\p{N}_]+)*");

        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            Tokenizer tokenizer = new PatternTokenizer(IDENTIFIER, 0);
            TokenStream stream = new CodeTokenFilter(tokenizer);
            return new TokenStreamComponents(tokenizer, new LowerCaseFilter(stream));
        }
    }

    private static final class CodeTokenFilter extends FilteringTokenFilter {
        private final CharTermAttribute term = addAttribute(CharTermAttribute.class);

        CodeTokenFilter(TokenStream input) {
            super(input);
        }

        @Override
        protected boolean accept() {
            int length = term.length();
            if (length < 3) {
                return false;
            }
            char[] chars = term.buffer();
            for (int i = 0; i < length; i++) {
                char c = chars[i];
                if (c == '_' || c == '.' || c == ':') {
                    return true;
                }
                if (i > 0 && Character.isUpperCase(c) && Character.isLowerCase(chars[i - 1])) {
                    return true;
                }
            }
            return false;
        }
    }
}
