package dev.groundwork.api.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code groundwork model ...}: no server, the model runtime in the command's own process. */
class ModelCommandTest {

    private static final Path STORIES = Path.of("../../shared/oracle/models/stories260K-f32.gguf")
            .toAbsolutePath()
            .normalize();

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return new Commands(
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void infoDescribesTheModel() {
        assumeTrue(Files.isRegularFile(STORIES), "the oracle's stories260K model is absent");
        assertThat(run("model", "info", STORIES.toString())).isZero();
        assertThat(out())
                .contains("architecture  llama")
                .contains("5 layers, dim 64, 8 heads / 4 KV heads of 8, ffn 172, vocabulary 512")
                .contains("tokenizer     llama")
                .contains("chat template none");
    }

    @Test
    void runGeneratesGreedilyFromAPrompt() {
        assumeTrue(Files.isRegularFile(STORIES), "the oracle's stories260K model is absent");
        assertThat(run("model", "run", STORIES.toString(), "--prompt", "Once upon a time", "--max-tokens", "12"))
                .isZero();
        assertThat(out()).startsWith(", there was a little girl");
        assertThat(err()).contains("5 prompt tokens").contains("12 generated");
    }

    @Test
    void aFileThatIsNotGgufFailsWithItsName(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("model.gguf");
        Files.writeString(bad, "not a model");
        assertThat(run("model", "info", bad.toString())).isEqualTo(1);
        assertThat(err()).contains("model.gguf").contains("is not a GGUF file");
    }

    @Test
    void pullRefusesAMalformedRepositoryAsAUsageError() {
        assertThat(run("model", "pull", "../etc", "x.gguf")).isEqualTo(2);
        assertThat(err()).contains("a repository is OWNER/NAME");
    }
}
