package dev.groundwork.api.cli;

import dev.groundwork.generator.text.CitationMarkers;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * {@code groundwork eval QUESTIONS.jsonl --answers}: measures the whole answer pipeline on a
 * question set, and with {@code --claims FILE} the verifier on a claim set, into one report.
 *
 * <ul>
 *   <li>Retrieval: Recall@5 and MRR@10 of hybrid search (see {@link Evaluation} for when a hit counts).
 *   <li>{@code cites_reference_page}: share of questions whose answer cites the reference page.
 *   <li>{@code answer_f1}: token F1 of the answer (markers removed) against the reference answer,
 *       averaged over all questions (a refusal scores 0).
 *   <li>{@code supported_share}: share of the answers' sentences verified supported.
 *   <li>{@code refusal_rate}: share of questions answered "not found in the sources".
 *   <li>{@code citation_precision}: share of the answers' citations whose cited span the verifier
 *       finds supports the sentence that cites it.
 *   <li>Latency of {@code POST /api/answer} as the client sees it, p50 and p95.
 * </ul>
 */
final class AnswerEvaluation {

    private static final Pattern TOKEN = Pattern.compile("[\\p{L}\\p{N}]+");

    private final PrintStream out;

    AnswerEvaluation(PrintStream out) {
        this.out = out;
    }

    int run(CommandLine line, ApiClient client) {
        if (line.arguments().size() != 1) {
            throw new CommandLine.UsageException("eval --answers needs exactly one QUESTIONS.jsonl file");
        }
        Path file = Path.of(line.arguments().getFirst());
        List<Evaluation.Question> questions = Evaluation.read(file);
        String collection = line.option("--collection", null);
        String policy = line.option("--policy", null);

        int at5 = 0;
        double reciprocalRanks = 0;
        int citesPage = 0;
        int withPage = 0;
        int refused = 0;
        double f1Sum = 0;
        int sentences = 0;
        int supported = 0;
        int citations = 0;
        int preciseCitations = 0;
        List<Long> latencies = new ArrayList<>();
        for (Evaluation.Question question : questions) {
            Map<String, Object> search = new LinkedHashMap<>();
            search.put("query", question.question());
            search.put("mode", "hybrid");
            search.put("k", 10);
            Map<String, Object> ask = new LinkedHashMap<>();
            ask.put("question", question.question());
            if (collection != null) {
                search.put("collection", collection);
                ask.put("collection", collection);
            }
            if (policy != null) {
                ask.put("policy", policy);
            }
            int rank = Evaluation.firstRelevantRank(
                    client.post("/api/search", search).path("hits"), question);
            if (rank > 0) {
                at5 += rank <= 5 ? 1 : 0;
                reciprocalRanks += 1.0 / rank;
            }

            long started = System.nanoTime();
            JsonNode answer = client.post("/api/answer", ask);
            latencies.add((System.nanoTime() - started) / 1_000_000);
            if (!answer.path("grounded").asBoolean()) {
                refused++;
            } else {
                f1Sum += tokenF1(CitationMarkers.strip(answer.path("answer").asString()), question.answer());
            }
            if (question.page() != null) {
                withPage++;
                boolean cites = answer.path("citations")
                        .valueStream()
                        .anyMatch(c -> fromPage(c.path("source").asString(), question.page()));
                citesPage += cites ? 1 : 0;
            }
            for (JsonNode sentence : answer.path("sentences")) {
                sentences++;
                supported += sentence.path("support").asString().equals("SUPPORTED") ? 1 : 0;
                for (JsonNode cited : sentence.path("citations")) {
                    citations++;
                    preciseCitations += cited.path("support").asString().equals("SUPPORTED") ? 1 : 0;
                }
            }
        }
        double n = questions.size();
        Map<String, Object> qa = new LinkedHashMap<>();
        qa.put("questions", questions.size());
        qa.put("recall_at_5", round(at5 / n));
        qa.put("mrr_at_10", round(reciprocalRanks / n));
        qa.put("cites_reference_page", withPage == 0 ? null : round(citesPage / (double) withPage));
        qa.put("answer_f1", round(f1Sum / n));
        qa.put("supported_share", sentences == 0 ? 0 : round(supported / (double) sentences));
        qa.put("refusal_rate", round(refused / n));
        qa.put("p50_ms", ClaimEvaluation.percentile(latencies, 50));
        qa.put("p95_ms", ClaimEvaluation.percentile(latencies, 95));
        double citationPrecision = citations == 0 ? 0 : round(preciseCitations / (double) citations);

        out.printf(
                "%d questions from %s, answered by the server's backend%s%n",
                questions.size(), file.getFileName(), policy == null ? "" : " with policy " + policy);
        qa.forEach((key, value) -> out.printf(Locale.ROOT, "  %-22s %s%n", key, value));
        out.printf(Locale.ROOT, "  %-22s %s (%d citations)%n", "citation_precision", citationPrecision, citations);

        Map<String, Object> report = new LinkedHashMap<>();
        report.put("question_set", file.getFileName().toString());
        report.put("collection", collection);
        report.put("policy", policy == null ? "server default" : policy);
        report.put("qa", qa);
        report.put("citation_precision", citationPrecision);
        report.put("citations", citations);
        String claimsFile = line.option("--claims", null);
        if (claimsFile != null) {
            ClaimEvaluation claims = new ClaimEvaluation(out);
            ClaimEvaluation.Result result = claims.measure(Path.of(claimsFile), client);
            out.println();
            claims.print(result);
            Map<String, Object> claimReport = new LinkedHashMap<>();
            claimReport.put("claims_file", Path.of(claimsFile).getFileName().toString());
            claimReport.put("flagged_when", "partial or unsupported");
            claimReport.put("precision", result.lenient().precision());
            claimReport.put("recall", result.lenient().recall());
            claimReport.put("f1", result.lenient().f1());
            claimReport.put("by_kind", result.lenientRecallByKind());
            claimReport.put("strict", result.strict());
            report.put("claims", claimReport);
        }
        String target = line.option("--out", null);
        if (target != null) {
            Reports.write(Path.of(target), report);
            out.println("Wrote " + target);
        }
        return 0;
    }

    private static boolean fromPage(String source, String page) {
        return source.endsWith("/" + page) || source.equals(page);
    }

    /** SQuAD-style token F1: lower-cased word tokens, counted with multiplicity. */
    static double tokenF1(String answer, String reference) {
        Map<String, Integer> predicted = counts(answer);
        Map<String, Integer> expected = counts(reference);
        int predictedTotal =
                predicted.values().stream().mapToInt(Integer::intValue).sum();
        int expectedTotal =
                expected.values().stream().mapToInt(Integer::intValue).sum();
        if (predictedTotal == 0 || expectedTotal == 0) {
            return 0;
        }
        int common = 0;
        for (Map.Entry<String, Integer> token : predicted.entrySet()) {
            common += Math.min(token.getValue(), expected.getOrDefault(token.getKey(), 0));
        }
        if (common == 0) {
            return 0;
        }
        double precision = common / (double) predictedTotal;
        double recall = common / (double) expectedTotal;
        return 2 * precision * recall / (precision + recall);
    }

    private static Map<String, Integer> counts(String text) {
        Map<String, Integer> counts = new HashMap<>();
        Matcher token = TOKEN.matcher(text.toLowerCase(Locale.ROOT));
        while (token.find()) {
            counts.merge(token.group(), 1, Integer::sum);
        }
        return counts;
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
