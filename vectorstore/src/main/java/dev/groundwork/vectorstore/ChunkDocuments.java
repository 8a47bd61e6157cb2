package dev.groundwork.vectorstore;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.VectorSimilarityFunction;

/** The index schema: how a chunk becomes a Lucene document and back. */
final class ChunkDocuments {

    static final String CHUNK_ID = "chunk_id";
    static final String DOCUMENT_ID = "document_id";
    static final String COLLECTION = "collection";
    static final String SOURCE = "source";
    static final String TITLE = "title";
    static final String START = "start";
    static final String END = "end";
    /** Title and text, analysed for BM25; not stored. */
    static final String SEARCH_TEXT = "search_text";
    /** The chunk's exact text, stored only. */
    static final String TEXT = "text";

    static final String EMBEDDING = "embedding";

    private ChunkDocuments() {}

    static Analyzer analyzer() {
        return new EnglishAnalyzer();
    }

    static Document toDocument(IndexedChunk chunk) {
        Document document = new Document();
        document.add(new StringField(CHUNK_ID, Long.toString(chunk.chunkId()), Field.Store.YES));
        document.add(new StringField(DOCUMENT_ID, Long.toString(chunk.documentId()), Field.Store.YES));
        document.add(new StringField(COLLECTION, chunk.collection(), Field.Store.YES));
        document.add(new StoredField(SOURCE, chunk.source()));
        document.add(new StoredField(TITLE, chunk.title()));
        document.add(new StoredField(START, chunk.start()));
        document.add(new StoredField(END, chunk.end()));
        // The title is searched with the text: a chunk deep in a page still matches the page's topic.
        document.add(new TextField(SEARCH_TEXT, chunk.title() + "\n" + chunk.text(), Field.Store.NO));
        document.add(new StoredField(TEXT, chunk.text()));
        document.add(new KnnFloatVectorField(EMBEDDING, chunk.embedding(), VectorSimilarityFunction.COSINE));
        return document;
    }

    static SearchHit toHit(Document document, double score, int keywordRank, int vectorRank) {
        return new SearchHit(
                Long.parseLong(document.get(CHUNK_ID)),
                Long.parseLong(document.get(DOCUMENT_ID)),
                document.get(COLLECTION),
                document.get(SOURCE),
                document.get(TITLE),
                document.getField(START).numericValue().intValue(),
                document.getField(END).numericValue().intValue(),
                document.get(TEXT),
                score,
                keywordRank,
                vectorRank);
    }
}
