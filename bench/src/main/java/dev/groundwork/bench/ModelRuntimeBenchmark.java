package dev.groundwork.bench;

import dev.groundwork.api.cli.Machine;
import dev.groundwork.runtime.benchmark.MemoryBandwidth;
import dev.groundwork.runtime.benchmark.ModelBenchmark;
import dev.groundwork.runtime.gguf.GgmlType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The model runtime's speed on 1B-parameter Llama-shape files (random weights, written here) in
 * Q8_0 and Q4_0, on 1 and 2 threads, next to llama.cpp's rates on the same shapes and cores (the
 * oracle's {@code bench.json}).
 */
public final class ModelRuntimeBenchmark {

    public static void main(String[] args) throws Exception {
        Map<String, String> options = Benchmarks.options(args);
        Path dir = Path.of(options.getOrDefault("--dir", "bench/target/models"));
        Path out = Path.of(options.getOrDefault("--out", "bench/results/model-runtime.json"));
        Path oracle = Path.of(options.getOrDefault("--oracle", "../shared/oracle"));
        Files.createDirectories(dir);

        Map<String, JsonNode> llamaCpp = new LinkedHashMap<>();
        if (Files.exists(oracle.resolve("bench.json"))) {
            JsonNode reference = JsonMapper.builder().build().readTree(Files.readString(oracle.resolve("bench.json")));
            reference
                    .path("results")
                    .forEach(result -> llamaCpp.put(
                            result.path("model").asString() + "/"
                                    + result.path("threads").asInt(),
                            result));
        }

        int repeat = Integer.parseInt(options.getOrDefault("--repeat", "3"));
        List<Path> files = new ArrayList<>();
        for (String typeName : options.getOrDefault("--types", "Q8_0,Q4_0").split(",")) {
            GgmlType type = GgmlType.valueOf(typeName.strip());
            String name = ModelFiles.Shape.LLAMA_1B.name() + "-" + type.name().toLowerCase(Locale.ROOT) + ".gguf";
            System.out.println("Writing " + name + " (once)");
            files.add(ModelFiles.write(
                    ModelFiles.Shape.LLAMA_1B,
                    type,
                    dir.resolve(name),
                    oracle.resolve("tokenizer/ggml-vocab-llama-spm.gguf")));
        }
        List<Integer> threadCounts = new ArrayList<>();
        for (String threadsOption : options.getOrDefault("--threads", "1,2").split(",")) {
            threadCounts.add(Integer.parseInt(threadsOption.strip()));
        }

        // Rounds over every file and thread count, so that a slow spell of the shared machine lands on
        // all of them rather than on one; each rate is the median of its rounds.
        Map<Integer, Double> bandwidth = new LinkedHashMap<>();
        Map<String, List<ModelBenchmark.Run>> samples = new LinkedHashMap<>();
        for (int round = 1; round <= repeat; round++) {
            for (Path file : files) {
                for (int threads : threadCounts) {
                    double bytesPerSecond =
                            bandwidth.computeIfAbsent(threads, n -> MemoryBandwidth.measure(n, 1L << 30, 5));
                    ModelBenchmark.Run run = ModelBenchmark.run(file, threads, bytesPerSecond);
                    System.out.println("round " + round + ": " + run);
                    samples.computeIfAbsent(file.getFileName() + "/" + threads, key -> new ArrayList<>())
                            .add(run);
                }
            }
        }

        List<Map<String, Object>> runs = new ArrayList<>();
        for (Map.Entry<String, List<ModelBenchmark.Run>> entry : samples.entrySet()) {
            List<ModelBenchmark.Run> rounds = entry.getValue();
            ModelBenchmark.Run first = rounds.getFirst();
            double prefill128 = median(rounds, ModelBenchmark.Run::prefill128TokS);
            double decode = median(rounds, ModelBenchmark.Run::decodeTokS);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("file", first.file());
            row.put("type", first.type());
            row.put("threads", first.threads());
            row.put("prefill_128_tok_s", prefill128);
            row.put("prefill_512_tok_s", median(rounds, ModelBenchmark.Run::prefill512TokS));
            row.put("decode_tok_s", decode);
            row.put(
                    "peak_rss_mb",
                    rounds.stream()
                            .mapToLong(ModelBenchmark.Run::peakRssMb)
                            .max()
                            .orElse(-1));
            row.put("weight_bytes_per_token", first.weightBytesPerToken());
            row.put("bandwidth_gb_s", first.bandwidthGbS());
            row.put("bandwidth_fraction", median(rounds, ModelBenchmark.Run::bandwidthFraction));
            row.put(
                    "prefill_128_samples",
                    rounds.stream().map(ModelBenchmark.Run::prefill128TokS).toList());
            row.put(
                    "decode_samples",
                    rounds.stream().map(ModelBenchmark.Run::decodeTokS).toList());
            JsonNode reference = llamaCpp.get(entry.getKey());
            if (reference != null) {
                double pp = reference.path("pp128_tokens_per_s").asDouble();
                double tg = reference.path("tg32_tokens_per_s").asDouble();
                row.put("llama_cpp_prefill_128_tok_s", pp);
                row.put("llama_cpp_decode_tok_s", tg);
                row.put("prefill_ratio_to_llama_cpp", Benchmarks.round(prefill128 / pp));
                row.put("decode_ratio_to_llama_cpp", Benchmarks.round(decode / tg));
            }
            runs.add(row);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("benchmark", "model-runtime");
        result.put(
                "method",
                "one JVM; " + repeat + " rounds over every file and thread count, each rate the median of"
                        + " its rounds; per round: the model loaded, a warm-up of 32 tokens, one prompt of 128"
                        + " and one of 512 tokens (each one batch), then 128 greedy decode steps after a 16-token"
                        + " prompt; random token ids; F32 KV cache; bandwidth = best of 5 vector reads of 1 GiB");
        result.put("runs", runs);
        Map<String, Object> machine = new LinkedHashMap<>(Machine.describe());
        machine.put("date", Instant.now().toString());
        result.put("machine", machine);
        Benchmarks.write(out, result);
    }

    private static double median(List<ModelBenchmark.Run> rounds, ToDoubleFunction<ModelBenchmark.Run> rate) {
        double[] values = rounds.stream().mapToDouble(rate).sorted().toArray();
        int middle = values.length / 2;
        return values.length % 2 == 1 ? values[middle] : Benchmarks.round((values[middle - 1] + values[middle]) / 2);
    }
}
