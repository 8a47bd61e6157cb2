package dev.groundwork.api.cli;

import dev.groundwork.runtime.benchmark.MemoryBandwidth;
import dev.groundwork.runtime.benchmark.ModelBenchmark;
import dev.groundwork.runtime.chat.ChatMessage;
import dev.groundwork.runtime.download.ModelDownload;
import dev.groundwork.runtime.generation.Generation;
import dev.groundwork.runtime.generation.GenerationSettings;
import dev.groundwork.runtime.generation.LanguageModel;
import dev.groundwork.runtime.generation.ModelOptions;
import dev.groundwork.runtime.generation.PromptTooLongException;
import dev.groundwork.runtime.gguf.GgmlType;
import dev.groundwork.runtime.gguf.GgufFile;
import dev.groundwork.runtime.gguf.GgufFormatException;
import dev.groundwork.runtime.gguf.TensorInfo;
import dev.groundwork.runtime.llama.Configuration;
import dev.groundwork.runtime.sampling.SamplerSettings;
import dev.groundwork.runtime.tensor.UnsupportedTensorTypeException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** {@code groundwork model info|run FILE}: looks into and runs a GGUF model file in this process. */
final class ModelCommand {

    /** Where {@code model pull} downloads from unless {@code HF_ENDPOINT} names another hub (a mirror). */
    static final String DEFAULT_HUB = "https://huggingface.co";

    private final PrintStream out;
    private final PrintStream err;

    ModelCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(CommandLine line) {
        List<String> arguments = line.arguments();
        if (arguments.size() < 2) {
            throw new CommandLine.UsageException("model needs a subcommand (info, run, bench, pull) and a FILE");
        }
        if (arguments.getFirst().equals("pull")) {
            return pull(line);
        }
        Path file = Path.of(arguments.get(1));
        if (!Files.isRegularFile(file)) {
            throw new CommandLine.UsageException("No model file at " + file.toAbsolutePath());
        }
        try {
            return switch (arguments.getFirst()) {
                case "info" -> info(file);
                case "run" -> generate(line, file);
                case "bench" -> bench(line, file);
                default ->
                    throw new CommandLine.UsageException("Unknown model subcommand '" + arguments.getFirst() + "'");
            };
        } catch (GgufFormatException | UnsupportedTensorTypeException | UncheckedIOException e) {
            err.println("groundwork: " + file + ": " + e.getMessage());
            return 1;
        } catch (PromptTooLongException | IllegalStateException e) {
            err.println("groundwork: " + e.getMessage());
            return 1;
        }
    }

    private int info(Path path) {
        try (GgufFile file = GgufFile.open(path)) {
            Configuration c = Configuration.from(file.metadata());
            Map<GgmlType, Long> types = new TreeMap<>();
            long parameters = 0;
            for (TensorInfo tensor : file.tensors().values()) {
                types.merge(tensor.type(), 1L, Long::sum);
                parameters += tensor.elements();
            }
            out.printf("file          %s (%,d bytes, GGUF v%d)%n", path, file.byteSize(), file.version());
            out.printf(
                    "name          %s%n",
                    file.metadata().optionalString("general.name").orElse("-"));
            out.printf("architecture  %s, %,d parameters%n", c.architecture(), parameters);
            out.printf(
                    "shape         %d layers, dim %d, %d heads / %d KV heads of %d, ffn %d, vocabulary %,d%n",
                    c.layers(), c.dim(), c.heads(), c.kvHeads(), c.headDim(), c.ffnDim(), c.vocabularySize());
            out.printf(
                    "context       %,d positions; RoPE %s, theta %.0f over %d dims%n",
                    c.contextLength(), c.neoxRope() ? "NeoX" : "normal", c.ropeTheta(), c.ropeDims());
            out.printf("tensors       %s%n", types);
            out.printf(
                    "tokenizer     %s (pre-tokenizer %s)%n",
                    file.metadata().optionalString("tokenizer.ggml.model").orElse("-"),
                    file.metadata().optionalString("tokenizer.ggml.pre").orElse("default"));
            out.printf(
                    "chat template %s%n",
                    file.metadata()
                            .optionalString("tokenizer.chat_template")
                            .map(jinja -> dev.groundwork.runtime.chat.ChatTemplate.recognize(jinja)
                                    .map(template -> template.name().toLowerCase(java.util.Locale.ROOT))
                                    .orElse("not recognised (set one with --chat-template)"))
                            .orElse("none"));
        }
        return 0;
    }

    private int generate(CommandLine line, Path path) {
        String prompt = line.option("--prompt", null);
        if (prompt == null) {
            throw new CommandLine.UsageException("model run needs --prompt TEXT");
        }
        ModelOptions options = ModelOptions.defaults()
                .withThreads(integer(line, "--threads", Runtime.getRuntime().availableProcessors()))
                .withContextLength(integer(line, "--context", 0))
                .withChatTemplate(line.option("--chat-template", null));
        SamplerSettings sampler = SamplerSettings.DEFAULT
                .withTemperature(Float.parseFloat(line.option("--temperature", "0")))
                .withSeed(Long.parseLong(line.option("--seed", "0")));
        GenerationSettings settings = new GenerationSettings(integer(line, "--max-tokens", 256), sampler, List.of());
        try (LanguageModel model = LanguageModel.load(path, options)) {
            int[] tokens = line.options().containsKey("--chat")
                    ? model.encodeChat(List.of(ChatMessage.user(prompt)))
                    : model.encodePrompt(prompt);
            Generation generation = model.newSession()
                    .generate(
                            tokens,
                            settings,
                            text -> {
                                out.print(text);
                                out.flush();
                            },
                            () -> false);
            out.println();
            err.printf(
                    "%d prompt tokens in %.2f s (%.1f tok/s); %d generated at %.1f tok/s; finished: %s%n",
                    generation.promptTokens(),
                    generation.prefillNanos() / 1e9,
                    generation.promptTokens() * 1e9 / generation.prefillNanos(),
                    generation.generatedTokens(),
                    generation.decodeTokensPerSecond(),
                    generation.finishReason().name().toLowerCase(java.util.Locale.ROOT));
        }
        return 0;
    }

    private int bench(CommandLine line, Path file) {
        out.printf(
                "%-8s %7s %12s %12s %10s %9s %10s %9s%n",
                "type", "threads", "prefill128", "prefill512", "decode", "peak RSS", "bandwidth", "fraction");
        for (String threads : line.option("--threads", "1,2").split(",")) {
            int n = Integer.parseInt(threads.strip());
            double bandwidth = MemoryBandwidth.measure(n, 1L << 30, 3);
            ModelBenchmark.Run run = ModelBenchmark.run(file, n, bandwidth);
            out.printf(
                    "%-8s %7d %8.1f t/s %8.1f t/s %6.2f t/s %6d MB %5.1f GB/s %9.2f%n",
                    run.type(),
                    n,
                    run.prefill128TokS(),
                    run.prefill512TokS(),
                    run.decodeTokS(),
                    run.peakRssMb(),
                    run.bandwidthGbS(),
                    run.bandwidthFraction());
        }
        return 0;
    }

    /** {@code model pull OWNER/NAME FILE}: downloads a GGUF file from a Hugging Face repository. */
    private int pull(CommandLine line) {
        List<String> arguments = line.arguments();
        if (arguments.size() != 3) {
            throw new CommandLine.UsageException("model pull needs a repository OWNER/NAME and a FILE in it");
        }
        String file = arguments.get(2);
        Path target =
                Path.of(line.option("--dir", "models")).resolve(Path.of(file).getFileName());
        URI endpoint =
                URI.create(Optional.ofNullable(System.getenv("HF_ENDPOINT")).orElse(DEFAULT_HUB));
        URI source;
        try {
            source = ModelDownload.huggingFace(endpoint, arguments.get(1), line.option("--revision", "main"), file);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.UsageException(e.getMessage());
        }
        if (Files.exists(target)) {
            err.println("groundwork: " + target + " exists; delete it to download it again");
            return 1;
        }
        err.println("Downloading " + source + " to " + target);
        try {
            String sha256 = new ModelDownload(Optional.ofNullable(System.getenv("HF_TOKEN")))
                    .download(source, target, Optional.ofNullable(line.option("--sha256", null)), this::progress);
            err.println();
            try (GgufFile gguf = GgufFile.open(target)) {
                out.printf(
                        "%s (%,d bytes, SHA-256 %s): %s, %d tensors%n",
                        target,
                        gguf.byteSize(),
                        sha256,
                        gguf.metadata().optionalString("general.architecture").orElse("unknown architecture"),
                        gguf.tensors().size());
            }
            return 0;
        } catch (ModelDownload.DownloadException | UncheckedIOException e) {
            err.println();
            err.println("groundwork: " + e.getMessage());
            return 1;
        }
    }

    private void progress(long bytes, long total) {
        if (total > 0) {
            err.printf("\r  %,.1f of %,.1f MB (%d%%)", bytes / 1e6, total / 1e6, bytes * 100 / total);
        } else {
            err.printf("\r  %,.1f MB", bytes / 1e6);
        }
    }

    private static int integer(CommandLine line, String option, int fallback) {
        String value = line.option(option, null);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new CommandLine.UsageException(option + " needs a whole number, was '" + value + "'");
        }
    }
}
