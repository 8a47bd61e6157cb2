package dev.groundwork.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * The folders under which the server may read files to ingest. Paths are compared after
 * resolving {@code ..} and symbolic links, so neither can lead outside. No roots means no
 * restriction (in-process use, where the caller already has the file system).
 */
public record AllowedRoots(List<Path> roots) {

    public static final AllowedRoots ANY = new AllowedRoots(List.of());

    public AllowedRoots {
        roots = roots.stream().map(AllowedRoots::real).toList();
    }

    /**
     * The real path of {@code requested}.
     *
     * @throws PathNotAllowedException if it lies outside every root
     * @throws IllegalArgumentException if it does not exist
     */
    public Path check(Path requested) {
        Path real;
        try {
            real = requested.toAbsolutePath().toRealPath();
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("'" + requested + "' does not exist");
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot resolve '" + requested + "': " + e.getMessage());
        }
        if (!allows(real)) {
            throw new PathNotAllowedException("'" + requested + "' is outside the folders this server may ingest from ("
                    + String.join(", ", roots.stream().map(Path::toString).toList())
                    + "); set groundwork.ingest.allowed-roots to allow it");
        }
        return real;
    }

    /** Whether the real path {@code real} lies under a root. */
    public boolean allows(Path real) {
        return roots.isEmpty() || roots.stream().anyMatch(real::startsWith);
    }

    private static Path real(Path root) {
        Path absolute = root.toAbsolutePath().normalize();
        try {
            return Files.exists(absolute) ? absolute.toRealPath() : absolute;
        } catch (IOException e) {
            return absolute;
        }
    }
}
