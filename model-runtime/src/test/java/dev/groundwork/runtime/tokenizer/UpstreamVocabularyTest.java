package dev.groundwork.runtime.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundwork.runtime.oracle.Oracle;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * llama.cpp's own tokenizer tests ({@code models/ggml-vocab-*.gguf.inp} and {@code .out}): 46
 * strings per vocabulary, encoded without BOS and without parsing special tokens.
 */
class UpstreamVocabularyTest {

    private static final String SEPARATOR = "\n__ggml_vocab_test__\n";

    static Stream<Arguments> vocabularies() {
        return Stream.of(
                Arguments.of("ggml-vocab-llama-spm.gguf", "tokenizer/ggml-vocab-llama-spm.gguf"),
                Arguments.of("ggml-vocab-gpt-2.gguf", "tokenizer/ggml-vocab-gpt-2.gguf"),
                Arguments.of("ggml-vocab-llama-bpe.gguf", "tokenizer/vocab-llama3-bpe.gguf"),
                Arguments.of("ggml-vocab-qwen2.gguf", "tokenizer/vocab-qwen2-bpe.gguf"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vocabularies")
    void encodesTheUpstreamStringsToTheUpstreamIds(String test, String vocabulary) throws IOException {
        String inputs = Files.readString(Oracle.file("tokenizer/" + test + ".inp"));
        List<String> texts = new ArrayList<>(Arrays.asList(inputs.split(SEPARATOR, -1)));
        texts.removeLast(); // the file ends with the separator
        List<String> lines = Files.readAllLines(Oracle.file("tokenizer/" + test + ".out"));
        assertThat(texts).hasSize(46).hasSameSizeAs(lines);
        Tokenizer tokenizer = LlamaCppTokenizationTest.load(vocabulary);

        List<String> disagreements = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            String line = lines.get(i).strip();
            int[] expected = line.isEmpty()
                    ? new int[0]
                    : Arrays.stream(line.split(" ")).mapToInt(Integer::parseInt).toArray();
            int[] actual = tokenizer.encode(texts.get(i), false, false);
            if (!Arrays.equals(expected, actual)) {
                disagreements.add("%s string %d %s: expected %s but got %s"
                        .formatted(
                                test,
                                i,
                                texts.get(i).replace("\n", "\\n"),
                                Arrays.toString(expected),
                                Arrays.toString(actual)));
            }
        }
        assertThat(disagreements).isEmpty();
    }
}
