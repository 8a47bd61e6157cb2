package dev.groundwork.bench;

import dev.groundwork.api.cli.Machine;
import dev.groundwork.ingest.FileSelection;
import dev.groundwork.ingest.IngestReport;
import dev.groundwork.ingest.Ingestion;
import dev.groundwork.ingest.catalog.CatalogOutbox;
import dev.groundwork.runtime.embedding.Embedder;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * End-to-end ingestion throughput against the embedding model alone: ingests a folder into a fresh
 * catalog, then embeds the very same chunk texts again with nothing else running, and compares the
 * two rates. Also records the peak heap used during the ingestion.
 */
public final class IngestBenchmark {

    /** Chunks per embedding call: as many as the ingestion pipeline embeds together. */
    private static final int BATCH = 256;

    private static final String COLLECTION = "bench";

    public static void main(String[] args) throws Exception {
        Map<String, String> options = Benchmarks.options(args);
        Path source = Path.of(options.getOrDefault("--source", "/usr/share/doc/python3.11/html"));
        // All of it: the HTML pages and their reStructuredText sources (.txt); the rest (images,
        // scripts) is skipped as unsupported.
        String include = options.getOrDefault("--include", "*");
        Path out = Path.of(options.getOrDefault("--out", "bench/results/ingest.json"));
        Path dataDir = Files.createTempDirectory("bench-ingest");

        try (ConfigurableApplicationContext context = Benchmarks.start(dataDir)) {
            Ingestion ingestion = context.getBean(Ingestion.class);
            Embedder embedder = context.getBean(Embedder.class);

            // A server ingests for hours; what the target is about is its steady rate, not the
            // minute the JIT spends compiling the parsers, the chunker and the index writer on the
            // first files. A sample of the corpus goes into another collection first.
            int warmupFiles =
                    warmUp(ingestion, source, include, Integer.parseInt(options.getOrDefault("--warmup", "50")));

            List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(pool -> pool.getType() == MemoryType.HEAP)
                    .toList();
            System.gc();
            heap.forEach(MemoryPoolMXBean::resetPeakUsage);
            CpuTimes cpuTimes = CpuTimes.start();
            long started = System.nanoTime();
            IngestReport report = ingestion.ingestFolder(
                    source, COLLECTION, new FileSelection(List.of(include), List.of()), Set.of());
            double wall = (System.nanoTime() - started) / 1e9;
            Map<String, Double> cpu = cpuTimes.stop();
            long peakHeap = heap.stream()
                    .mapToLong(pool -> pool.getPeakUsage().getUsed())
                    .sum();
            System.out.printf("ingested %d files, %d chunks in %.1f s%n", report.files(), report.chunks(), wall);

            List<String> texts = new ArrayList<>();
            new CatalogOutbox(context.getBean(DataSource.class)).forEachChunk(chunk -> {
                if (chunk.chunk().collection().equals(COLLECTION)) {
                    texts.add(Ingestion.embeddedText(
                            chunk.chunk().title(),
                            chunk.chunk().headingPath(),
                            chunk.chunk().text()));
                }
            });
            CpuTimes embedCpu = CpuTimes.start();
            long embedStarted = System.nanoTime();
            for (int i = 0; i < texts.size(); i += BATCH) {
                embedder.embedPassages(texts.subList(i, Math.min(texts.size(), i + BATCH)));
            }
            double embedOnly = (System.nanoTime() - embedStarted) / 1e9;
            Map<String, Double> embedOnlyCpu = embedCpu.stop();

            Map<String, Object> result = new LinkedHashMap<>();
            result.put("benchmark", "ingest");
            result.put("source", source.toString());
            result.put("include", include);
            result.put("embedding_model", embedder.modelName());
            result.put("warmup_files", warmupFiles);
            result.put("files", report.files());
            result.put("documents", report.done());
            result.put("skipped", report.skipped());
            result.put("failed", report.failed());
            result.put("chunks", report.chunks());
            result.put("wall_s", Benchmarks.round(wall));
            result.put("chunks_per_s", Benchmarks.round(report.chunks() / wall));
            result.put("embed_only_s", Benchmarks.round(embedOnly));
            result.put("embed_only_chunks_per_s", Benchmarks.round(texts.size() / embedOnly));
            result.put("ratio_to_embed_only", Benchmarks.round((report.chunks() / wall) / (texts.size() / embedOnly)));
            result.put("peak_heap_mb", peakHeap / 1024 / 1024);
            result.put("ingest_cpu_s", cpu);
            result.put("embed_only_cpu_s", embedOnlyCpu);
            result.put("max_heap_mb", Runtime.getRuntime().maxMemory() / 1024 / 1024);
            Map<String, Object> machine = new LinkedHashMap<>(Machine.describe());
            machine.put("date", Instant.now().toString());
            result.put("machine", machine);
            Benchmarks.write(out, result);
            System.out.println(result);
        }
    }

    /** Ingests every n-th of the corpus's files (about {@code count}) into a collection of their own. */
    private static int warmUp(Ingestion ingestion, Path source, String include, int count) throws IOException {
        if (count <= 0) {
            return 0;
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(source)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        Path sample = Files.createTempDirectory("bench-warmup");
        int step = Math.max(1, files.size() / count);
        for (int i = 0; i < files.size(); i += step) {
            Path target = sample.resolve(source.relativize(files.get(i)).toString());
            Files.createDirectories(target.getParent());
            Files.copy(files.get(i), target);
        }
        long started = System.nanoTime();
        IngestReport report =
                ingestion.ingestFolder(sample, "warmup", new FileSelection(List.of(include), List.of()), Set.of());
        System.out.printf(
                "warm-up: %d files, %d chunks in %.1f s%n",
                report.files(), report.chunks(), (System.nanoTime() - started) / 1e9);
        return report.files();
    }
}
