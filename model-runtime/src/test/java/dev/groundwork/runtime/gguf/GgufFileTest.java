package dev.groundwork.runtime.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GgufFileTest {

    @TempDir
    Path dir;

    private Path written() {
        Path path = dir.resolve("model.gguf");
        new GgufWriter()
                .put("general.architecture", "llama")
                .put("llama.block_count", 2)
                .put("general.size", 1L << 40)
                .put("llama.rope.freq_base", 10000f)
                .put("flag", true)
                .put("tokenizer.ggml.tokens", List.of("<unk>", "a", "ü"))
                .put("tokenizer.ggml.scores", new float[] {0, -1.5f, -2})
                .put("tokenizer.ggml.token_type", new int[] {2, 1, 1})
                .tensor("weights", GgmlType.F32, new long[] {4, 2}, segment -> {
                    for (int i = 0; i < 8; i++) {
                        segment.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i, i * 0.5f);
                    }
                })
                .tensor("norm", GgmlType.F32, new long[] {3}, segment -> segment.fill((byte) 0))
                .write(path);
        return path;
    }

    @Test
    void readsBackWhatTheWriterWrote() {
        try (GgufFile file = GgufFile.open(written())) {
            assertThat(file.version()).isEqualTo(3);
            GgufMetadata metadata = file.metadata();
            assertThat(metadata.string("general.architecture")).isEqualTo("llama");
            assertThat(metadata.integer("llama.block_count")).isEqualTo(2);
            assertThat(metadata.integer("general.size")).isEqualTo(1L << 40);
            assertThat(metadata.optionalReal("llama.rope.freq_base")).contains(10000.0);
            assertThat(metadata.optionalBool("flag")).contains(true);
            assertThat(metadata.strings("tokenizer.ggml.tokens")).containsExactly("<unk>", "a", "ü");
            assertThat(metadata.optionalFloats("tokenizer.ggml.scores").orElseThrow())
                    .containsExactly(0, -1.5f, -2);
            assertThat(metadata.optionalInts("tokenizer.ggml.token_type").orElseThrow())
                    .containsExactly(2, 1, 1);

            TensorInfo weights = file.tensor("weights");
            assertThat(weights.type()).isEqualTo(GgmlType.F32);
            assertThat(weights.shape()).containsExactly(4, 2);
            assertThat(weights.bytes()).isEqualTo(32);
            float[] values = file.data(weights).toArray(ValueLayout.JAVA_FLOAT_UNALIGNED);
            assertThat(values).containsExactly(0, 0.5f, 1, 1.5f, 2, 2.5f, 3, 3.5f);
            assertThat(file.tensor("norm").offset() % 32).isZero();
        }
    }

    @Test
    void typedAccessorsNameTheKeyAndWhatWasThere() {
        try (GgufFile file = GgufFile.open(written())) {
            assertThatThrownBy(() -> file.metadata().string("llama.block_count"))
                    .isInstanceOf(GgufFormatException.class)
                    .hasMessageContaining("llama.block_count")
                    .hasMessageContaining("expected a string");
            assertThatThrownBy(() -> file.metadata().integer("llama.embedding_length"))
                    .hasMessage("GGUF key llama.embedding_length is missing; expected an integer");
            assertThatThrownBy(() -> file.tensor("output.weight"))
                    .isInstanceOf(GgufFormatException.class)
                    .hasMessage("model.gguf has no tensor output.weight");
        }
    }

    @Test
    void refusesAFileThatIsNotGguf() throws IOException {
        Path path = dir.resolve("not.gguf");
        Files.writeString(path, "PK\u0003\u0004 this is a zip file");
        assertThatThrownBy(() -> GgufFile.open(path))
                .isInstanceOf(GgufFormatException.class)
                .hasMessageContaining("is not a GGUF file");
    }

    @Test
    void refusesAnUnknownVersion() throws IOException {
        Path path = written();
        patchInt(path, 4, 4);
        assertThatThrownBy(() -> GgufFile.open(path))
                .isInstanceOf(GgufFormatException.class)
                .hasMessage("GGUF version 4; expected 2 or 3");
    }

    @Test
    void refusesATruncatedHeader() throws IOException {
        Path path = written();
        byte[] bytes = Files.readAllBytes(path);
        Files.write(path, Arrays.copyOf(bytes, 60));
        assertThatThrownBy(() -> GgufFile.open(path))
                .isInstanceOf(GgufFormatException.class)
                .hasMessageContaining("is truncated");
    }

    @Test
    void refusesTensorDataThatRunsPastTheEnd() throws IOException {
        Path path = written();
        byte[] bytes = Files.readAllBytes(path);
        Files.write(
                path, Arrays.copyOf(bytes, bytes.length - 24)); // the padding after the last tensor and 4 of its bytes
        assertThatThrownBy(() -> GgufFile.open(path))
                .isInstanceOf(GgufFormatException.class)
                .hasMessageContaining("is truncated: tensor norm ends at byte");
    }

    @Test
    void refusesAnUnknownTensorType() throws IOException {
        Path path = written();
        byte[] bytes = Files.readAllBytes(path);
        // The type id of the first tensor: after its name and its two dimensions.
        byte[] name = "weights".getBytes();
        int at = indexOf(bytes, name) + name.length + 4 + 16;
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(at, 99);
        Files.write(path, bytes);
        assertThatThrownBy(() -> GgufFile.open(path))
                .isInstanceOf(GgufFormatException.class)
                .hasMessage("tensor weights has unknown type id 99");
    }

    @Test
    void refusesAnAbsurdCount() throws IOException {
        Path path = written();
        patchLong(path, 16, -5); // the metadata key count
        assertThatThrownBy(() -> GgufFile.open(path))
                .isInstanceOf(GgufFormatException.class)
                .hasMessageContaining("metadata key count is 18446744073709551611; the file is corrupt");
    }

    @Test
    void sizesBlockTypesInWholeBlocks() {
        assertThat(GgmlType.Q4_0.bytes(64)).isEqualTo(36);
        assertThat(GgmlType.Q4_K.bytes(256)).isEqualTo(144);
        assertThat(GgmlType.Q6_K.bytes(512)).isEqualTo(420);
        assertThatThrownBy(() -> GgmlType.Q8_0.bytes(33))
                .isInstanceOf(GgufFormatException.class)
                .hasMessage("33 values of type Q8_0 are not whole blocks of 32");
    }

    private static void patchInt(Path path, int offset, int value) throws IOException {
        byte[] bytes = Files.readAllBytes(path);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(offset, value);
        Files.write(path, bytes);
    }

    private static void patchLong(Path path, int offset, long value) throws IOException {
        byte[] bytes = Files.readAllBytes(path);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(offset, value);
        Files.write(path, bytes);
    }

    private static int indexOf(byte[] bytes, byte[] part) {
        outer:
        for (int i = 0; i + part.length <= bytes.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (bytes[i + j] != part[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
