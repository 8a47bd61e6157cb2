package dev.groundwork.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Copies the repository's sample corpus into a folder a test may change. */
final class SampleCorpus {

    private static final Path SAMPLES = Path.of("..", "samples");

    private SampleCorpus() {}

    static Path copyTo(Path folder) {
        try (Stream<Path> files = Files.list(SAMPLES)) {
            Files.createDirectories(folder);
            for (Path file : files.toList()) {
                Files.copy(file, folder.resolve(file.getFileName()));
            }
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot copy the sample corpus from " + SAMPLES.toAbsolutePath(), e);
        }
    }
}
