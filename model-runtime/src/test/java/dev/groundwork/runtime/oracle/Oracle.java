package dev.groundwork.runtime.oracle;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The llama.cpp reference data in {@code ../shared/oracle} (see its README): model files, logits and
 * tokenizations. Tests that need it are skipped, with the reason, where the folder is absent.
 */
public final class Oracle {

    private Oracle() {}

    /** The oracle folder; skips the calling test when it is absent. */
    public static Path dir() {
        Path module = Path.of(System.getProperty("user.dir"));
        for (Path candidate : List.of(module.resolve("../../shared/oracle"), module.resolve("../shared/oracle"))) {
            if (Files.isDirectory(candidate)) {
                return candidate.normalize();
            }
        }
        assumeTrue(false, "the llama.cpp oracle folder ../shared/oracle is absent");
        return null;
    }

    public static Path file(String relative) {
        return dir().resolve(relative);
    }

    public static JsonNode json(String relative) {
        try {
            return JsonMapper.builder().build().readTree(Files.readString(file(relative)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Little-endian float32 rows of {@code columns} values. */
    public static float[][] floatRows(String relative, int columns) {
        try {
            ByteBuffer bytes =
                    ByteBuffer.wrap(Files.readAllBytes(file(relative))).order(ByteOrder.LITTLE_ENDIAN);
            int rows = bytes.remaining() / 4 / columns;
            float[][] values = new float[rows][columns];
            for (float[] row : values) {
                bytes.asFloatBuffer().get(row);
                bytes.position(bytes.position() + 4 * columns);
            }
            return values;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Token ids, one per line. */
    public static int[] tokens(String relative) {
        try {
            List<Integer> ids = new ArrayList<>();
            for (String line : Files.readAllLines(file(relative))) {
                if (!line.isBlank()) {
                    ids.add(Integer.parseInt(line.strip()));
                }
            }
            return ids.stream().mapToInt(Integer::intValue).toArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
