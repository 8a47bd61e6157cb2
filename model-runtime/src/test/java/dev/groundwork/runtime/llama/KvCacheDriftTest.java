package dev.groundwork.runtime.llama;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundwork.runtime.gguf.GgufFile;
import dev.groundwork.runtime.oracle.Oracle;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What an fp16 or int8 KV cache costs in accuracy and saves in memory: the same 64 tokens fed one at
 * a time (every step reads the cache) with each cache type, logits compared with the float32 cache's.
 */
class KvCacheDriftTest {

    @ParameterizedTest
    @ValueSource(
            strings = {"models/small-llama-k-f32.gguf", "models/stories260K-f32.gguf", "models/tiny-qwen2-f32.gguf"})
    void halfAndInt8CachesStayCloseToFloat(String name) {
        int[] tokens = Oracle.tokens("logits/small-llama-k-f32.prefill64.tokens.txt");
        try (GgufFile file = GgufFile.open(Oracle.file(name));
                Transformer model = Transformer.load(file, 2)) {
            float[][] reference = run(model, KvCache.Type.F32, tokens);
            long f32Bytes = model.newCache(512, KvCache.Type.F32).bytes();
            for (KvCache.Type type : new KvCache.Type[] {KvCache.Type.F16, KvCache.Type.Q8}) {
                float[][] logits = run(model, type, tokens);
                double drift = 0;
                double scale = 0;
                for (int row = 0; row < tokens.length; row++) {
                    for (int i = 0; i < logits[row].length; i++) {
                        drift = Math.max(drift, Math.abs(logits[row][i] - reference[row][i]));
                        scale = Math.max(scale, Math.abs(reference[row][i]));
                    }
                }
                long bytes = model.newCache(512, type).bytes();
                System.out.printf(
                        "%s, %s KV cache: %.1f%% of the float32 cache's memory, max |Δlogit| %.2g (logits up to %.1f)%n",
                        file.path().getFileName(), type, 100.0 * bytes / f32Bytes, drift, scale);
                // int8 adds a float scale per head and position: 4 bytes per head_dim values
                // (stories260K's heads have 8 values, so there it saves less).
                assertThat((double) bytes).isLessThanOrEqualTo(f32Bytes / (type == KvCache.Type.F16 ? 2 : 2.5));
                // fp16 keeps 11 significant bits; int8 7, relative to the largest value of the head.
                assertThat(drift / Math.max(1, scale)).isLessThan(type == KvCache.Type.F16 ? 2e-3 : 0.1);
            }
        }
    }

    private static float[][] run(Transformer model, KvCache.Type type, int[] tokens) {
        KvCache cache = model.newCache(512, type);
        float[][] logits = new float[tokens.length][];
        for (int i = 0; i < tokens.length; i++) {
            logits[i] = model.forward(new int[] {tokens[i]}, i, cache, false)[0];
        }
        return logits;
    }
}
