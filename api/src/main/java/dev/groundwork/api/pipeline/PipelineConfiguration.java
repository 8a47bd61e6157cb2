package dev.groundwork.api.pipeline;

import dev.groundwork.api.GroundworkProperties;
import dev.groundwork.generator.answer.ExtractiveAnswerer;
import dev.groundwork.generator.retrieval.HybridRetriever;
import dev.groundwork.ingest.Ingestion;
import dev.groundwork.ingest.catalog.Catalog;
import dev.groundwork.ingest.catalog.CatalogOutbox;
import dev.groundwork.runtime.embedding.EmbeddingModelChoice;
import dev.groundwork.runtime.embedding.OnnxEmbedder;
import dev.groundwork.vectorstore.ChunkIndex;
import dev.groundwork.vectorstore.OutboxIndexer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class PipelineConfiguration {

    private static final Logger log = LoggerFactory.getLogger(PipelineConfiguration.class);

    @Bean(destroyMethod = "close")
    OnnxEmbedder embedder(GroundworkProperties properties) {
        return new OnnxEmbedder(
                EmbeddingModelChoice.byName(properties.embedding().model()),
                properties.embedding().threads());
    }

    @Bean
    @DependsOnDatabaseInitialization
    Catalog catalog(DataSource dataSource) {
        return new Catalog(dataSource);
    }

    @Bean(destroyMethod = "close")
    ChunkIndex chunkIndex(GroundworkProperties properties) {
        return ChunkIndex.open(properties.dataDir().resolve("index"));
    }

    /**
     * Brings the index up to date before the application takes requests (this rebuilds a missing
     * index from the catalog), then keeps polling the outbox.
     */
    @Bean(destroyMethod = "close")
    @DependsOnDatabaseInitialization
    OutboxIndexer outboxIndexer(DataSource dataSource, ChunkIndex index, GroundworkProperties properties) {
        OutboxIndexer indexer = new OutboxIndexer(new CatalogOutbox(dataSource), index);
        long started = System.nanoTime();
        int applied = indexer.catchUp();
        log.info(
                "Chunk index is up to date: {} chunks, {} outbox operations applied at start in {} ms",
                index.chunkCount(),
                applied,
                (System.nanoTime() - started) / 1_000_000);
        indexer.start(properties.search().indexPollMillis());
        return indexer;
    }

    @Bean
    Ingestion ingestion(Catalog catalog, OnnxEmbedder embedder, GroundworkProperties properties) {
        return new Ingestion(
                catalog,
                embedder,
                properties.ingest().maxChunkTokens(),
                properties.ingest().maxFileSize().toBytes());
    }

    @Bean
    HybridRetriever retriever(ChunkIndex index, OnnxEmbedder embedder) {
        return new HybridRetriever(index, embedder);
    }

    @Bean
    ExtractiveAnswerer answerer(OnnxEmbedder embedder) {
        return new ExtractiveAnswerer(embedder);
    }
}
