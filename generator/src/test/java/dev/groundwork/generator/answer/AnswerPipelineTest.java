package dev.groundwork.generator.answer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundwork.generator.answer.VerifiedSentence.CitationCheck;
import dev.groundwork.generator.backend.AnswerBackend;
import dev.groundwork.generator.backend.ExtractiveBackend;
import dev.groundwork.generator.context.ContextPacker;
import dev.groundwork.generator.context.PackedSource;
import dev.groundwork.generator.retrieval.HybridRetriever;
import dev.groundwork.generator.verify.Support;
import dev.groundwork.generator.verify.Verifier;
import dev.groundwork.runtime.embedding.EmbeddingModelChoice;
import dev.groundwork.runtime.embedding.OnnxEmbedder;
import dev.groundwork.vectorstore.ChunkIndex;
import dev.groundwork.vectorstore.IndexOperation;
import dev.groundwork.vectorstore.IndexedChunk;
import dev.groundwork.vectorstore.SearchFilter;
import dev.groundwork.vectorstore.StoredChunk;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The answer pipeline on a real Lucene index and the real embedding model, with a backend that
 * writes given drafts (no language model can be run here): verdicts, spans, citation correction and
 * every policy.
 */
class AnswerPipelineTest {

    private static final String LIGHTHOUSE = """
            Lighthouse handbook

            The lamp is lit at sunset. The keeper winds the clockwork every four hours so the lens keeps turning.
            Fog signals sound every thirty seconds when visibility drops below two miles.

            Supplies arrive by boat on the first Monday of each month.""";
    private static final String BEES = """
            Honeybees

            A queen bee lays up to two thousand eggs a day in spring. Worker bees live about six weeks in summer.""";
    private static final Map<Long, String> DOCUMENTS = Map.of(42L, LIGHTHOUSE, 43L, BEES);

    private static final String FOG = "Fog signals sound every thirty seconds when visibility drops below two miles.";
    private static final String PLANTED = "The keeper is paid nine hundred gold coins a year by the King of Spain.";
    private static final String QUESTION = "How often do the fog signals sound?";

    @TempDir
    static Path folder;

    private static OnnxEmbedder embedder;
    private static ChunkIndex index;
    private static HybridRetriever retriever;
    private static Verifier verifier;

    @BeforeAll
    static void indexDocuments() {
        embedder = new OnnxEmbedder(EmbeddingModelChoice.ALL_MINILM_L6_V2_Q, 2);
        index = ChunkIndex.open(folder.resolve("index"));
        List<StoredChunk> chunks = List.of(
                chunk(1, 42, LIGHTHOUSE, "The lamp", "two miles."),
                chunk(2, 42, LIGHTHOUSE, "Supplies", "month."),
                chunk(3, 43, BEES, "A queen", "summer."));
        List<float[]> vectors =
                embedder.embedPassages(chunks.stream().map(StoredChunk::text).toList());
        List<IndexOperation> operations = new ArrayList<>();
        for (int i = 0; i < chunks.size(); i++) {
            operations.add(new IndexOperation.Upsert(i + 1, new IndexedChunk(chunks.get(i), vectors.get(i))));
        }
        index.apply(operations);
        index.commit();
        retriever = new HybridRetriever(index, embedder);
        verifier = new Verifier(embedder);
    }

    @AfterAll
    static void close() throws IOException {
        index.close();
        embedder.close();
    }

    @Test
    void annotatesEverySentenceWithItsVerdictAndAnExactEvidenceSpan() {
        ScriptedBackend backend = new ScriptedBackend(sources ->
                FOG + " [" + numberOf(sources, "Fog signals") + "] " + PLANTED + " [" + numberOf(sources, "Fog") + "]");

        GroundedAnswer answer = pipeline(backend).answer(query(Policy.ANNOTATE), AnswerListener.NONE);

        assertThat(answer.grounded()).isTrue();
        assertThat(answer.sentences()).hasSize(2);
        VerifiedSentence fog = answer.sentences().get(0);
        assertThat(fog.support()).isEqualTo(Support.SUPPORTED);
        assertThat(fog.citationCheck()).isEqualTo(CitationCheck.KEPT);
        assertThat(textAt(
                        fog.evidence().documentId(),
                        fog.evidence().start(),
                        fog.evidence().end()))
                .isEqualTo(fog.evidence().text())
                .contains(FOG);
        VerifiedSentence planted = answer.sentences().get(1);
        assertThat(planted.support()).isEqualTo(Support.UNSUPPORTED);
        assertThat(planted.citationCheck()).isEqualTo(CitationCheck.REMOVED);
        assertThat(planted.citations()).isEmpty();
        for (VerifiedSentence sentence : answer.sentences()) {
            assertThat(answer.text().substring(sentence.start(), sentence.end()))
                    .isEqualTo(sentence.text());
        }
        for (Citation citation : answer.citations()) {
            assertThat(textAt(citation.documentId(), citation.start(), citation.end()))
                    .isEqualTo(citation.text());
        }
        assertThat(answer.text()).isEqualTo(FOG + " [1] " + PLANTED);
        assertThat(answer.policy().action()).isEqualTo("annotated");
        assertThat(answer.supportedShare()).isEqualTo(0.5);
    }

    @Test
    void dropRemovesThePlantedUnsupportedSentence() {
        ScriptedBackend backend =
                new ScriptedBackend(sources -> PLANTED + " " + FOG + " [" + numberOf(sources, "Fog") + "]");

        GroundedAnswer answer = pipeline(backend).answer(query(Policy.DROP), AnswerListener.NONE);

        assertThat(answer.text()).isEqualTo(FOG + " [1]");
        assertThat(answer.sentences()).extracting(VerifiedSentence::support).containsExactly(Support.SUPPORTED);
        assertThat(answer.policy().action()).isEqualTo("dropped");
        assertThat(answer.policy().dropped()).isEqualTo(1);
    }

    @Test
    void correctsACitationThatPointsAtASourceWhichDoesNotSupportTheSentence() {
        ScriptedBackend backend = new ScriptedBackend(sources -> FOG + " [" + numberOf(sources, "queen bee") + "]");

        GroundedAnswer answer = pipeline(backend).answer(query(Policy.ANNOTATE), AnswerListener.NONE);

        VerifiedSentence fog = answer.sentences().getFirst();
        assertThat(fog.citationCheck()).isEqualTo(CitationCheck.CORRECTED);
        Citation citation = answer.citations().get(fog.citations().getFirst().citation() - 1);
        assertThat(citation.documentId()).isEqualTo(42L);
        assertThat(citation.text()).contains(FOG);
        assertThat(fog.citations().getFirst().support()).isEqualTo(Support.SUPPORTED);
    }

    @Test
    void citesTheSupportingSpanOfASentenceThatCitesNothing() {
        ScriptedBackend backend = new ScriptedBackend(sources -> FOG);

        GroundedAnswer answer = pipeline(backend).answer(query(Policy.ANNOTATE), AnswerListener.NONE);

        assertThat(answer.sentences().getFirst().citationCheck()).isEqualTo(CitationCheck.ADDED);
        assertThat(answer.text()).isEqualTo(FOG + " [1]");
    }

    @Test
    void rewriteStopsAfterTheConfiguredRoundsAndDropsWhatIsStillUnsupported() {
        ScriptedBackend backend = new ScriptedBackend(sources -> FOG + " " + PLANTED);
        backend.revision = sources -> FOG + " " + PLANTED; // a model that never learns

        GroundedAnswer answer = pipeline(backend).answer(query(Policy.REWRITE), AnswerListener.NONE);

        assertThat(backend.revisions).isEqualTo(AnswerSettings.DEFAULTS.maxRewriteRounds());
        assertThat(answer.policy().rounds()).isEqualTo(AnswerSettings.DEFAULTS.maxRewriteRounds());
        assertThat(answer.policy().action()).isEqualTo("rewritten");
        assertThat(answer.policy().dropped()).isEqualTo(1);
        assertThat(answer.text()).doesNotContain("gold coins");
    }

    @Test
    void rewriteGivesTheModelTheFindingsAndKeepsItsCorrectedAnswer() {
        ScriptedBackend backend = new ScriptedBackend(sources -> PLANTED);
        backend.revision = sources -> FOG + " [" + numberOf(sources, "Fog") + "]";

        GroundedAnswer answer = pipeline(backend).answer(query(Policy.REWRITE), AnswerListener.NONE);

        assertThat(backend.revisions).isEqualTo(1);
        assertThat(backend.findings).extracting(AnswerBackend.Finding::sentence).containsExactly(PLANTED);
        assertThat(answer.policy().rounds()).isEqualTo(1);
        assertThat(answer.policy().dropped()).isZero();
        assertThat(answer.text()).isEqualTo(FOG + " [1]");
    }

    @Test
    void refusesAQuestionTheSourcesAreNotAbout() {
        ScriptedBackend backend = new ScriptedBackend(sources -> "Ulaanbaatar is the capital of Mongolia.");

        GroundedAnswer answer = pipeline(backend)
                .answer(
                        new AnswerQuery("What is the capital of Mongolia?", SearchFilter.NONE, 5, 0, Policy.REFUSE),
                        AnswerListener.NONE);

        assertThat(answer.grounded()).isFalse();
        assertThat(answer.text()).isEqualTo(AnswerBackend.NOT_FOUND);
        assertThat(answer.policy().action()).isEqualTo("refused");
        assertThat(answer.policy().reason()).contains("retrieval confidence");
        assertThat(backend.drafts).isZero();
    }

    @Test
    void refusesAnAnswerWithTooFewSupportedSentences() {
        ScriptedBackend backend = new ScriptedBackend(sources -> PLANTED + " " + FOG);

        GroundedAnswer answer = pipeline(backend).answer(query(Policy.REFUSE), AnswerListener.NONE);

        assertThat(answer.policy().action()).isEqualTo("annotated"); // half supported: the minimum share
        ScriptedBackend worse = new ScriptedBackend(
                sources -> PLANTED + " The lamp is painted purple every Tuesday by the harbour master.");
        GroundedAnswer refused = pipeline(worse).answer(query(Policy.REFUSE), AnswerListener.NONE);
        assertThat(refused.grounded()).isFalse();
        assertThat(refused.policy().reason()).contains("supported");
    }

    @Test
    void theExtractiveBackendsSentencesAreAllSupportedAndCitedByTheirOwnSpans() {
        List<String> tokens = new ArrayList<>();
        GroundedAnswer answer = pipeline(new ExtractiveBackend(embedder))
                .answer(query(Policy.DROP), new AnswerListener() {
                    @Override
                    public void token(String text) {
                        tokens.add(text);
                    }
                });

        assertThat(answer.grounded()).isTrue();
        assertThat(answer.sentences()).isNotEmpty().allSatisfy(sentence -> {
            assertThat(sentence.support()).isEqualTo(Support.SUPPORTED);
            assertThat(sentence.citationCheck()).isEqualTo(CitationCheck.KEPT);
        });
        Citation first = answer.citations().getFirst();
        assertThat(first.text()).isEqualTo(FOG);
        assertThat(textAt(first.documentId(), first.start(), first.end())).isEqualTo(FOG);
        assertThat(String.join("", tokens)).contains(FOG);
        assertThat(answer.policy().dropped()).isZero();
    }

    private static AnswerPipeline pipeline(AnswerBackend backend) {
        return new AnswerPipeline(
                retriever, new ContextPacker(embedder::countTokens), backend, verifier, AnswerSettings.DEFAULTS);
    }

    private static AnswerQuery query(Policy policy) {
        return new AnswerQuery(QUESTION, SearchFilter.NONE, 5, 0, policy);
    }

    private static int numberOf(List<PackedSource> sources, String snippet) {
        return sources.stream()
                .filter(source -> source.text().contains(snippet))
                .findFirst()
                .orElseThrow()
                .number();
    }

    private static String textAt(long documentId, int start, int end) {
        return DOCUMENTS.get(documentId).substring(start, end);
    }

    private static StoredChunk chunk(long id, long documentId, String document, String from, String to) {
        int start = document.indexOf(from);
        int end = document.indexOf(to) + to.length();
        return new StoredChunk(
                id,
                documentId,
                (int) id,
                "docs",
                "/docs/" + documentId + ".md",
                document.lines().findFirst().orElseThrow(),
                "",
                Set.of(),
                null,
                start,
                end,
                document.substring(start, end));
    }

    /** Writes the drafts it is given, as a language model would, and records what it was asked. */
    private static final class ScriptedBackend implements AnswerBackend {
        private final Function<List<PackedSource>, String> draft;
        Function<List<PackedSource>, String> revision;
        int drafts;
        int revisions;
        List<Finding> findings = List.of();

        ScriptedBackend(Function<List<PackedSource>, String> draft) {
            this.draft = draft;
        }

        @Override
        public String name() {
            return "scripted";
        }

        @Override
        public Draft draft(String question, float[] queryVector, List<PackedSource> sources, Consumer<String> tokens) {
            drafts++;
            String text = draft.apply(sources);
            tokens.accept(text);
            return new Draft(text, true);
        }

        @Override
        public boolean canRevise() {
            return revision != null;
        }

        @Override
        public Draft revise(
                String question,
                List<PackedSource> sources,
                String previous,
                List<Finding> findings,
                Consumer<String> tokens) {
            revisions++;
            this.findings = findings;
            return new Draft(revision.apply(sources), true);
        }
    }
}
