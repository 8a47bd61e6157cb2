package dev.groundwork.generator.answer;

import dev.groundwork.generator.answer.VerifiedSentence.CitationCheck;
import dev.groundwork.generator.answer.VerifiedSentence.CitedSpan;
import dev.groundwork.generator.backend.AnswerBackend;
import dev.groundwork.generator.backend.AnswerBackend.Draft;
import dev.groundwork.generator.backend.AnswerBackend.Finding;
import dev.groundwork.generator.context.ContextPacker;
import dev.groundwork.generator.context.PackedSource;
import dev.groundwork.generator.retrieval.HybridRetriever;
import dev.groundwork.generator.text.CitationMarkers;
import dev.groundwork.generator.verify.ClaimCheck;
import dev.groundwork.generator.verify.Evidence;
import dev.groundwork.generator.verify.Source;
import dev.groundwork.generator.verify.Support;
import dev.groundwork.generator.verify.Verifier;
import dev.groundwork.generator.verify.Verifier.CitedCheck;
import dev.groundwork.generator.verify.Verifier.CitedClaim;
import dev.groundwork.generator.verify.Verifier.EvidencePool;
import dev.groundwork.vectorstore.Fusion;
import dev.groundwork.vectorstore.SearchMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Answers a question from the indexed documents and verifies the answer sentence by sentence:
 * hybrid retrieval, context packing, a draft by the backend (streamed), verification of every
 * sentence against the sources, citation checking, and the request's policy.
 *
 * <p>Citations: a marker {@code [n]} of the draft stays when the verifier finds that source n
 * supports the sentence (at least partly), and then points at the exact span of source n that does.
 * When none of a sentence's markers holds, the sentence cites the span that best supports it
 * anywhere in the sources instead, or nothing when nothing supports it. Each distinct span becomes
 * one numbered {@link Citation}, and the answer's markers are renumbered to match.
 */
public final class AnswerPipeline {

    private final HybridRetriever retriever;
    private final ContextPacker packer;
    private final AnswerBackend backend;
    private final Verifier verifier;
    private final AnswerSettings settings;

    public AnswerPipeline(
            HybridRetriever retriever,
            ContextPacker packer,
            AnswerBackend backend,
            Verifier verifier,
            AnswerSettings settings) {
        this.retriever = retriever;
        this.packer = packer;
        this.backend = backend;
        this.verifier = verifier;
        this.settings = settings;
    }

    public GroundedAnswer answer(AnswerQuery query, AnswerListener listener) {
        Clock clock = new Clock();
        HybridRetriever.Retrieval retrieval = retriever.retrieve(
                query.question(), SearchMode.HYBRID, query.k(), query.filter(), Fusion.DEFAULT, query.neighbours());
        List<PackedSource> sources = packer.pack(retrieval.hits(), settings.contextTokens());
        clock.retrieve();
        listener.sources(sources);
        EvidencePool pool = verifier.pool(sources.stream()
                .map(source -> new Source(source.documentId(), source.start(), source.text()))
                .toList());
        double confidence = retrieval.queryVector() == null ? 0 : Verifier.relevance(retrieval.queryVector(), pool);
        clock.verify();

        if (sources.isEmpty()) {
            return refusal(query, "no passage matched the question", confidence, clock);
        }
        if (query.policy() == Policy.REFUSE && confidence < settings.minRetrievalConfidence()) {
            return refusal(
                    query,
                    String.format(
                            Locale.ROOT,
                            "retrieval confidence %.2f is below %.2f",
                            confidence,
                            settings.minRetrievalConfidence()),
                    confidence,
                    clock);
        }
        Draft draft = backend.draft(query.question(), retrieval.queryVector(), sources, listener::token);
        clock.generate();
        if (!draft.answered()) {
            return refusal(
                    query, "the " + backend.name() + " backend found no answer in the sources", confidence, clock);
        }
        List<Judged> judged = judge(draft, pool);
        clock.verify();
        double supportedShare = share(judged, Support.SUPPORTED);

        int rounds = 0;
        int dropped = 0;
        String reason = null;
        String action;
        List<Judged> kept = judged;
        switch (query.policy()) {
            case ANNOTATE -> action = "annotated";
            case REFUSE -> {
                if (judged.isEmpty() || supportedShare < settings.minSupportedShare()) {
                    return refusal(
                            query,
                            String.format(
                                    Locale.ROOT,
                                    "%.0f%% of the answer's sentences are supported, below %.0f%%",
                                    supportedShare * 100,
                                    settings.minSupportedShare() * 100),
                            confidence,
                            clock);
                }
                action = "annotated";
            }
            case DROP -> {
                kept = supported(judged);
                dropped = judged.size() - kept.size();
                action = "dropped";
            }
            case REWRITE -> {
                if (!backend.canRevise()) {
                    reason = "the " + backend.name() + " backend cannot rewrite; unsupported sentences were dropped";
                    kept = supported(judged);
                    dropped = judged.size() - kept.size();
                    action = "dropped";
                } else {
                    String text = draft.text();
                    while (rounds < settings.maxRewriteRounds() && share(kept, Support.UNSUPPORTED) > 0) {
                        rounds++;
                        listener.revising(rounds);
                        Draft revised =
                                backend.revise(query.question(), sources, text, findings(kept), listener::token);
                        clock.generate();
                        if (!revised.answered()) {
                            return refusal(
                                    query, "the backend found no supported answer when revising", confidence, clock);
                        }
                        text = revised.text();
                        kept = judge(revised, pool);
                        clock.verify();
                    }
                    List<Judged> revised = kept;
                    kept = supported(revised);
                    dropped = revised.size() - kept.size();
                    action = rounds > 0 ? "rewritten" : "annotated";
                }
            }
            default -> throw new IllegalStateException("Unknown policy " + query.policy());
        }
        if (kept.isEmpty()) {
            return refusal(query, "no sentence of the answer is supported by the sources", confidence, clock);
        }
        PolicyReport report = new PolicyReport(query.policy().label(), action, dropped, rounds, reason);
        return compose(query, kept, sources, report, confidence, supportedShare, clock);
    }

    /** A sentence of a draft, where it stands in the draft, and the verifier's verdicts on it. */
    private record Judged(String gap, String claim, List<Integer> cited, CitedCheck check) {}

    /**
     * Splits a draft into claims (a sentence with the markers that cite it), unless the backend gave
     * its sentences, and verifies them.
     */
    private List<Judged> judge(Draft draft, EvidencePool pool) {
        record Part(String gap, String text, List<Integer> cited) {}
        List<Part> parts = new ArrayList<>();
        if (draft.sentences() != null) {
            draft.sentences().forEach(sentence -> parts.add(new Part(" ", sentence.text(), sentence.cited())));
        } else {
            String text = draft.text();
            int previousEnd = 0;
            for (CitationMarkers.MarkedSentence sentence : CitationMarkers.sentences(text)) {
                parts.add(new Part(text.substring(previousEnd, sentence.start()), sentence.claim(), sentence.cited()));
                previousEnd = sentence.end();
            }
        }
        List<CitedCheck> checks = verifier.verifyCited(
                parts.stream()
                        .map(part -> new CitedClaim(
                                part.text(),
                                part.cited().stream().map(n -> n - 1).toList()))
                        .toList(),
                pool);
        List<Judged> judged = new ArrayList<>(parts.size());
        for (int i = 0; i < parts.size(); i++) {
            Part part = parts.get(i);
            judged.add(new Judged(part.gap(), part.text(), part.cited(), checks.get(i)));
        }
        return judged;
    }

    private static List<Judged> supported(List<Judged> judged) {
        return judged.stream()
                .filter(j -> j.check().best().support() != Support.UNSUPPORTED)
                .toList();
    }

    private static double share(List<Judged> judged, Support support) {
        if (judged.isEmpty()) {
            return 0;
        }
        return judged.stream()
                        .filter(j -> j.check().best().support() == support)
                        .count()
                / (double) judged.size();
    }

    private static List<Finding> findings(List<Judged> judged) {
        return judged.stream()
                .filter(j -> j.check().best().support() == Support.UNSUPPORTED)
                .map(j -> new Finding(
                        j.claim(),
                        j.check().best().evidence() == null
                                ? ""
                                : j.check().best().evidence().text()))
                .toList();
    }

    /** Builds the final text, its sentences and its citations, renumbered from 1 in order of use. */
    private GroundedAnswer compose(
            AnswerQuery query,
            List<Judged> kept,
            List<PackedSource> sources,
            PolicyReport report,
            double confidence,
            double supportedShare,
            Clock clock) {
        StringBuilder text = new StringBuilder();
        List<VerifiedSentence> sentences = new ArrayList<>();
        Map<String, Citation> citations = new LinkedHashMap<>();
        for (Judged judged : kept) {
            if (!text.isEmpty()) {
                text.append(judged.gap().contains("\n") ? paragraphBreak(judged.gap()) : " ");
            }
            ClaimCheck best = judged.check().best();
            List<CitedSpan> cited = new ArrayList<>();
            CitationCheck outcome = cite(judged, sources, citations, cited);
            int start = text.length();
            text.append(judged.claim());
            int end = text.length();
            for (CitedSpan span : cited) {
                text.append(" [").append(span.citation()).append(']');
            }
            sentences.add(new VerifiedSentence(
                    judged.claim(),
                    start,
                    end,
                    best.support(),
                    best.score(),
                    best.evidence(),
                    best.signals(),
                    cited,
                    outcome));
        }
        clock.verify();
        return new GroundedAnswer(
                query.question(),
                text.toString(),
                true,
                backend.name(),
                sentences,
                List.copyOf(citations.values()),
                report,
                confidence,
                round(supportedShare),
                clock.timings());
    }

    /**
     * The citations of one sentence: the spans of its cited sources that support it, else the best
     * supporting span anywhere, else none. Adds new spans to {@code citations}.
     */
    private static CitationCheck cite(
            Judged judged, List<PackedSource> sources, Map<String, Citation> citations, List<CitedSpan> cited) {
        boolean anyInvalid = false;
        for (int number : judged.cited()) {
            ClaimCheck check = judged.check().byCitedSource().get(number - 1);
            if (check == null || check.evidence() == null || check.support() == Support.UNSUPPORTED) {
                anyInvalid = true;
                continue;
            }
            CitedSpan span = span(check, sources.get(number - 1), citations);
            if (cited.stream().noneMatch(other -> other.citation() == span.citation())) {
                cited.add(span);
            }
        }
        if (!cited.isEmpty()) {
            return anyInvalid ? CitationCheck.CORRECTED : CitationCheck.KEPT;
        }
        ClaimCheck best = judged.check().best();
        if (best.evidence() != null && best.support() != Support.UNSUPPORTED) {
            PackedSource source = sourceOf(best.evidence(), sources);
            cited.add(span(best, source, citations));
            return judged.cited().isEmpty() ? CitationCheck.ADDED : CitationCheck.CORRECTED;
        }
        return judged.cited().isEmpty() ? CitationCheck.NONE : CitationCheck.REMOVED;
    }

    private static CitedSpan span(ClaimCheck check, PackedSource source, Map<String, Citation> citations) {
        Evidence evidence = check.evidence();
        String key = evidence.documentId() + ":" + evidence.start() + ":" + evidence.end();
        Citation citation = citations.computeIfAbsent(
                key,
                k -> new Citation(
                        citations.size() + 1,
                        source.documentId(),
                        source.title(),
                        source.source(),
                        evidence.start(),
                        evidence.end(),
                        evidence.text(),
                        source.chunkAt(evidence.start()),
                        source.start(),
                        source.end(),
                        source.text()));
        return new CitedSpan(citation.number(), check.support(), check.score());
    }

    private static PackedSource sourceOf(Evidence evidence, List<PackedSource> sources) {
        for (PackedSource source : sources) {
            if (source.documentId() == evidence.documentId()
                    && source.start() <= evidence.start()
                    && evidence.end() <= source.end()) {
                return source;
            }
        }
        throw new IllegalStateException("Evidence [" + evidence.start() + ", " + evidence.end() + ") of document "
                + evidence.documentId() + " lies in no source");
    }

    private static String paragraphBreak(String gap) {
        return gap.chars().filter(c -> c == '\n').count() > 1 ? "\n\n" : "\n";
    }

    private GroundedAnswer refusal(AnswerQuery query, String reason, double confidence, Clock clock) {
        return new GroundedAnswer(
                query.question(),
                AnswerBackend.NOT_FOUND,
                false,
                backend.name(),
                List.of(),
                List.of(),
                new PolicyReport(query.policy().label(), "refused", 0, 0, reason),
                confidence,
                0,
                clock.timings());
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    /** Adds up the time spent in each stage of one answer. */
    private static final class Clock {
        private final long started = System.nanoTime();
        private long mark = started;
        private long retrieve;
        private long generate;
        private long verify;

        void retrieve() {
            retrieve += lap();
        }

        void generate() {
            generate += lap();
        }

        void verify() {
            verify += lap();
        }

        private long lap() {
            long now = System.nanoTime();
            long elapsed = now - mark;
            mark = now;
            return elapsed;
        }

        GroundedAnswer.Timings timings() {
            return new GroundedAnswer.Timings(
                    retrieve / 1_000_000,
                    generate / 1_000_000,
                    verify / 1_000_000,
                    (System.nanoTime() - started) / 1_000_000);
        }
    }
}
