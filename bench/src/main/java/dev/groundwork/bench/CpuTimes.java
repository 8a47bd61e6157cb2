package dev.groundwork.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where CPU time goes: this JVM's threads grouped by what they do, and the PostgreSQL server
 * processes (read from {@code /proc}). Take one snapshot before and one after, then subtract.
 */
record CpuTimes(Map<String, Long> nanos) {

    /**
     * Thread name prefixes and the group they count for; the rest of the process is "other_jvm":
     * reading, parsing and chunking (whose thread has ended when the job ends, so the JVM cannot
     * name it any more; the job's log line gives its time), Lucene merges, GC and JIT.
     */
    private static final Map<String, String> GROUPS = Map.of(
            "embedder-", "embedding",
            "ingest-store", "pipeline_and_store",
            "outbox-indexer", "indexing",
            "main", "pipeline_and_store");

    static CpuTimes now() {
        Map<String, Long> nanos = new LinkedHashMap<>();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (ThreadInfo thread : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (thread == null) {
                continue;
            }
            long cpu = threads.getThreadCpuTime(thread.getThreadId());
            if (cpu > 0) {
                nanos.merge(group(thread.getThreadName()), cpu, Long::sum);
            }
        }
        long process = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        nanos.put("jvm_total", process);
        nanos.put("postgresql", postgresNanos());
        return new CpuTimes(nanos);
    }

    /** CPU seconds per group between {@code before} and this snapshot; "other" is merges, GC, JIT. */
    Map<String, Double> secondsSince(CpuTimes before) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        long named = 0;
        for (String group : new String[] {"embedding", "pipeline_and_store", "indexing"}) {
            long delta = nanos.getOrDefault(group, 0L) - before.nanos.getOrDefault(group, 0L);
            named += delta;
            seconds.put(group, Benchmarks.round(delta / 1e9));
        }
        long total = nanos.get("jvm_total") - before.nanos.get("jvm_total");
        seconds.put("other_jvm", Benchmarks.round((total - named) / 1e9));
        seconds.put("postgresql", Benchmarks.round((nanos.get("postgresql") - before.nanos.get("postgresql")) / 1e9));
        return seconds;
    }

    private static String group(String threadName) {
        return GROUPS.entrySet().stream()
                .filter(entry -> threadName.startsWith(entry.getKey()))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse("other");
    }

    /** User plus system time of the running processes named postgres, from /proc. */
    private static long postgresNanos() {
        long ticks = 0;
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            for (Path process : processes
                    .filter(p -> p.getFileName().toString().matches("\\d+"))
                    .toList()) {
                try {
                    String stat = Files.readString(process.resolve("stat"));
                    int close = stat.lastIndexOf(')');
                    if (!stat.substring(stat.indexOf('(') + 1, close).equals("postgres")) {
                        continue;
                    }
                    String[] fields = stat.substring(close + 2).split(" ");
                    ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
                } catch (IOException | RuntimeException gone) {
                    // The process ended while we looked.
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return ticks * 10_000_000L; // USER_HZ is 100 on Linux
    }
}
