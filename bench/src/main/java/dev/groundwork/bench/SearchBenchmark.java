package dev.groundwork.bench;

import dev.groundwork.api.cli.Machine;
import dev.groundwork.ingest.catalog.CatalogOutbox;
import dev.groundwork.runtime.embedding.Embedder;
import dev.groundwork.vectorstore.ChunkIndex;
import dev.groundwork.vectorstore.IndexOperation;
import dev.groundwork.vectorstore.IndexOptions;
import dev.groundwork.vectorstore.IndexedChunk;
import dev.groundwork.vectorstore.SearchFilter;
import dev.groundwork.vectorstore.SearchHit;
import dev.groundwork.vectorstore.SearchMode;
import dev.groundwork.vectorstore.SearchQuery;
import dev.groundwork.vectorstore.StoredChunk;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Search speed and kNN recall of the chunk index, on the real chunks and embeddings of a
 * Groundwork catalog (e.g. the Python and PostgreSQL documentation), and on a larger set made of
 * them plus perturbed copies.
 *
 * <p>For each size: build time and index size; then per mode p50/p99 latency on one thread, QPS on
 * two threads, and the recall@10 of the kNN search against exact brute force over the same vectors.
 * Queries are the opening words of randomly chosen chunks, embedded as queries.
 */
public final class SearchBenchmark {

    private static final int QUERIES = 200;
    private static final int RUNS = 3;
    private static final long SEED = 42;

    public static void main(String[] args) throws Exception {
        Map<String, String> options = Benchmarks.options(args);
        Path dataDir = Path.of(options.getOrDefault("--data-dir", "data"));
        Path out = Path.of(options.getOrDefault("--out", "bench/results/search.json"));
        int large = Integer.parseInt(options.getOrDefault("--large", "100000"));

        try (ConfigurableApplicationContext context = Benchmarks.start(dataDir)) {
            List<IndexedChunk> real = new ArrayList<>();
            new CatalogOutbox(context.getBean(DataSource.class)).forEachChunk(real::add);
            if (real.size() < 1000) {
                throw new IllegalStateException("The catalog in " + dataDir + " holds " + real.size()
                        + " chunks; ingest a real corpus first (see bench/README.md)");
            }
            Embedder embedder = context.getBean(Embedder.class);
            List<Query> queries = queries(real, embedder);
            System.out.printf("%d real chunks, %d queries%n", real.size(), queries.size());

            List<Map<String, Object>> runs = new ArrayList<>();
            List<Map<String, Object>> tuning = new ArrayList<>();
            for (IndexOptions candidate :
                    List.of(new IndexOptions(16, 100, 1), new IndexOptions(16, 100, 2), new IndexOptions(32, 200, 1))) {
                tuning.add(tune(real, queries, candidate));
            }
            runs.addAll(measure("docs", real, queries, IndexOptions.DEFAULT));
            runs.addAll(measure(large / 1000 + "k", enlarge(real, large), queries, IndexOptions.DEFAULT));

            Map<String, Object> report = new LinkedHashMap<>();
            report.put("benchmark", "search");
            report.put("embedding_model", embedder.modelName());
            report.put(
                    "index_options",
                    Map.of(
                            "max_conn", IndexOptions.DEFAULT.maxConn(),
                            "beam_width", IndexOptions.DEFAULT.beamWidth(),
                            "oversample", IndexOptions.DEFAULT.oversample(),
                            "encoding", "int8 (UNSIGNED_BYTE) scalar-quantized HNSW, full-precision rescoring"));
            report.put("queries", queries.size());
            report.put("runs_per_measurement", RUNS);
            report.put("runs", runs);
            report.put("tuning", tuning);
            report.put("machine", Machine.describe());
            report.put("measured_at", Instant.now().toString());
            Benchmarks.write(out, report);
        }
    }

    record Query(String text, float[] vector) {}

    private static List<Query> queries(List<IndexedChunk> chunks, Embedder embedder) {
        Random random = new Random(SEED);
        List<Query> queries = new ArrayList<>();
        while (queries.size() < QUERIES) {
            String text = chunks.get(random.nextInt(chunks.size())).chunk().text();
            String[] words = text.split("\\s+");
            if (words.length < 8) {
                continue;
            }
            String query = String.join(" ", Arrays.copyOfRange(words, 0, Math.min(12, words.length)));
            queries.add(new Query(query, embedder.embedQuery(query)));
        }
        return queries;
    }

    /** The real chunks plus copies with slightly perturbed vectors and new ids, up to {@code size}. */
    private static List<IndexedChunk> enlarge(List<IndexedChunk> real, int size) {
        Random random = new Random(SEED);
        List<IndexedChunk> chunks = new ArrayList<>(size);
        chunks.addAll(real);
        long nextId = real.stream().mapToLong(IndexedChunk::chunkId).max().orElse(0) + 1;
        while (chunks.size() < size) {
            IndexedChunk original = real.get(random.nextInt(real.size()));
            float[] vector = original.embedding().clone();
            double norm = 0;
            for (int i = 0; i < vector.length; i++) {
                vector[i] += (float) (random.nextGaussian() * 0.02);
                norm += vector[i] * vector[i];
            }
            for (int i = 0; i < vector.length; i++) {
                vector[i] /= (float) Math.sqrt(norm);
            }
            StoredChunk c = original.chunk();
            chunks.add(new IndexedChunk(
                    new StoredChunk(
                            nextId++,
                            c.documentId(),
                            c.ordinal(),
                            c.collection(),
                            c.source(),
                            c.title(),
                            c.headingPath(),
                            c.tags(),
                            c.modified(),
                            c.start(),
                            c.end(),
                            c.text()),
                    vector));
        }
        return chunks;
    }

    private static Map<String, Object> tune(List<IndexedChunk> chunks, List<Query> queries, IndexOptions options)
            throws IOException {
        Path folder = Files.createTempDirectory("bench-tune");
        try (ChunkIndex index = build(folder, chunks, options).index()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("chunks", chunks.size());
            row.put("max_conn", options.maxConn());
            row.put("beam_width", options.beamWidth());
            row.put("oversample", options.oversample());
            row.put("knn_recall_at_10", Benchmarks.round(recall(index, chunks, queries)));
            row.put("vector_p50_ms", Benchmarks.round(latencies(index, queries, SearchMode.VECTOR)[0]));
            System.out.println("tuning " + row);
            return row;
        } finally {
            delete(folder);
        }
    }

    private static List<Map<String, Object>> measure(
            String size, List<IndexedChunk> chunks, List<Query> queries, IndexOptions options) throws Exception {
        Path folder = Files.createTempDirectory("bench-search");
        List<Map<String, Object>> rows = new ArrayList<>();
        Built built = build(folder, chunks, options);
        try (ChunkIndex index = built.index()) {
            double recall = recall(index, chunks, queries);
            for (SearchMode mode : SearchMode.values()) {
                double[] latency = latencies(index, queries, mode);
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("size", size);
                row.put("mode", mode.name().toLowerCase(Locale.ROOT));
                row.put("chunks", chunks.size());
                row.put("build_s", Benchmarks.round(built.seconds()));
                row.put("index_mb", Benchmarks.round(index.sizeInBytes() / 1024.0 / 1024.0));
                row.put("p50_ms", Benchmarks.round(latency[0]));
                row.put("p99_ms", Benchmarks.round(latency[1]));
                row.put("qps_2t", Benchmarks.round(throughput(index, queries, mode, 2)));
                row.put("knn_recall_at_10", mode == SearchMode.KEYWORD ? null : Benchmarks.round(recall));
                rows.add(row);
                System.out.println(row);
            }
        } finally {
            delete(folder);
        }
        return rows;
    }

    record Built(ChunkIndex index, double seconds) {}

    private static Built build(Path folder, List<IndexedChunk> chunks, IndexOptions options) {
        long started = System.nanoTime();
        ChunkIndex index = ChunkIndex.open(folder, options);
        List<IndexOperation> batch = new ArrayList<>();
        long outboxId = 0;
        for (IndexedChunk chunk : chunks) {
            batch.add(new IndexOperation.Upsert(++outboxId, chunk));
            if (batch.size() == 2000) {
                index.apply(batch);
                batch.clear();
            }
        }
        index.apply(batch);
        index.commit();
        return new Built(index, (System.nanoTime() - started) / 1e9);
    }

    private static SearchQuery query(Query query, SearchMode mode, int k) {
        return new SearchQuery(query.text(), query.vector(), mode, k, SearchFilter.NONE);
    }

    /** Median and 99th percentile of single-threaded latency in ms, over {@link #RUNS} runs after a warm-up. */
    private static double[] latencies(ChunkIndex index, List<Query> queries, SearchMode mode) {
        for (Query query : queries) {
            index.search(query(query, mode, 10));
        }
        double[] millis = new double[queries.size() * RUNS];
        int n = 0;
        for (int run = 0; run < RUNS; run++) {
            for (Query query : queries) {
                long started = System.nanoTime();
                index.search(query(query, mode, 10));
                millis[n++] = (System.nanoTime() - started) / 1e6;
            }
        }
        Arrays.sort(millis);
        return new double[] {millis[millis.length / 2], millis[(int) Math.ceil(millis.length * 0.99) - 1]};
    }

    private static double throughput(ChunkIndex index, List<Query> queries, SearchMode mode, int threads)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            double best = 0;
            for (int run = 0; run < RUNS; run++) {
                AtomicInteger next = new AtomicInteger();
                int total = queries.size() * 2;
                long started = System.nanoTime();
                List<Future<?>> workers = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    workers.add(pool.submit(() -> {
                        for (int i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                            index.search(query(queries.get(i % queries.size()), mode, 10));
                        }
                    }));
                }
                for (Future<?> worker : workers) {
                    worker.get();
                }
                double qps = total / ((System.nanoTime() - started) / 1e9);
                best = Math.max(best, qps);
            }
            return best;
        } finally {
            pool.shutdown();
        }
    }

    /** Exact top-10 chunk ids per query, by brute force over all vectors, cached per data set. */
    private static final Map<List<IndexedChunk>, long[][]> EXACT = new java.util.IdentityHashMap<>();

    private static long[][] exactTop10(List<IndexedChunk> chunks, List<Query> queries) {
        return EXACT.computeIfAbsent(chunks, c -> {
            long[][] exact = new long[queries.size()][];
            for (int q = 0; q < queries.size(); q++) {
                float[] vector = queries.get(q).vector();
                // A min-heap of the best 10 (score, index) seen so far: one pass, no sorting of all chunks.
                java.util.PriorityQueue<double[]> best =
                        new java.util.PriorityQueue<>(Comparator.comparingDouble((double[] e) -> e[0]));
                for (int i = 0; i < c.size(); i++) {
                    double score = dot(vector, c.get(i).embedding());
                    if (best.size() < 10) {
                        best.add(new double[] {score, i});
                    } else if (score > best.peek()[0]) {
                        best.poll();
                        best.add(new double[] {score, i});
                    }
                }
                exact[q] = best.stream()
                        .mapToLong(e -> c.get((int) e[1]).chunkId())
                        .toArray();
            }
            return exact;
        });
    }

    /** Mean share of the exact top 10 (brute force over all vectors) that the kNN search returns. */
    private static double recall(ChunkIndex index, List<IndexedChunk> chunks, List<Query> queries) {
        long[][] exact = exactTop10(chunks, queries);
        double sum = 0;
        for (int q = 0; q < queries.size(); q++) {
            List<Long> found = index.search(query(queries.get(q), SearchMode.VECTOR, 10)).stream()
                    .map(SearchHit::chunk)
                    .map(StoredChunk::chunkId)
                    .toList();
            sum += Arrays.stream(exact[q]).filter(found::contains).count() / 10.0;
        }
        return sum / queries.size();
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private static void delete(Path folder) throws IOException {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
