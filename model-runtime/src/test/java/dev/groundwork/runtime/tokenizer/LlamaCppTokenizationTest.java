package dev.groundwork.runtime.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundwork.runtime.gguf.GgufFile;
import dev.groundwork.runtime.oracle.Oracle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Compares every field of llama.cpp's tokenizations in {@code oracle/tokenizer/tokenize.<vocab>.json}
 * (72 strings per vocabulary) with this package's results.
 */
class LlamaCppTokenizationTest {

    static Stream<String> vocabularies() {
        return Stream.of(
                "llama-spm",
                "gpt-2",
                "llama3-bpe",
                "qwen2-bpe",
                "gpt2-vocab-qwen2-pre",
                "tiny-llama-512",
                "tiny-qwen2-512",
                "stories260K-tok512");
    }

    static Tokenizer load(String relativeToOracle) {
        try (GgufFile file = GgufFile.open(Oracle.file(relativeToOracle))) {
            return Tokenizer.fromMetadata(file.metadata());
        }
    }

    static int[] ints(JsonNode array) {
        List<Integer> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asInt()));
        return values.stream().mapToInt(Integer::intValue).toArray();
    }

    /** One field of an entry: what llama.cpp gave and what this tokenizer gives, as comparable strings. */
    private record Field(String name, Function<JsonNode, String> expected, Function<JsonNode, String> actual) {}

    @ParameterizedTest(name = "{0}")
    @MethodSource("vocabularies")
    void everyFieldAgreesWithLlamaCpp(String vocabulary) {
        JsonNode reference = Oracle.json("tokenizer/tokenize." + vocabulary + ".json");
        Tokenizer tokenizer = load(reference.get("file").asString());
        HexFormat hex = HexFormat.of();
        List<Field> fields = List.of(
                new Field(
                        "ids_plain",
                        e -> ids(e, "ids_plain"),
                        e -> Arrays.toString(tokenizer.encode(text(e), false, false))),
                new Field(
                        "ids_plain_bos",
                        e -> ids(e, "ids_plain_bos"),
                        e -> Arrays.toString(tokenizer.encode(text(e), true, false))),
                new Field(
                        "ids_special",
                        e -> ids(e, "ids_special"),
                        e -> Arrays.toString(tokenizer.encode(text(e), false, true))),
                new Field(
                        "ids_special_bos",
                        e -> ids(e, "ids_special_bos"),
                        e -> Arrays.toString(tokenizer.encode(text(e), true, true))),
                // pieces and decoding of llama.cpp's own ids, so that they are checked apart from encoding
                new Field(
                        "pieces_hex",
                        e -> strings(e.get("pieces_hex")).toString(),
                        e -> IntStream.of(ints(e.get("ids_plain")))
                                .mapToObj(id -> hex.formatHex(tokenizer.piece(id)))
                                .toList()
                                .toString()),
                new Field(
                        "decoded", e -> e.get("decoded").asString(), e -> tokenizer.decode(ints(e.get("ids_plain")))));

        Map<String, Integer> agreeing = new LinkedHashMap<>();
        List<String> disagreements = new ArrayList<>();
        JsonNode entries = reference.get("entries");
        for (Field field : fields) {
            agreeing.put(field.name(), 0);
            for (JsonNode entry : entries) {
                String expected = field.expected().apply(entry);
                String actual = field.actual().apply(entry);
                if (Objects.equals(expected, actual)) {
                    agreeing.merge(field.name(), 1, Integer::sum);
                } else {
                    disagreements.add("%s string %d %s: expected %s but got %s"
                            .formatted(vocabulary, entry.get("id").asInt(), field.name(), expected, actual));
                }
            }
        }
        System.out.printf("%s: %s of %d strings agree with llama.cpp%n", vocabulary, agreeing, entries.size());
        assertThat(disagreements).as("disagreements with llama.cpp").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vocabularies")
    void addsBosExactlyWhenLlamaCppDoes(String vocabulary) {
        JsonNode reference = Oracle.json("tokenizer/tokenize." + vocabulary + ".json");
        Tokenizer tokenizer = load(reference.get("file").asString());
        boolean addsBos = reference.get("add_bos_effective").asBoolean();

        assertThat(tokenizer.vocabularySize())
                .isEqualTo(reference.get("n_tokens").asInt());
        assertThat(tokenizer.encode("", true, false)).isEqualTo(addsBos ? new int[] {tokenizer.bos()} : new int[0]);
        assertThat(tokenizer.encode("", false, false)).isEmpty();
    }

    static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asString()));
        return values;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vocabularies")
    void encodesSeveralKilobytesOfTextInMilliseconds(String vocabulary) {
        JsonNode reference = Oracle.json("tokenizer/tokenize." + vocabulary + ".json");
        Tokenizer tokenizer = load(reference.get("file").asString());
        StringBuilder input = new StringBuilder();
        while (input.length() < 8192) {
            reference.get("entries").forEach(entry -> input.append(text(entry)).append('\n'));
        }
        String text = input.toString();
        for (int warmUp = 0; warmUp < 20; warmUp++) {
            tokenizer.encode(text, true, true);
        }
        int runs = 20;
        long started = System.nanoTime();
        int tokens = 0;
        for (int run = 0; run < runs; run++) {
            tokens = tokenizer.encode(text, true, true).length;
        }
        double millis = (System.nanoTime() - started) / 1e6 / runs;
        System.out.printf("%s: %d chars -> %d tokens in %.2f ms%n", vocabulary, text.length(), tokens, millis);
        assertThat(millis)
                .as("milliseconds to encode %d chars", text.length())
                .isLessThan(200); // 5 to 30 ms on the 2-core build machine; the margin absorbs a busy machine
    }

    private static String text(JsonNode entry) {
        return entry.get("text").asString();
    }

    private static String ids(JsonNode entry, String field) {
        return Arrays.toString(ints(entry.get(field)));
    }
}
