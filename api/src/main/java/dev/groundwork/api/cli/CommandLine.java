package dev.groundwork.api.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed command line: the command, its positional arguments, its own options, and the
 * {@code --key=value} arguments passed through to Spring Boot.
 */
record CommandLine(String command, List<String> arguments, Map<String, String> options, List<String> springArgs) {

    private static final Set<String> OPTIONS = Set.of(
            "--collection",
            "--url",
            "--api-key",
            "--k",
            "--samples",
            "--include",
            "--exclude",
            "--out",
            "--modes",
            "--tags",
            "--fusion",
            "--claims",
            "--policy",
            "--answer",
            "--sources",
            "--documents",
            "--prompt",
            "--threads",
            "--context",
            "--chat-template",
            "--temperature",
            "--seed",
            "--max-tokens",
            "--dir",
            "--revision",
            "--sha256");
    /** Options that take no value. */
    private static final Set<String> FLAGS = Set.of("--answers", "--chat");

    static CommandLine parse(String[] args) {
        String command = args.length == 0 ? "serve" : args[0];
        List<String> arguments = new ArrayList<>();
        Map<String, String> options = new HashMap<>();
        List<String> springArgs = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            if (FLAGS.contains(arg)) {
                options.put(arg, "true");
            } else if (OPTIONS.contains(name)) {
                if (arg.contains("=")) {
                    options.put(name, arg.substring(arg.indexOf('=') + 1));
                } else if (i + 1 < args.length) {
                    options.put(name, args[++i]);
                } else {
                    throw new UsageException("Option " + name + " needs a value");
                }
            } else if (arg.startsWith("--") && arg.contains("=")) {
                springArgs.add(arg);
            } else if (arg.startsWith("--")) {
                throw new UsageException("Unknown option " + arg);
            } else {
                arguments.add(arg);
            }
        }
        return new CommandLine(command, List.copyOf(arguments), Map.copyOf(options), List.copyOf(springArgs));
    }

    String option(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    /** A command line that cannot be run as given; the message says what to change. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
