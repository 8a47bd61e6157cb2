package dev.groundwork.api.pipeline;

import dev.groundwork.api.GroundworkProperties;
import dev.groundwork.generator.answer.AnswerPipeline;
import dev.groundwork.generator.answer.AnswerSettings;
import dev.groundwork.generator.answer.Policy;
import dev.groundwork.generator.backend.AnswerBackend;
import dev.groundwork.generator.context.ContextPacker;
import dev.groundwork.generator.conversation.FollowUpRewriter;
import dev.groundwork.generator.retrieval.HybridRetriever;
import dev.groundwork.generator.verify.Verifier;
import dev.groundwork.ingest.AllowedRoots;
import dev.groundwork.ingest.Ingestion;
import dev.groundwork.ingest.catalog.Catalog;
import dev.groundwork.ingest.catalog.CatalogOutbox;
import dev.groundwork.ingest.catalog.IngestJobs;
import dev.groundwork.runtime.chat.LocalChatModel;
import dev.groundwork.runtime.embedding.CachingEmbedder;
import dev.groundwork.runtime.embedding.EmbeddingModelChoice;
import dev.groundwork.runtime.embedding.OnnxEmbedder;
import dev.groundwork.runtime.generation.LanguageModel;
import dev.groundwork.vectorstore.ChunkIndex;
import dev.groundwork.vectorstore.IndexOptions;
import dev.groundwork.vectorstore.OutboxIndexer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

@Configuration(proxyBeanMethods = false)
class PipelineConfiguration {

    private static final Logger log = LoggerFactory.getLogger(PipelineConfiguration.class);

    /** The embedding model; the primary {@code Embedder} (the answer pipeline's caching one is the other). */
    @Bean(destroyMethod = "close")
    @Primary
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
        GroundworkProperties.Search search = properties.search();
        return ChunkIndex.open(
                properties.dataDir().resolve("index"),
                new IndexOptions(search.maxConn(), search.beamWidth(), search.oversample()));
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
        // An empty index (new, or deleted to force a rebuild) is rebuilt in bulk from the stored
        // chunks and embeddings; otherwise the outbox is replayed from the last commit.
        int applied = index.lastAppliedOutboxId() == 0 ? indexer.rebuild() : indexer.catchUp();
        log.info(
                "Chunk index is up to date: {} chunks ({} chunks or outbox operations applied at start, {} ms)",
                index.chunkCount(),
                applied,
                (System.nanoTime() - started) / 1_000_000);
        indexer.start(properties.search().indexPollMillis());
        long checkMillis = properties.search().indexCheckInterval().toMillis();
        if (checkMillis > 0) {
            indexer.checkPeriodically(checkMillis);
        }
        return indexer;
    }

    @Bean
    @DependsOnDatabaseInitialization
    IngestJobs ingestJobs(DataSource dataSource) {
        return new IngestJobs(dataSource);
    }

    @Bean
    Ingestion ingestion(Catalog catalog, IngestJobs jobs, OnnxEmbedder embedder, GroundworkProperties properties) {
        return new Ingestion(
                catalog,
                jobs,
                embedder,
                properties.ingest().maxChunkTokens(),
                properties.ingest().chunkOverlapTokens(),
                properties.ingest().maxFileSize().toBytes());
    }

    @Bean
    AllowedRoots allowedRoots(GroundworkProperties properties) {
        return new AllowedRoots(properties.ingest().allowedRoots());
    }

    @Bean
    HybridRetriever retriever(ChunkIndex index, OnnxEmbedder embedder) {
        return new HybridRetriever(index, embedder);
    }

    /**
     * The embedder of the answer pipeline: the same sentence is often embedded by the extractive
     * backend and then by the verifier, or asked about twice.
     */
    @Bean
    CachingEmbedder answeringEmbedder(OnnxEmbedder embedder) {
        return new CachingEmbedder(embedder, 20_000);
    }

    /**
     * The verifier; with a language-model backend ({@code local} or {@code openai}) and {@code
     * groundwork.answer.model-judgement}, the model's own yes/no judgement is one of its signals.
     */
    @Bean
    Verifier verifier(
            CachingEmbedder embedder, GroundworkProperties properties, ObjectProvider<LocalChatModel> localChat) {
        LocalChatModel model = localChat.getIfAvailable();
        boolean openai = properties.answer().backend().strip().equalsIgnoreCase("openai");
        if (openai && properties.answer().modelJudgement()) {
            log.info("The verifier asks the openai backend's model whether each claim is supported");
            return new Verifier(
                    embedder, new OpenAiSupportJudge(properties.answer().openai()));
        }
        if (model != null && properties.answer().modelJudgement()) {
            if (model.canJudge()) {
                log.info(
                        "The verifier asks {} whether each claim is supported",
                        model.model().name());
                return new Verifier(embedder, new LocalSupportJudge(model));
            }
            log.warn(
                    "{} has no tokens for yes and no: the verifier goes without the model's judgement",
                    model.model().name());
        }
        return new Verifier(embedder);
    }

    /** The GGUF model of the {@code local} answer backend; closed (unmapped) at shutdown. */
    @Bean
    @ConditionalOnProperty(name = "groundwork.answer.backend", havingValue = "local")
    LanguageModel localLanguageModel(GroundworkProperties properties) {
        LanguageModel model = AnswerBackends.loadLocal(properties.answer().local());
        log.info(
                "Loaded the local model {} ({} threads, context {})",
                model.name(),
                model.threads(),
                model.contextLength());
        return model;
    }

    @Bean
    @ConditionalOnProperty(name = "groundwork.answer.backend", havingValue = "local")
    LocalChatModel localChatModel(LanguageModel model, GroundworkProperties properties) {
        return AnswerBackends.localChat(model, properties.answer().local());
    }

    @Bean
    AnswerBackend answerBackend(
            GroundworkProperties properties, CachingEmbedder embedder, ObjectProvider<LocalChatModel> localChat) {
        AnswerBackend backend = AnswerBackends.create(properties.answer(), embedder, localChat.getIfAvailable());
        log.info("Answers are written by the {} backend", backend.name());
        return backend;
    }

    /** Follow-up questions of a conversation, rewritten to stand alone: by the backend's model, if it has one. */
    @Bean
    FollowUpRewriter followUpRewriter(AnswerBackend backend) {
        return new FollowUpRewriter(backend::complete);
    }

    @Bean
    AnswerPipeline answerPipeline(
            HybridRetriever retriever,
            CachingEmbedder embedder,
            AnswerBackend backend,
            Verifier verifier,
            GroundworkProperties properties) {
        GroundworkProperties.Answer answer = properties.answer();
        Policy.parse(answer.policy()); // a misspelt default fails at start, not on the first question
        return new AnswerPipeline(
                retriever,
                new ContextPacker(embedder::countTokens),
                backend,
                verifier,
                new AnswerSettings(
                        answer.contextTokens(),
                        answer.minRetrievalConfidence(),
                        answer.minSupportedShare(),
                        answer.maxRewriteRounds()));
    }
}
