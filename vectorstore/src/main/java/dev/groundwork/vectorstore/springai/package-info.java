/**
 * Groundwork's Lucene vector store behind Spring AI's {@link org.springframework.ai.vectorstore.VectorStore},
 * so that any Spring AI application can use it, with Spring AI filter expressions translated to
 * Lucene queries that pre-filter the kNN search.
 */
package dev.groundwork.vectorstore.springai;
