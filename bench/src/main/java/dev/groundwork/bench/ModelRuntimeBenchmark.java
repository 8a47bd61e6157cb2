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

        Map<Integer, Double> bandwidth = new LinkedHashMap<>();
        List<Map<String, Object>> runs = new ArrayList<>();
        for (String typeName : options.getOrDefault("--types", "Q8_0,Q4_0").split(",")) {
            GgmlType type = GgmlType.valueOf(typeName.strip());
            String name = ModelFiles.Shape.LLAMA_1B.name() + "-" + type.name().toLowerCase(Locale.ROOT) + ".gguf";
            System.out.println("Writing " + name + " (once)");
            Path file = ModelFiles.write(
                    ModelFiles.Shape.LLAMA_1B,
                    type,
                    dir.resolve(name),
                    oracle.resolve("tokenizer/ggml-vocab-llama-spm.gguf"));
            for (String threadsOption : options.getOrDefault("--threads", "1,2").split(",")) {
                int threads = Integer.parseInt(threadsOption.strip());
                double bytesPerSecond =
                        bandwidth.computeIfAbsent(threads, n -> MemoryBandwidth.measure(n, 1L << 30, 5));
                ModelBenchmark.Run run = ModelBenchmark.run(file, threads, bytesPerSecond);
                System.out.println(run);
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("file", run.file());
                row.put("type", run.type());
                row.put("threads", run.threads());
                row.put("prefill_128_tok_s", run.prefill128TokS());
                row.put("prefill_512_tok_s", run.prefill512TokS());
                row.put("decode_tok_s", run.decodeTokS());
                row.put("peak_rss_mb", run.peakRssMb());
                row.put("weight_bytes_per_token", run.weightBytesPerToken());
                row.put("bandwidth_gb_s", run.bandwidthGbS());
                row.put("bandwidth_fraction", run.bandwidthFraction());
                JsonNode reference = llamaCpp.get(run.file() + "/" + threads);
                if (reference != null) {
                    double pp = reference.path("pp128_tokens_per_s").asDouble();
                    double tg = reference.path("tg32_tokens_per_s").asDouble();
                    row.put("llama_cpp_prefill_128_tok_s", pp);
                    row.put("llama_cpp_decode_tok_s", tg);
                    row.put("prefill_ratio_to_llama_cpp", Benchmarks.round(run.prefill128TokS() / pp));
                    row.put("decode_ratio_to_llama_cpp", Benchmarks.round(run.decodeTokS() / tg));
                }
                runs.add(row);
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("benchmark", "model-runtime");
        result.put(
                "method",
                "one JVM; per file and thread count: warm-up of 32 tokens, then one prompt of 128 and"
                        + " one of 512 tokens (each one batch), then 128 greedy decode steps after a 16-token prompt;"
                        + " random token ids; F32 KV cache; bandwidth = best of 5 vector reads of 1 GiB");
        result.put("runs", runs);
        Map<String, Object> machine = new LinkedHashMap<>(Machine.describe());
        machine.put("date", Instant.now().toString());
        result.put("machine", machine);
        Benchmarks.write(out, result);
    }
}
