package dev.groundwork.bench;

import dev.groundwork.runtime.gguf.GgmlType;
import dev.groundwork.runtime.gguf.GgufFile;
import dev.groundwork.runtime.gguf.GgufWriter;
import dev.groundwork.runtime.tensor.Quantizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Writes GGUF files of a real model's shape with random weights, as the oracle's generator does
 * (2-D weights ~ N(0, 0.02²), norm weights 1 + 0.1·N(0, 1)), every 2-D tensor in one type: the
 * benchmark's stand-ins for pretrained files, which cannot be obtained here.
 */
final class ModelFiles {

    /** The oracle README's "llama-1b-shape": 16 layers, dim 2048, 32/8 heads, ffn 8192, vocabulary 32000. */
    record Shape(String name, int layers, int dim, int heads, int kvHeads, int ffn, int vocabulary, int context) {
        static final Shape LLAMA_1B = new Shape("llama-1b-shape", 16, 2048, 32, 8, 8192, 32000, 2048);
    }

    private ModelFiles() {}

    /** Writes {@code shape} with 2-D tensors of {@code type} to {@code path}, unless a file is there. */
    static Path write(Shape shape, GgmlType type, Path path, Path vocabulary) {
        if (Files.exists(path)) {
            return path;
        }
        int kvDim = shape.dim() / shape.heads() * shape.kvHeads();
        GgufWriter writer = new GgufWriter()
                .put("general.architecture", "llama")
                .put("general.name", shape.name() + "-" + type.name().toLowerCase(java.util.Locale.ROOT))
                .put("llama.vocab_size", shape.vocabulary())
                .put("llama.context_length", shape.context())
                .put("llama.embedding_length", shape.dim())
                .put("llama.block_count", shape.layers())
                .put("llama.feed_forward_length", shape.ffn())
                .put("llama.attention.head_count", shape.heads())
                .put("llama.attention.head_count_kv", shape.kvHeads())
                .put("llama.rope.dimension_count", shape.dim() / shape.heads())
                .put("llama.rope.freq_base", 10000f)
                .put("llama.attention.layer_norm_rms_epsilon", 1e-5f);
        copyVocabulary(writer, vocabulary);
        long seed = 0;
        matrix(writer, "token_embd.weight", type, shape.dim(), shape.vocabulary(), seed++);
        for (int l = 0; l < shape.layers(); l++) {
            String b = "blk." + l + ".";
            norm(writer, b + "attn_norm.weight", shape.dim(), seed++);
            matrix(writer, b + "attn_q.weight", type, shape.dim(), shape.dim(), seed++);
            matrix(writer, b + "attn_k.weight", type, shape.dim(), kvDim, seed++);
            matrix(writer, b + "attn_v.weight", type, shape.dim(), kvDim, seed++);
            matrix(writer, b + "attn_output.weight", type, shape.dim(), shape.dim(), seed++);
            norm(writer, b + "ffn_norm.weight", shape.dim(), seed++);
            matrix(writer, b + "ffn_gate.weight", type, shape.dim(), shape.ffn(), seed++);
            matrix(writer, b + "ffn_up.weight", type, shape.dim(), shape.ffn(), seed++);
            matrix(writer, b + "ffn_down.weight", type, shape.ffn(), shape.dim(), seed++);
        }
        norm(writer, "output_norm.weight", shape.dim(), seed++);
        matrix(writer, "output.weight", type, shape.dim(), shape.vocabulary(), seed);
        writer.write(path);
        return path;
    }

    /** The Llama-2 SentencePiece vocabulary of the oracle's test file, when it is there. */
    private static void copyVocabulary(GgufWriter writer, Path vocabulary) {
        if (vocabulary == null || !Files.exists(vocabulary)) {
            return;
        }
        try (GgufFile file = GgufFile.open(vocabulary)) {
            for (String key : List.of(
                    "tokenizer.ggml.model",
                    "tokenizer.ggml.tokens",
                    "tokenizer.ggml.scores",
                    "tokenizer.ggml.token_type",
                    "tokenizer.ggml.bos_token_id",
                    "tokenizer.ggml.eos_token_id",
                    "tokenizer.ggml.unknown_token_id")) {
                Object value = file.metadata().asMap().get(key);
                if (value != null) {
                    writer.put(key, value);
                }
            }
        }
    }

    /** Rows of N(0, 0.02²) values, written row by row on all cores (a row is whole blocks of every type). */
    private static void matrix(GgufWriter writer, String name, GgmlType type, int columns, int rows, long seed) {
        writer.tensor(name, type, new long[] {columns, rows}, segment -> {
            long rowBytes = type.bytes(columns);
            IntStream.range(0, rows).parallel().forEach(row -> {
                SplittableRandom random = new SplittableRandom(seed * 1_000_003L + row);
                float[] values = new float[columns];
                for (int i = 0; i < columns; i++) {
                    values[i] = (float) (random.nextGaussian() * 0.02);
                }
                Quantizer.write(type, values, segment, row * rowBytes);
            });
        });
    }

    private static void norm(GgufWriter writer, String name, int size, long seed) {
        writer.tensor(name, GgmlType.F32, new long[] {size}, segment -> {
            SplittableRandom random = new SplittableRandom(seed);
            float[] values = new float[size];
            for (int i = 0; i < size; i++) {
                values[i] = (float) (1 + 0.1 * random.nextGaussian());
            }
            Quantizer.write(GgmlType.F32, values, segment, 0);
        });
    }
}
