package dev.groundwork.generator.verify;

import dev.groundwork.generator.text.CitationMarkers;
import dev.groundwork.generator.text.Sentences;
import dev.groundwork.generator.text.Terms;
import dev.groundwork.runtime.embedding.Embedder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Verifies claims against sources; see the package documentation for how. Thread-safe.
 *
 * <p>The score starts from how well the best evidence states the claim, {@code 0.5 * coverage +
 * 0.5 * similarity'} (similarity rescaled so that 0.3 counts as nothing and 0.9 as everything), and
 * is multiplied down for each disagreement the evidence shows: numbers (x0.35), an edit that adds
 * or removes a negation (x0.4), an opposite (x0.4), names missing (down to x0.5 when none is found;
 * x0.5 more when a name occurs in no source). Edits are found by aligning the claim's words with
 * the evidence's ({@link WordEdits}).
 *
 * <p>With a {@link SupportJudge} (an answer backend's language model), the model's probability
 * {@code p} that the best evidence supports the claim scales the score by {@code 1 + w * (2p - 1)}
 * (capped at 1) with {@code w =} {@value #JUDGE_WEIGHT}: a confident model moves a borderline
 * verdict either way, but cannot on its own make supported a claim whose numbers disagree with the
 * evidence (at most 0.35 x 1.3), nor unsupported a claim the evidence states (at least 0.7 x 1).
 */
public final class Verifier {

    /** Scores from here on are {@link Support#SUPPORTED}. */
    public static final double SUPPORTED = 0.6;
    /** Scores from here on (and below {@link #SUPPORTED}) are {@link Support#PARTIAL}. */
    public static final double PARTIAL = 0.4;

    /** How far the model's judgement can move a score: by this share of it, up or down. */
    public static final double JUDGE_WEIGHT = 0.3;

    private static final int MAX_EVIDENCE_CHARS = 600;

    private final Embedder embedder;
    private final SupportJudge judge;

    public Verifier(Embedder embedder) {
        this(embedder, null);
    }

    /** A verifier that also asks {@code judge} (may be {@code null}: none). */
    public Verifier(Embedder embedder, SupportJudge judge) {
        this.embedder = embedder;
        this.judge = judge;
    }

    /** Splits {@code answer} into sentences and verifies each; {@code [n]} markers are not part of a claim. */
    public List<ClaimCheck> verify(String answer, List<Source> sources) {
        List<Claim> claims = CitationMarkers.sentences(answer).stream()
                .map(sentence -> new Claim(sentence.claim(), sentence.start(), sentence.end()))
                .toList();
        return check(claims, pool(sources));
    }

    /** Verifies each of {@code claims} on its own. */
    public List<ClaimCheck> verifyClaims(List<String> claims, List<Source> sources) {
        return check(
                claims.stream()
                        .map(String::strip)
                        .filter(claim -> !claim.isEmpty())
                        .map(claim -> new Claim(claim, 0, claim.length()))
                        .toList(),
                pool(sources));
    }

    /**
     * A claim and the sources it cites, as indexes into the pool's sources.
     *
     * @param cited indexes of the cited sources; others are ignored
     */
    public record CitedClaim(String text, List<Integer> cited) {}

    /**
     * The verdict on a claim against all the sources, and against each source it cites on its own.
     *
     * @param byCitedSource for each valid cited source index, the verdict on the claim against that source alone
     */
    public record CitedCheck(ClaimCheck best, Map<Integer, ClaimCheck> byCitedSource) {}

    /** Checks each claim against all the pool's sources, and against each source it cites. */
    public List<CitedCheck> verifyCited(List<CitedClaim> claims, EvidencePool pool) {
        if (claims.isEmpty()) {
            return List.of();
        }
        List<float[]> vectors =
                embedder.embedPassages(claims.stream().map(CitedClaim::text).toList());
        List<CitedCheck> checks = new ArrayList<>(claims.size());
        for (int i = 0; i < claims.size(); i++) {
            CitedClaim cited = claims.get(i);
            Claim claim = new Claim(cited.text(), 0, cited.text().length());
            float[] vector = vectors.get(i);
            Map<Integer, ClaimCheck> bySource = new LinkedHashMap<>();
            for (int source : cited.cited()) {
                if (source >= 0 && source < pool.sources().size()) {
                    bySource.computeIfAbsent(source, s -> check(claim, vector, pool, s));
                }
            }
            checks.add(new CitedCheck(check(claim, vector, pool, pool.candidates(), true), bySource));
        }
        return checks;
    }

    /**
     * The sentences of the sources, and every pair of adjacent sentences, embedded once; claims are
     * checked against it.
     */
    public EvidencePool pool(List<Source> sources) {
        return new EvidencePool(List.copyOf(sources), candidates(sources));
    }

    /**
     * How close the best sentence of the pool comes to a query: the highest cosine similarity between
     * {@code queryVector} and a sentence (or pair), 0 when the pool is empty.
     */
    public static double relevance(float[] queryVector, EvidencePool pool) {
        double best = 0;
        for (Candidate candidate : pool.candidates()) {
            best = Math.max(best, cosine(queryVector, candidate.vector()));
        }
        return round(best);
    }

    /** Sources with their sentences embedded. */
    public static final class EvidencePool {
        private final List<Source> sources;
        private final List<Candidate> candidates;
        private final String lowerCaseText;

        private EvidencePool(List<Source> sources, List<Candidate> candidates) {
            this.sources = sources;
            this.candidates = candidates;
            StringBuilder text = new StringBuilder();
            sources.forEach(source -> text.append(source.text().toLowerCase(java.util.Locale.ROOT))
                    .append('\n'));
            this.lowerCaseText = text.toString();
        }

        String lowerCaseText() {
            return lowerCaseText;
        }

        public List<Source> sources() {
            return sources;
        }

        List<Candidate> candidates() {
            return candidates;
        }
    }

    private record Claim(String text, int start, int end) {}

    /** A sentence (or two adjacent ones) of a source, with what the checks need of it. */
    private record Candidate(
            int sourceIndex, Evidence evidence, Set<String> terms, Set<String> words, float[] vector) {}

    private List<ClaimCheck> check(List<Claim> claims, EvidencePool pool) {
        if (claims.isEmpty()) {
            return List.of();
        }
        List<float[]> claimVectors =
                embedder.embedPassages(claims.stream().map(Claim::text).toList());
        List<ClaimCheck> checks = new ArrayList<>(claims.size());
        for (int i = 0; i < claims.size(); i++) {
            checks.add(check(claims.get(i), claimVectors.get(i), pool, pool.candidates(), true));
        }
        return checks;
    }

    private ClaimCheck check(Claim claim, float[] claimVector, EvidencePool pool, int sourceIndex) {
        return check(
                claim,
                claimVector,
                pool,
                pool.candidates().stream()
                        .filter(candidate -> candidate.sourceIndex() == sourceIndex)
                        .toList(),
                false);
    }

    /**
     * The verdict on {@code claim} against the best of {@code candidates}; {@code judged}: the
     * judge, if any, is asked too (for the claim's verdict, not for each citation's).
     */
    private ClaimCheck check(
            Claim claim, float[] claimVector, EvidencePool pool, List<Candidate> candidates, boolean judged) {
        Set<String> terms = Terms.of(claim.text());
        Candidate best = null;
        double bestBase = -1;
        double bestSimilarity = 0;
        double bestCoverage = 0;
        for (Candidate candidate : candidates) {
            double similarity = cosine(claimVector, candidate.vector());
            double coverage = Terms.coverage(terms, candidate.terms());
            double base = 0.5 * coverage + 0.5 * Math.clamp((similarity - 0.3) / 0.6, 0, 1);
            // On a tie the shorter candidate wins: a sentence that states the claim rather than the pair around it.
            if (base > bestBase
                    || (base == bestBase
                            && candidate.evidence().text().length()
                                    < best.evidence().text().length())) {
                best = candidate;
                bestBase = base;
                bestSimilarity = similarity;
                bestCoverage = coverage;
            }
        }
        if (best == null) {
            return new ClaimCheck(
                    claim.text(),
                    claim.start(),
                    claim.end(),
                    Support.UNSUPPORTED,
                    0,
                    null,
                    new Signals(0, 0, false, false, false, 0, false, null));
        }
        String evidence = best.evidence().text();
        Set<String> claimNumbers = ClaimFeatures.numbers(claim.text());
        boolean numbersAgree = ClaimFeatures.numbers(evidence).containsAll(claimNumbers);
        List<WordEdits.Hunk> edits = WordEdits.hunks(claim.text(), evidence);
        boolean negationAgrees = !ClaimFeatures.negationEdited(edits);
        boolean antonym = ClaimFeatures.opposes(ClaimFeatures.words(claim.text()), best.words())
                || ClaimFeatures.oppositeEdited(edits);
        Set<String> names = ClaimFeatures.names(claim.text());
        String evidenceLower = evidence.toLowerCase(java.util.Locale.ROOT);
        double namesFound = names.isEmpty()
                ? 1
                : names.stream().filter(evidenceLower::contains).count() / (double) names.size();
        // A name that no source mentions at all (a product, person or module swapped in) is not
        // supported by anything, however well the rest of the sentence matches.
        boolean unknownName =
                names.stream().anyMatch(name -> !pool.lowerCaseText().contains(name));

        double score = bestBase;
        if (!numbersAgree) {
            score *= 0.35;
        }
        if (!negationAgrees) {
            score *= 0.4;
        }
        if (antonym) {
            score *= 0.4;
        }
        score *= 0.5 + 0.5 * namesFound;
        if (unknownName) {
            score *= 0.5;
        }
        Double modelSupport = null;
        if (judge != null && judged) {
            OptionalDouble judgement = judge.supportProbability(claim.text(), evidence);
            if (judgement.isPresent()) {
                modelSupport = round(Math.clamp(judgement.getAsDouble(), 0, 1));
                score = Math.min(1, score * (1 + JUDGE_WEIGHT * (2 * modelSupport - 1)));
            }
        }
        score = Math.round(score * 1000) / 1000.0;
        Support support =
                score >= SUPPORTED ? Support.SUPPORTED : score >= PARTIAL ? Support.PARTIAL : Support.UNSUPPORTED;
        return new ClaimCheck(
                claim.text(),
                claim.start(),
                claim.end(),
                support,
                score,
                best.evidence(),
                new Signals(
                        round(bestSimilarity),
                        round(bestCoverage),
                        numbersAgree,
                        negationAgrees,
                        antonym,
                        round(namesFound),
                        unknownName,
                        modelSupport));
    }

    /** Every sentence of every source, and every pair of adjacent sentences, embedded in one call. */
    private List<Candidate> candidates(List<Source> sources) {
        List<Evidence> evidence = new ArrayList<>();
        List<Integer> sourceIndexes = new ArrayList<>();
        for (int s = 0; s < sources.size(); s++) {
            Source source = sources.get(s);
            List<int[]> spans = Sentences.spans(source.text());
            for (int i = 0; i < spans.size(); i++) {
                evidence.add(evidence(source, spans.get(i)[0], spans.get(i)[1]));
                sourceIndexes.add(s);
                if (i + 1 < spans.size() && spans.get(i + 1)[1] - spans.get(i)[0] <= MAX_EVIDENCE_CHARS) {
                    evidence.add(evidence(source, spans.get(i)[0], spans.get(i + 1)[1]));
                    sourceIndexes.add(s);
                }
            }
        }
        if (evidence.isEmpty()) {
            return List.of();
        }
        List<float[]> vectors =
                embedder.embedPassages(evidence.stream().map(Evidence::text).toList());
        List<Candidate> candidates = new ArrayList<>(evidence.size());
        for (int i = 0; i < evidence.size(); i++) {
            Evidence e = evidence.get(i);
            candidates.add(new Candidate(
                    sourceIndexes.get(i), e, Terms.of(e.text()), ClaimFeatures.words(e.text()), vectors.get(i)));
        }
        return candidates;
    }

    private static Evidence evidence(Source source, int start, int end) {
        return new Evidence(
                source.documentId(),
                source.offset() + start,
                source.offset() + end,
                source.text().substring(start, end));
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
        }
        return dot; // both are unit vectors
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
