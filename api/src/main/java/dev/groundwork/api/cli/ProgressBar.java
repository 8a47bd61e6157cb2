package dev.groundwork.api.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * Shows an ingest job's progress: on a terminal one line redrawn in place (files, chunks, rate,
 * ETA, failures, current file); elsewhere (a log, a pipe) a plain line every few seconds.
 */
final class ProgressBar {

    private static final int BAR_WIDTH = 24;
    private static final Duration PLAIN_INTERVAL = Duration.ofSeconds(5);

    private final PrintStream out;
    private final boolean terminal;
    private final int width;
    private long lastPlainLine;
    private boolean drawn;

    ProgressBar(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
        this.width = columns();
    }

    /** Whether standard error is an interactive terminal. */
    static boolean onTerminal() {
        return System.console() != null && System.console().isTerminal();
    }

    void update(JsonNode job) {
        String line = line(job);
        if (terminal) {
            String shown = line.length() > width - 1 ? line.substring(0, width - 1) : line;
            out.print("\r" + shown + " ".repeat(Math.max(0, width - 1 - shown.length())));
            out.flush();
            drawn = true;
        } else if (System.nanoTime() - lastPlainLine >= PLAIN_INTERVAL.toNanos()) {
            out.println(line);
            lastPlainLine = System.nanoTime();
        }
    }

    /** Ends the redrawn line, so that what follows starts on a fresh one. */
    void finish() {
        if (drawn) {
            out.println();
        }
    }

    static String line(JsonNode job) {
        int files = job.path("files").asInt();
        int ended = job.path("done").asInt()
                + job.path("skipped").asInt()
                + job.path("failed").asInt()
                + job.path("cancelled").asInt();
        double fraction = files == 0 ? 1 : (double) ended / files;
        int filled = (int) Math.round(fraction * BAR_WIDTH);
        StringBuilder line = new StringBuilder()
                .append('[')
                .append("#".repeat(filled))
                .append("-".repeat(BAR_WIDTH - filled))
                .append("] ")
                .append(String.format(Locale.ROOT, "%3d%% ", Math.round(fraction * 100)))
                .append(ended)
                .append('/')
                .append(files)
                .append(" files, ")
                .append(String.format(Locale.ROOT, "%,d", job.path("chunks").asLong()))
                .append(" chunks, ")
                .append(String.format(
                        Locale.ROOT, "%.1f", job.path("chunksPerSecond").asDouble()))
                .append(" chunks/s");
        if (!job.path("etaSeconds").isNull() && !job.path("etaSeconds").isMissingNode()) {
            line.append(", ETA ").append(duration(job.path("etaSeconds").asDouble()));
        }
        int failed = job.path("failed").asInt();
        if (failed > 0) {
            line.append(", ").append(failed).append(" failed");
        }
        String current = job.path("current").asString("");
        if (!current.isEmpty()) {
            line.append("  ").append(current.substring(current.lastIndexOf('/') + 1));
        }
        return line.toString();
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return (s / 60) + "m" + String.format(Locale.ROOT, "%02d", s % 60) + "s";
        }
        return (s / 3600) + "h" + String.format(Locale.ROOT, "%02d", (s % 3600) / 60) + "m";
    }

    private static int columns() {
        try {
            return Math.max(40, Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "100")));
        } catch (NumberFormatException e) {
            return 100;
        }
    }
}
