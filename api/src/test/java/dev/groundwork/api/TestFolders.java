package dev.groundwork.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Working folders for tests, under the module's {@code target/} so that a clean build removes them. */
final class TestFolders {

    private TestFolders() {}

    static Path create(String prefix) {
        try {
            return Files.createTempDirectory(Files.createDirectories(Path.of("target", "test-work")), prefix)
                    .toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
