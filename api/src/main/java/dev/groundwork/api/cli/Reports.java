package dev.groundwork.api.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** Writes a measurement as pretty JSON, with the machine and the date it was measured on. */
final class Reports {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Reports() {}

    static void write(Path target, Map<String, Object> report) {
        Map<String, Object> withMachine = new LinkedHashMap<>(report);
        Map<String, Object> machine = new LinkedHashMap<>(Machine.describe());
        machine.put("date", Instant.now().toString());
        withMachine.put("machine", machine);
        try {
            Path parent = target.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(target, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(withMachine) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + target, e);
        }
    }
}
