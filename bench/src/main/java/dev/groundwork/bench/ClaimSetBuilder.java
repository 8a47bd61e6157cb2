package dev.groundwork.bench;

import dev.groundwork.generator.text.Sentences;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds a claim set for the verifier from a question set's reference answers: each answer is the
 * context; its sentences (and first clauses) are true claims, and corrupted copies of them are
 * false ones: a changed number, a flipped negation, a word replaced by its opposite, a name
 * swapped for one from another answer, and a sentence taken from a different answer.
 *
 * <p>{@code bench/run claims [--questions FILE] [--out FILE]}; deterministic (fixed seed).
 */
public final class ClaimSetBuilder {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern NUMBER = Pattern.compile("(?<![\\w.])\\d+(?![\\w])");
    private static final Pattern AUXILIARY =
            Pattern.compile("\\b(is|are|was|were|can|could|does|do|did|will|would|should|must|has|have)\\b");
    private static final Pattern NEGATED = Pattern.compile("\\b(is|are|was|were|can|does|do|will|should|has) not\\b");
    private static final Pattern NAME = Pattern.compile("(?<=[a-z,;] )[A-Z][a-zA-Z]+");
    /**
     * Opposites used to corrupt claims. Written for this generator; where a pair is also in the
     * verifier's own list, the verifier's recall on "antonym" is optimistic (the closing note of the
     * work that added this says so).
     */
    private static final Map<String, String> OPPOSITES = Map.ofEntries(
            Map.entry("faster", "slower"),
            Map.entry("slower", "faster"),
            Map.entry("easier", "harder"),
            Map.entry("more", "less"),
            Map.entry("less", "more"),
            Map.entry("always", "rarely"),
            Map.entry("large", "small"),
            Map.entry("small", "large"),
            Map.entry("new", "old"),
            Map.entry("first", "last"),
            Map.entry("possible", "impossible"),
            Map.entry("mutable", "immutable"),
            Map.entry("immutable", "mutable"),
            Map.entry("efficient", "inefficient"),
            Map.entry("simple", "complicated"),
            Map.entry("good", "poor"),
            Map.entry("better", "worse"),
            Map.entry("useful", "useless"),
            Map.entry("safe", "dangerous"),
            Map.entry("common", "rare"),
            Map.entry("local", "global"),
            Map.entry("global", "local"),
            Map.entry("before", "after"),
            Map.entry("after", "before"),
            Map.entry("many", "few"),
            Map.entry("increase", "reduce"),
            Map.entry("allows", "prevents"),
            Map.entry("same", "different"),
            Map.entry("different", "same"),
            Map.entry("correct", "wrong"),
            Map.entry("high", "low"),
            Map.entry("higher", "lower"));

    private ClaimSetBuilder() {}

    public static void main(String[] args) throws IOException {
        Map<String, String> options = Benchmarks.options(args);
        Path questions = Path.of(options.getOrDefault("--questions", "../shared/eval/python-faq.jsonl"));
        Path out = Path.of(options.getOrDefault("--out", "eval/claims-python-faq.jsonl"));
        List<JsonNode> entries = new ArrayList<>();
        for (String line : Files.readAllLines(questions)) {
            if (!line.isBlank()) {
                entries.add(JSON.readTree(line));
            }
        }
        Random random = new Random(20261129);
        List<String> lines = new ArrayList<>();
        Map<String, Integer> kinds = new LinkedHashMap<>();
        for (int e = 0; e < entries.size(); e++) {
            String context = entries.get(e).path("answer").asString();
            String id = entries.get(e).path("id").asString();
            List<String> sentences = sentences(context);
            if (sentences.isEmpty()) {
                continue;
            }
            List<String> others = sentences(entries.get((e + 1 + random.nextInt(entries.size() - 1)) % entries.size())
                    .path("answer")
                    .asString());
            List<Map<String, String>> claims = new ArrayList<>();
            for (String sentence : pick(sentences, 3, random)) {
                claims.add(claim("supported", "verbatim", sentence));
                clause(sentence).ifPresent(clause -> claims.add(claim("supported", "clause", clause)));
                changeNumber(sentence, random).ifPresent(c -> claims.add(claim("unsupported", "number", c)));
                flipNegation(sentence).ifPresent(c -> claims.add(claim("unsupported", "negation", c)));
                antonym(sentence).ifPresent(c -> claims.add(claim("unsupported", "antonym", c)));
                swapName(sentence, others, context).ifPresent(c -> claims.add(claim("unsupported", "name", c)));
            }
            if (!others.isEmpty()) {
                claims.add(claim("unsupported", "other-answer", others.get(random.nextInt(others.size()))));
            }
            for (Map<String, String> claim : claims) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("id", id + "-" + lines.size());
                row.put("kind", claim.get("kind"));
                row.put("label", claim.get("label"));
                row.put("claim", claim.get("claim"));
                row.put("context", context);
                lines.add(JSON.writeValueAsString(row));
                kinds.merge(claim.get("kind"), 1, Integer::sum);
            }
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.write(out, lines);
        System.out.println("Wrote " + lines.size() + " claims to " + out + ": " + kinds);
    }

    private static Map<String, String> claim(String label, String kind, String claim) {
        return Map.of("label", label, "kind", kind, "claim", claim);
    }

    /** The answer's sentences of at least six words. */
    private static List<String> sentences(String text) {
        List<String> sentences = new ArrayList<>();
        for (int[] span : Sentences.spans(text)) {
            String sentence = text.substring(span[0], span[1]);
            if (sentence.split("\\s+").length >= 6 && sentence.length() <= 400) {
                sentences.add(sentence);
            }
        }
        return sentences;
    }

    private static List<String> pick(List<String> sentences, int n, Random random) {
        List<String> copy = new ArrayList<>(sentences);
        java.util.Collections.shuffle(copy, random);
        return copy.subList(0, Math.min(n, copy.size()));
    }

    /** The sentence's first clause, when it is a claim of its own (five words or more). */
    private static java.util.Optional<String> clause(String sentence) {
        int comma = sentence.indexOf(", ");
        if (comma < 0) {
            return java.util.Optional.empty();
        }
        String clause = sentence.substring(0, comma);
        return clause.split("\\s+").length >= 5 ? java.util.Optional.of(clause + ".") : java.util.Optional.empty();
    }

    private static java.util.Optional<String> changeNumber(String sentence, Random random) {
        Matcher number = NUMBER.matcher(sentence);
        if (!number.find()) {
            return java.util.Optional.empty();
        }
        long value = Long.parseLong(number.group().length() > 12 ? "1" : number.group());
        long changed = random.nextBoolean() ? value + 1 + random.nextInt(9) : value * 10;
        return java.util.Optional.of(
                sentence.substring(0, number.start()) + changed + sentence.substring(number.end()));
    }

    private static java.util.Optional<String> flipNegation(String sentence) {
        Matcher negated = NEGATED.matcher(sentence);
        if (negated.find()) {
            return java.util.Optional.of(
                    sentence.substring(0, negated.start()) + negated.group(1) + sentence.substring(negated.end()));
        }
        Matcher auxiliary = AUXILIARY.matcher(sentence);
        if (auxiliary.find()) {
            return java.util.Optional.of(
                    sentence.substring(0, auxiliary.end()) + " not" + sentence.substring(auxiliary.end()));
        }
        return java.util.Optional.empty();
    }

    private static java.util.Optional<String> antonym(String sentence) {
        Matcher word = Pattern.compile("\\b[a-z]+\\b").matcher(sentence);
        while (word.find()) {
            String opposite = OPPOSITES.get(word.group());
            if (opposite != null) {
                return java.util.Optional.of(
                        sentence.substring(0, word.start()) + opposite + sentence.substring(word.end()));
            }
        }
        return java.util.Optional.empty();
    }

    /** Replaces a name inside the sentence with a name from another answer that the context lacks. */
    private static java.util.Optional<String> swapName(String sentence, List<String> others, String context) {
        Matcher name = NAME.matcher(sentence);
        if (!name.find()) {
            return java.util.Optional.empty();
        }
        for (String other : others) {
            Matcher candidate = NAME.matcher(other);
            while (candidate.find()) {
                if (!context.contains(candidate.group())) {
                    return java.util.Optional.of(
                            sentence.substring(0, name.start()) + candidate.group() + sentence.substring(name.end()));
                }
            }
        }
        return java.util.Optional.empty();
    }
}
