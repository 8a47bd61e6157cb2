package dev.groundwork.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where CPU time goes during a run: every native thread of this JVM (Java threads, GC, JIT) grouped
 * by what it does, and the PostgreSQL server processes, all read from {@code /proc}. Threads come
 * and go during a run (a file's parser, Lucene merges), so the threads are sampled twice a second
 * on a thread of their own and each one's last reading counts.
 */
final class CpuTimes implements AutoCloseable {

    /** Native thread name prefixes (Linux keeps the first 15 characters) and the group they count for. */
    private static final List<Map.Entry<String, String>> GROUPS = List.of(
            Map.entry("embedder-", "embedding"),
            Map.entry("ingest-prepare", "reading_and_chunking"),
            Map.entry("ingest-store", "storing"),
            Map.entry("outbox-indexer", "indexing"),
            Map.entry("Lucene Merge", "lucene_merges"),
            Map.entry("GC Thread", "gc"),
            Map.entry("G1 ", "gc"),
            Map.entry("C1 Compiler", "jit"),
            Map.entry("C2 Compiler", "jit"));

    private static final long TICK_NANOS = 10_000_000L; // USER_HZ is 100 on Linux

    private final Map<Integer, Long> first = new HashMap<>();
    private final Map<Integer, Long> last = new HashMap<>();
    private final Map<Integer, String> names = new HashMap<>();
    /** PostgreSQL server processes by pid: their ticks at the first sample, and at the last one they were seen. */
    private final Map<Integer, Long> postgresFirst = new HashMap<>();

    private final Map<Integer, Long> postgresLast = new HashMap<>();
    private final Thread sampler;
    private volatile boolean running = true;

    private CpuTimes() {
        sample();
        sampler = Thread.ofPlatform().name("bench-cpu-sampler").daemon(true).start(() -> {
            while (running) {
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
                sample();
            }
        });
    }

    /** Starts sampling now. */
    static CpuTimes start() {
        return new CpuTimes();
    }

    /** Stops sampling and returns CPU seconds per group since the start; "other_jvm" is the rest. */
    Map<String, Double> stop() throws InterruptedException {
        close();
        sample();
        Map<String, Long> byGroup = new LinkedHashMap<>();
        GROUPS.forEach(group -> byGroup.put(group.getValue(), 0L));
        byGroup.put("other_jvm", 0L);
        for (Map.Entry<Integer, Long> thread : last.entrySet()) {
            long ticks = thread.getValue() - first.getOrDefault(thread.getKey(), 0L);
            byGroup.merge(group(names.get(thread.getKey())), ticks, Long::sum);
        }
        long postgres = 0;
        for (Map.Entry<Integer, Long> process : postgresLast.entrySet()) {
            postgres += process.getValue() - postgresFirst.getOrDefault(process.getKey(), 0L);
        }
        byGroup.put("postgresql", postgres);
        Map<String, Double> seconds = new LinkedHashMap<>();
        byGroup.forEach((group, ticks) -> seconds.put(group, Benchmarks.round(ticks * TICK_NANOS / 1e9)));
        return seconds;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        sampler.interrupt();
        sampler.join();
    }

    private synchronized void sample() {
        boolean initial = first.isEmpty();
        samplePostgres(initial);
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                ProcessStat stat = ProcessStat.read(task);
                if (stat == null) {
                    continue;
                }
                int tid = Integer.parseInt(task.getFileName().toString());
                if (initial) {
                    first.put(tid, stat.ticks());
                }
                last.put(tid, stat.ticks());
                names.put(tid, stat.name());
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read this process's threads from /proc", e);
        }
    }

    private static String group(String threadName) {
        return GROUPS.stream()
                .filter(entry -> threadName.startsWith(entry.getKey()))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse("other_jvm");
    }

    /**
     * The ticks of each running process named postgres. A server process that ends (a closed
     * connection) keeps the ticks it was last seen with, so its work is not lost from the sum.
     */
    private void samplePostgres(boolean initial) {
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            for (Path process : processes
                    .filter(p -> p.getFileName().toString().matches("\\d+"))
                    .toList()) {
                ProcessStat stat = ProcessStat.read(process);
                if (stat != null && stat.name().equals("postgres")) {
                    int pid = Integer.parseInt(process.getFileName().toString());
                    if (initial) {
                        postgresFirst.put(pid, stat.ticks());
                    }
                    postgresLast.put(pid, stat.ticks());
                }
            }
        } catch (IOException e) {
            // No /proc: PostgreSQL's share stays unknown (0).
        }
    }

    /** A process's or thread's name and its user plus system CPU ticks, from its {@code stat} file. */
    private record ProcessStat(String name, long ticks) {

        /** The stat of {@code dir}, or {@code null} when it ended while we looked. */
        static ProcessStat read(Path dir) {
            try {
                String stat = Files.readString(dir.resolve("stat"));
                int close = stat.lastIndexOf(')');
                String[] fields = stat.substring(close + 2).split(" ");
                return new ProcessStat(
                        stat.substring(stat.indexOf('(') + 1, close),
                        Long.parseLong(fields[11]) + Long.parseLong(fields[12])); // utime, stime
            } catch (IOException | RuntimeException gone) {
                return null;
            }
        }
    }
}
