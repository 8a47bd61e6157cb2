package dev.groundwork.api.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * {@code groundwork verify}: checks an answer written anywhere against sources, sentence by
 * sentence, through {@code POST /api/verify}. Sources are UTF-8 text files ({@code --sources}) or
 * documents already ingested ({@code --documents}, by id). Exits 1 when a sentence is unsupported.
 */
final class VerifyCommand {

    private final PrintStream out;

    VerifyCommand(PrintStream out) {
        this.out = out;
    }

    int run(CommandLine line, ApiClient client) {
        String answer = line.option("--answer", null);
        if (answer == null || answer.isBlank()) {
            throw new CommandLine.UsageException("verify needs --answer TEXT (or --answer @FILE)");
        }
        if (answer.startsWith("@")) {
            answer = read(Path.of(answer.substring(1)));
        }
        List<String> files = list(line.option("--sources", ""));
        List<Long> documents = new ArrayList<>();
        for (String id : list(line.option("--documents", ""))) {
            try {
                documents.add(Long.parseLong(id));
            } catch (NumberFormatException e) {
                throw new CommandLine.UsageException("--documents takes document ids, e.g. 12,15; got '" + id + "'");
            }
        }
        if (files.isEmpty() && documents.isEmpty()) {
            throw new CommandLine.UsageException("verify needs --sources FILE,... or --documents ID,...");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("answer", answer);
        if (!files.isEmpty()) {
            body.put(
                    "sources",
                    files.stream().map(f -> Map.of("text", read(Path.of(f)))).toList());
        }
        if (!documents.isEmpty()) {
            body.put("documentIds", documents);
        }
        JsonNode result = client.post("/api/verify", body);
        for (JsonNode claim : result.path("claims")) {
            out.printf(
                    Locale.ROOT,
                    "%-11s %.2f  %s%n",
                    claim.path("support").asString().toLowerCase(Locale.ROOT),
                    claim.path("score").asDouble(),
                    claim.path("claim").asString());
            JsonNode evidence = claim.path("evidence");
            if (!evidence.isMissingNode() && !evidence.isNull()) {
                long source = evidence.path("documentId").asLong();
                String from = source < files.size() && !documents.contains(source)
                        ? files.get((int) source)
                        : "document " + source;
                out.printf(
                        "                  evidence: %s, chars %d-%d: \"%s\"%n",
                        from,
                        evidence.path("start").asInt(),
                        evidence.path("end").asInt(),
                        evidence.path("text").asString().replace('\n', ' '));
            }
        }
        out.printf(
                "%d supported, %d partial, %d unsupported%n",
                result.path("supported").asInt(),
                result.path("partial").asInt(),
                result.path("unsupported").asInt());
        return result.path("unsupported").asInt() > 0 ? 1 : 0;
    }

    private static List<String> list(String option) {
        return Arrays.stream(option.split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CommandLine.UsageException("Cannot read " + file + " as UTF-8 text: " + e.getMessage());
        }
    }
}
