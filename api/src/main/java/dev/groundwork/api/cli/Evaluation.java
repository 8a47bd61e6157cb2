package dev.groundwork.api.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code groundwork eval}: measures retrieval on a question set, per search mode.
 *
 * <p>The question set is JSONL with {@code question}, {@code answer} (the reference answer) and
 * optionally {@code page} (the path, relative to the ingested folder, of the document the answer
 * comes from). A retrieved chunk is relevant when it comes from that page (if one is given) and at
 * least half of its distinct words occur in the reference answer. Recall@k counts the questions
 * with a relevant chunk in the top k; MRR@10 averages 1/rank of the first relevant chunk.
 */
final class Evaluation {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");
    private static final int DEPTH = 10;

    private final PrintStream out;

    Evaluation(PrintStream out) {
        this.out = out;
    }

    record Question(String id, String question, String answer, String page) {}

    record ModeResult(
            double recallAt1, double recallAt5, double recallAt10, double mrrAt10, int questions, double p50Ms) {}

    int run(CommandLine line, ApiClient client) {
        if (line.arguments().size() != 1) {
            throw new CommandLine.UsageException("eval needs exactly one QUESTIONS.jsonl file");
        }
        Path file = Path.of(line.arguments().getFirst());
        List<Question> questions = read(file);
        String collection = line.option("--collection", null);
        List<String> modes =
                List.of(line.option("--modes", "keyword,vector,hybrid").split(","));
        Map<String, Object> fusion = fusion(line.option("--fusion", null));

        Map<String, ModeResult> results = new LinkedHashMap<>();
        for (String mode : modes) {
            results.put(mode.strip(), evaluate(client, questions, collection, mode.strip(), fusion));
        }

        out.printf("%d questions from %s%n", questions.size(), file.getFileName());
        out.printf("%-8s %8s %8s %9s %8s %8s%n", "mode", "R@1", "R@5", "R@10", "MRR@10", "p50 ms");
        results.forEach((mode, r) -> out.printf(
                Locale.ROOT,
                "%-8s %8.3f %8.3f %9.3f %8.3f %8.1f%n",
                mode,
                r.recallAt1(),
                r.recallAt5(),
                r.recallAt10(),
                r.mrrAt10(),
                r.p50Ms()));

        String target = line.option("--out", null);
        if (target != null) {
            write(Path.of(target), file, collection, questions.size(), results);
            out.println("Wrote " + target);
        }
        return 0;
    }

    private ModeResult evaluate(
            ApiClient client, List<Question> questions, String collection, String mode, Map<String, Object> fusion) {
        int at1 = 0, at5 = 0, at10 = 0;
        double reciprocalRanks = 0;
        long[] tookMs = new long[questions.size()];
        for (int q = 0; q < questions.size(); q++) {
            Question question = questions.get(q);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("query", question.question());
            body.put("mode", mode);
            body.put("k", DEPTH);
            if (collection != null) {
                body.put("collection", collection);
            }
            if (fusion != null) {
                body.put("fusion", fusion);
            }
            JsonNode response = client.post("/api/search", body);
            tookMs[q] = response.path("tookMs").asLong();
            int rank = firstRelevantRank(response.path("hits"), question);
            if (rank > 0) {
                at1 += rank <= 1 ? 1 : 0;
                at5 += rank <= 5 ? 1 : 0;
                at10 += 1;
                reciprocalRanks += 1.0 / rank;
            }
        }
        Arrays.sort(tookMs);
        double n = questions.size();
        return new ModeResult(
                at1 / n, at5 / n, at10 / n, reciprocalRanks / n, questions.size(), tookMs[tookMs.length / 2]);
    }

    /** {@code --fusion KEYWORD_WEIGHT,VECTOR_WEIGHT,K} for hybrid searches, or the server's default. */
    private static Map<String, Object> fusion(String option) {
        if (option == null) {
            return null;
        }
        String[] parts = option.split(",");
        if (parts.length != 3) {
            throw new CommandLine.UsageException("--fusion needs KEYWORD_WEIGHT,VECTOR_WEIGHT,K, e.g. 1,1,60");
        }
        try {
            return Map.of(
                    "keywordWeight", Double.parseDouble(parts[0]),
                    "vectorWeight", Double.parseDouble(parts[1]),
                    "k", Integer.parseInt(parts[2]));
        } catch (NumberFormatException e) {
            throw new CommandLine.UsageException("--fusion needs numbers: " + option);
        }
    }

    /** 1-based rank of the first relevant hit, or 0 if none of the top hits is relevant. */
    static int firstRelevantRank(JsonNode hits, Question question) {
        Set<String> answerWords = words(question.answer());
        int rank = 0;
        for (JsonNode hit : hits) {
            rank++;
            boolean fromPage = question.page() == null
                    || hit.path("source").asString().endsWith("/" + question.page())
                    || hit.path("source").asString().equals(question.page());
            if (fromPage && shareOfWordsIn(hit.path("text").asString(), answerWords) >= 0.5) {
                return rank;
            }
        }
        return 0;
    }

    static double shareOfWordsIn(String text, Set<String> reference) {
        Set<String> words = words(text);
        if (words.isEmpty()) {
            return 0;
        }
        return words.stream().filter(reference::contains).count() / (double) words.size();
    }

    private static Set<String> words(String text) {
        Set<String> words = new HashSet<>();
        Matcher word = WORD.matcher(text.toLowerCase(Locale.ROOT));
        while (word.find()) {
            words.add(word.group());
        }
        return words;
    }

    static List<Question> read(Path file) {
        List<Question> questions = new ArrayList<>();
        try {
            int lineNumber = 0;
            for (String line : Files.readAllLines(file)) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node;
                try {
                    node = JSON.readTree(line);
                } catch (RuntimeException e) {
                    throw new CommandLine.UsageException(
                            file + " line " + lineNumber + " is not JSON: " + e.getMessage());
                }
                String question = node.path("question").asString("");
                String answer = node.path("answer").asString("");
                if (question.isBlank() || answer.isBlank()) {
                    throw new CommandLine.UsageException(
                            file + " line " + lineNumber + " needs a non-empty \"question\" and \"answer\"");
                }
                String page = node.path("page").asString(null);
                questions.add(new Question(node.path("id").asString("line-" + lineNumber), question, answer, page));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
        if (questions.isEmpty()) {
            throw new CommandLine.UsageException(file + " holds no questions");
        }
        return questions;
    }

    private static void write(
            Path target, Path questionFile, String collection, int count, Map<String, ModeResult> results) {
        Map<String, Object> modes = new LinkedHashMap<>();
        results.forEach((mode, r) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("recall_at_1", round(r.recallAt1()));
            m.put("recall_at_5", round(r.recallAt5()));
            m.put("recall_at_10", round(r.recallAt10()));
            m.put("mrr_at_10", round(r.mrrAt10()));
            m.put("questions", r.questions());
            m.put("p50_ms", r.p50Ms());
            modes.put(mode, m);
        });
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("question_set", questionFile.getFileName().toString());
        report.put("questions", count);
        report.put("collection", collection);
        report.put(
                "criterion",
                "a hit counts when it comes from the answer's page and at least half of its distinct words"
                        + " occur in the reference answer");
        report.put("modes", modes);
        Reports.write(target, report);
    }

    private static double round(double value) {
        return Math.round(value * 10000) / 10000.0;
    }
}
