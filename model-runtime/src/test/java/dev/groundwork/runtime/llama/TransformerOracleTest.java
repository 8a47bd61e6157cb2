package dev.groundwork.runtime.llama;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundwork.runtime.gguf.GgufFile;
import dev.groundwork.runtime.oracle.Oracle;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Every logits run of the llama.cpp oracle, replayed: the same tokens fed the same way (one batch,
 * one token at a time, or a batch then the generated tokens one by one) give the same logits within
 * the tolerances the oracle's README recommends for an engine that keeps activations in float.
 */
class TransformerOracleTest {

    static Stream<Arguments> runs() {
        JsonNode runs = Oracle.json("logits/index.json").get("runs");
        List<Arguments> arguments = new ArrayList<>();
        runs.properties().forEach(run -> arguments.add(Arguments.of(run.getKey(), run.getValue())));
        return arguments.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runs")
    void logitsMatchLlamaCpp(String name, JsonNode run) {
        int vocabulary = run.get("n_vocab").asInt();
        float[][] expected = Oracle.floatRows(run.get("file").asString(), vocabulary);
        int[] tokens = Oracle.tokens(run.get("tokens_file").asString());
        int prompt = run.get("n_prompt").asInt();
        String mode = run.get("mode").asString();
        float[][] actual;
        try (GgufFile file = GgufFile.open(Oracle.file(run.get("model").asString()));
                Transformer model = Transformer.load(file, 2)) {
            // stories260K says 128 positions (llama.cpp's converter), but was trained on 512; llama.cpp ran
            // it past 128 in the 200-token runs.
            KvCache cache = model.newCache(512);
            actual = switch (mode) {
                case "prefill" -> model.forward(tokens, 0, cache, true);
                case "step" -> step(model, cache, tokens, 0, new float[tokens.length][]);
                case "prefill+greedy" -> {
                    float[][] rows = new float[tokens.length][];
                    float[][] first = model.forward(java.util.Arrays.copyOf(tokens, prompt), 0, cache, true);
                    System.arraycopy(first, 0, rows, 0, prompt);
                    yield step(model, cache, tokens, prompt, rows);
                }
                default -> throw new IllegalStateException("unknown mode " + mode);
            };
        }
        assertThat(actual.length).isEqualTo(expected.length);
        String model = run.get("model").asString();
        double worst = 0;
        for (int row = 0; row < expected.length; row++) {
            double scale = Math.max(1, maxAbs(expected[row]));
            double error = 0;
            for (int i = 0; i < vocabulary; i++) {
                error = Math.max(error, Math.abs(expected[row][i] - actual[row][i]));
            }
            worst = Math.max(worst, error);
            assertThat(error)
                    .as("%s row %d: max |logit difference| (logits up to %.2f)", name, row, scale)
                    .isLessThanOrEqualTo(tolerance(model, mode, scale));
        }
        System.out.printf("%s: max |Δlogit| = %.3g%n", name, worst);
    }

    /** Feeds tokens {@code from..} one at a time, as decoding does. */
    private static float[][] step(Transformer model, KvCache cache, int[] tokens, int from, float[][] rows) {
        for (int i = from; i < tokens.length; i++) {
            rows[i] = model.forward(new int[] {tokens[i]}, i, cache, false)[0];
        }
        return rows;
    }

    /**
     * The oracle README's recommended bounds (section 7b), {@code scale} = max(1, max |logit|) of the
     * row. llama.cpp rounds activations to 8 bits (or fp16) before quantized (or F16) products. This
     * engine does so too on the one-token path for Q8_0 and Q4_0 weights: runs fed token by token
     * through models of only those types must agree within the README's bound for an engine that
     * emulates the rounding (its float64 reference flips no rounding in these runs). Elsewhere
     * activations stay in float, with the README's bounds for that.
     */
    private static double tolerance(String model, String mode, double scale) {
        boolean integerProducts = model.contains("q8_0") || model.contains("q4_0");
        if (mode.equals("step") && integerProducts && !model.contains("stories260K")) {
            return 1e-4; // stories260K-q8_0 keeps some matrices in F16
        }
        if (model.contains("f32")) {
            return 1e-5 * scale;
        }
        if (model.contains("f16")) {
            return 5e-4;
        }
        if (model.contains("stories260K")) {
            return 0.5; // about 2% of logits that reach 22
        }
        return model.contains("small-llama-k") ? 5e-2 : 1e-2;
    }

    private static double maxAbs(float[] values) {
        double max = 0;
        for (float value : values) {
            max = Math.max(max, Math.abs(value));
        }
        return max;
    }
}
