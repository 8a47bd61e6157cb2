package dev.groundwork.runtime.benchmark;

import dev.groundwork.runtime.gguf.GgmlType;
import dev.groundwork.runtime.gguf.GgufFile;
import dev.groundwork.runtime.gguf.TensorInfo;
import dev.groundwork.runtime.llama.KvCache;
import dev.groundwork.runtime.llama.Transformer;
import dev.groundwork.runtime.sampling.Sampler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Prompt processing of 128 and 512 tokens (one batch each, as a prompt is fed) and greedy decoding of
 * 128 tokens after a short prompt, on a given number of threads, with random token ids (speed does
 * not depend on which tokens).
 */
public final class ModelBenchmark {

    /** One measurement; rates in tokens per second. */
    public record Run(
            String file,
            String type,
            int threads,
            double prefill128TokS,
            double prefill512TokS,
            double decodeTokS,
            long peakRssMb,
            long weightBytesPerToken,
            double bandwidthGbS,
            double bandwidthFraction) {}

    private static final int DECODE_TOKENS = 128;

    private ModelBenchmark() {}

    /** Measures {@code path} on {@code threads} threads; {@code bandwidth} is the memory's read rate in bytes/s. */
    public static Run run(Path path, int threads, double bandwidth) {
        try (GgufFile file = GgufFile.open(path);
                Transformer model = Transformer.load(file, threads)) {
            int vocabulary = model.configuration().vocabularySize();
            SplittableRandom random = new SplittableRandom(42);
            KvCache cache = model.newCache(Math.min(model.configuration().contextLength(), 1024));
            model.forward(tokens(random, vocabulary, 32), 0, cache, false); // warm-up: JIT and page cache
            double prefill128 = prefill(model, cache, random, 128);
            double prefill512 = prefill(model, cache, random, 512);

            int[] prompt = tokens(random, vocabulary, 16);
            float[] logits = model.forward(prompt, 0, cache, false)[0];
            long started = System.nanoTime();
            for (int i = 0; i < DECODE_TOKENS; i++) {
                int next = Sampler.argmax(logits);
                logits = model.forward(new int[] {next}, prompt.length + i, cache, false)[0];
            }
            double decode = DECODE_TOKENS * 1e9 / (System.nanoTime() - started);
            long perToken = weightBytesPerToken(file);
            return new Run(
                    path.getFileName().toString(),
                    dominantType(file),
                    threads,
                    round(prefill128),
                    round(prefill512),
                    round(decode),
                    peakRssMb(),
                    perToken,
                    round(bandwidth / 1e9),
                    round(decode * perToken / bandwidth));
        }
    }

    private static double prefill(Transformer model, KvCache cache, SplittableRandom random, int count) {
        if (count > cache.capacity()) {
            return 0; // the model's context is shorter
        }
        int[] prompt = tokens(random, model.configuration().vocabularySize(), count);
        long started = System.nanoTime();
        model.forward(prompt, 0, cache, false);
        return count * 1e9 / (System.nanoTime() - started);
    }

    private static int[] tokens(SplittableRandom random, int vocabulary, int count) {
        return random.ints(count, 0, vocabulary).toArray();
    }

    /**
     * Bytes of weights one decoded token reads: every matrix once, but of the token embedding only
     * one row (unless it is also the output projection).
     */
    static long weightBytesPerToken(GgufFile file) {
        long bytes = 0;
        for (TensorInfo tensor : file.tensors().values()) {
            bytes += tensor.bytes();
        }
        boolean tied = !file.tensors().containsKey("output.weight");
        if (!tied) {
            TensorInfo embedding = file.tensor("token_embd.weight");
            bytes -= embedding.bytes() - embedding.bytes() / embedding.dimension(1);
        }
        return bytes;
    }

    /** The type most of the weight bytes are in (a "Q4_0" file keeps its norms in F32). */
    static String dominantType(GgufFile file) {
        Map<GgmlType, Long> bytes = new EnumMap<>(GgmlType.class);
        file.tensors().values().forEach(tensor -> bytes.merge(tensor.type(), tensor.bytes(), Long::sum));
        return bytes.entrySet().stream()
                .max(Comparator.comparingLong(Map.Entry::getValue))
                .map(entry -> entry.getKey().name())
                .orElse("none");
    }

    /** The process's peak resident set (VmHWM), which counts the pages of the mapped model file it touched. */
    static long peakRssMb() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(line -> line.startsWith("VmHWM:"))
                    .mapToLong(line -> Long.parseLong(line.replaceAll("\\D", "")) / 1024)
                    .findFirst()
                    .orElse(-1);
        } catch (IOException e) {
            return -1;
        }
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
