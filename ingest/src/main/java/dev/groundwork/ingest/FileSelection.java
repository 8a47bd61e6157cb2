package dev.groundwork.ingest;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;

/**
 * Which files of a folder to ingest, as glob patterns. A pattern without {@code /} is matched
 * against the file name ({@code *.html}), one with {@code /} against the path relative to the
 * folder ({@code library/**}). No include patterns means every file; excludes win over includes.
 */
public record FileSelection(List<String> include, List<String> exclude) {

    public static final FileSelection ALL = new FileSelection(List.of(), List.of());

    public FileSelection {
        include = include == null ? List.of() : List.copyOf(include);
        exclude = exclude == null ? List.of() : List.copyOf(exclude);
        for (String pattern : concat(include, exclude)) {
            if (pattern.isBlank()) {
                throw new IllegalArgumentException("A file pattern must not be blank");
            }
            try {
                FileSystems.getDefault().getPathMatcher("glob:" + pattern);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Invalid file pattern '" + pattern + "': " + e.getMessage());
            }
        }
    }

    /** Whether the file at {@code relativePath} (relative to the ingested folder) is selected. */
    public boolean selects(Path relativePath) {
        boolean included = include.isEmpty() || include.stream().anyMatch(p -> matches(p, relativePath));
        return included && exclude.stream().noneMatch(p -> matches(p, relativePath));
    }

    private static boolean matches(String pattern, Path relativePath) {
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        return matcher.matches(pattern.contains("/") ? relativePath : relativePath.getFileName());
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
