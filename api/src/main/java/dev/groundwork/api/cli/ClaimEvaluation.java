package dev.groundwork.api.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code groundwork eval --claims CLAIMS.jsonl}: how well the verifier detects unsupported claims.
 *
 * <p>Each line holds {@code context}, {@code claim}, {@code label} ({@code supported} or
 * {@code unsupported}) and optionally {@code kind} (how the claim was made, e.g. {@code number}).
 * Claims with the same context are verified together against it through {@code POST /api/verify}.
 * Detection counts a claim as flagged when the verifier labels it {@code unsupported} (strict) or
 * anything but {@code supported} (lenient); it reports precision, recall and F1 of flagging the
 * unsupported claims, and per kind the share flagged.
 */
final class ClaimEvaluation {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final PrintStream out;

    ClaimEvaluation(PrintStream out) {
        this.out = out;
    }

    record Claim(String claim, boolean unsupported, String kind) {}

    /** Counts of one way of flagging. */
    record Detection(
            int truePositives, int falsePositives, int falseNegatives, double precision, double recall, double f1) {

        static Detection of(int tp, int fp, int fn) {
            double precision = tp + fp == 0 ? 0 : tp / (double) (tp + fp);
            double recall = tp + fn == 0 ? 0 : tp / (double) (tp + fn);
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            return new Detection(tp, fp, fn, round(precision), round(recall), round(f1));
        }
    }

    /** What one run over a claim set found; {@code kinds} maps a kind to {claims, flagged strict, flagged lenient}. */
    record Result(
            Path file,
            int claims,
            int contexts,
            Detection strict,
            Detection lenient,
            Map<String, int[]> kinds,
            long p50MsPerContext) {

        /** The share of each corruption kind's claims flagged partial or unsupported. */
        Map<String, Double> lenientRecallByKind() {
            Map<String, Double> recall = new LinkedHashMap<>();
            kinds.forEach((kind, c) -> {
                if (!kind.endsWith(" (true)")) {
                    recall.put(kind, round(c[2] / (double) c[0]));
                }
            });
            return recall;
        }
    }

    int run(CommandLine line, ApiClient client) {
        Result result = measure(Path.of(line.option("--claims", "")), client);
        print(result);
        String target = line.option("--out", null);
        if (target != null) {
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("claims_file", result.file().getFileName().toString());
            report.put("claims", result.claims());
            report.put("contexts", result.contexts());
            report.put("strict", result.strict());
            report.put("lenient", result.lenient());
            report.put("per_kind", perKind(result));
            report.put("p50_ms_per_context", result.p50MsPerContext());
            Reports.write(Path.of(target), report);
            out.println("Wrote " + target);
        }
        return 0;
    }

    Result measure(Path file, ApiClient client) {
        Map<String, List<Claim>> byContext = read(file);
        Map<String, int[]> kinds = new LinkedHashMap<>(); // kind -> {claims, flagged strict, flagged lenient}
        int[] strict = new int[3];
        int[] lenient = new int[3];
        List<Long> latencies = new ArrayList<>();
        int claims = 0;
        for (Map.Entry<String, List<Claim>> context : byContext.entrySet()) {
            List<Claim> batch = context.getValue();
            long started = System.nanoTime();
            JsonNode response = client.post(
                    "/api/verify",
                    Map.of(
                            "claims", batch.stream().map(Claim::claim).toList(),
                            "sources", List.of(Map.of("text", context.getKey()))));
            latencies.add((System.nanoTime() - started) / 1_000_000);
            JsonNode checks = response.path("claims");
            for (int i = 0; i < batch.size(); i++) {
                Claim claim = batch.get(i);
                String support = checks.get(i).path("support").asString();
                boolean flaggedStrict = support.equals("UNSUPPORTED");
                boolean flaggedLenient = !support.equals("SUPPORTED");
                count(strict, claim.unsupported(), flaggedStrict);
                count(lenient, claim.unsupported(), flaggedLenient);
                int[] kind =
                        kinds.computeIfAbsent(claim.kind() + (claim.unsupported() ? "" : " (true)"), k -> new int[3]);
                kind[0]++;
                kind[1] += flaggedStrict ? 1 : 0;
                kind[2] += flaggedLenient ? 1 : 0;
                claims++;
            }
        }
        return new Result(
                file,
                claims,
                byContext.size(),
                Detection.of(strict[0], strict[1], strict[2]),
                Detection.of(lenient[0], lenient[1], lenient[2]),
                kinds,
                percentile(latencies, 50));
    }

    void print(Result result) {
        out.printf(
                "%d claims in %d contexts from %s%n",
                result.claims(), result.contexts(), result.file().getFileName());
        out.printf("%-28s %9s %9s %9s%n", "flagged when", "precision", "recall", "F1");
        print("unsupported", result.strict());
        print("partial or unsupported", result.lenient());
        out.printf("%n%-28s %7s %16s %16s%n", "kind", "claims", "flagged strict", "flagged lenient");
        result.kinds()
                .forEach((kind, c) -> out.printf(
                        Locale.ROOT,
                        "%-28s %7d %16.3f %16.3f%n",
                        kind,
                        c[0],
                        c[1] / (double) c[0],
                        c[2] / (double) c[0]));
    }

    private void print(String label, Detection detection) {
        out.printf(
                Locale.ROOT,
                "%-28s %9.3f %9.3f %9.3f%n",
                label,
                detection.precision(),
                detection.recall(),
                detection.f1());
    }

    private static Map<String, Object> perKind(Result result) {
        Map<String, Object> perKind = new LinkedHashMap<>();
        result.kinds()
                .forEach((kind, c) -> perKind.put(
                        kind,
                        Map.of(
                                "claims", c[0],
                                "flagged_strict", round(c[1] / (double) c[0]),
                                "flagged_lenient", round(c[2] / (double) c[0]))));
        return perKind;
    }

    private static void count(int[] counts, boolean unsupported, boolean flagged) {
        if (unsupported && flagged) {
            counts[0]++;
        } else if (!unsupported && flagged) {
            counts[1]++;
        } else if (unsupported) {
            counts[2]++;
        }
    }

    private static Map<String, List<Claim>> read(Path file) {
        Map<String, List<Claim>> byContext = new LinkedHashMap<>();
        try {
            int number = 0;
            for (String line : Files.readAllLines(file)) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode row = JSON.readTree(line);
                String label = row.path("label").asString("");
                if (!label.equals("supported") && !label.equals("unsupported")) {
                    throw new CommandLine.UsageException(
                            file + ":" + number + ": label must be 'supported' or 'unsupported', was '" + label + "'");
                }
                byContext
                        .computeIfAbsent(row.path("context").asString(), c -> new ArrayList<>())
                        .add(new Claim(
                                row.path("claim").asString(),
                                label.equals("unsupported"),
                                row.path("kind").asString("unknown")));
            }
        } catch (IOException e) {
            throw new CommandLine.UsageException("Cannot read " + file + ": " + e.getMessage());
        }
        return byContext;
    }

    static long percentile(List<Long> values, int percentile) {
        if (values.isEmpty()) {
            return 0;
        }
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(Math.min(sorted.size() - 1, sorted.size() * percentile / 100));
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
