package dev.groundwork.runtime.llama;

import dev.groundwork.runtime.gguf.GgufFile;
import dev.groundwork.runtime.gguf.GgufFormatException;
import dev.groundwork.runtime.gguf.TensorInfo;
import dev.groundwork.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The tensors of a model, by role, checked against the configuration's shapes: matrices stay in the
 * mapped file; norm weights and biases (small, F32) are copied to float arrays.
 *
 * @param output the output projection; the token embedding when the model ties them
 * @param ropeFactors per-pair divisors of the RoPE frequencies ({@code rope_freqs.weight}, Llama
 *     3.1+), or {@code null}
 */
record Weights(Tensor tokenEmbedding, List<Layer> layers, float[] outputNorm, Tensor output, float[] ropeFactors) {

    /** One transformer block; biases and q/k norms are {@code null} where the architecture has none. */
    record Layer(
            float[] attentionNorm,
            Tensor wq,
            Tensor wk,
            Tensor wv,
            float[] bq,
            float[] bk,
            float[] bv,
            float[] qNorm,
            float[] kNorm,
            Tensor wo,
            float[] ffnNorm,
            Tensor gate,
            Tensor up,
            Tensor down) {}

    static Weights load(GgufFile file, Configuration c) {
        Loader loader = new Loader(file);
        Tensor embedding = loader.matrix("token_embd.weight", c.dim(), c.vocabularySize());
        List<Layer> layers = new ArrayList<>(c.layers());
        for (int i = 0; i < c.layers(); i++) {
            String b = "blk." + i + ".";
            layers.add(new Layer(
                    loader.vector(b + "attn_norm.weight", c.dim()),
                    loader.matrix(b + "attn_q.weight", c.dim(), c.queryDim()),
                    loader.matrix(b + "attn_k.weight", c.dim(), c.kvDim()),
                    loader.matrix(b + "attn_v.weight", c.dim(), c.kvDim()),
                    loader.optionalVector(b + "attn_q.bias", c.queryDim()),
                    loader.optionalVector(b + "attn_k.bias", c.kvDim()),
                    loader.optionalVector(b + "attn_v.bias", c.kvDim()),
                    loader.optionalVector(b + "attn_q_norm.weight", c.headDim()),
                    loader.optionalVector(b + "attn_k_norm.weight", c.headDim()),
                    loader.matrix(b + "attn_output.weight", c.queryDim(), c.dim()),
                    loader.vector(b + "ffn_norm.weight", c.dim()),
                    loader.matrix(b + "ffn_gate.weight", c.dim(), c.ffnDim()),
                    loader.matrix(b + "ffn_up.weight", c.dim(), c.ffnDim()),
                    loader.matrix(b + "ffn_down.weight", c.ffnDim(), c.dim())));
        }
        Tensor output = file.tensors().containsKey("output.weight")
                ? loader.matrix("output.weight", c.dim(), c.vocabularySize())
                : embedding;
        return new Weights(
                embedding,
                List.copyOf(layers),
                loader.vector("output_norm.weight", c.dim()),
                output,
                loader.optionalVector("rope_freqs.weight", c.ropeDims() / 2));
    }

    /** Looks tensors up by name and checks their shapes, with errors that name the file and tensor. */
    private record Loader(GgufFile file) {

        Tensor matrix(String name, int columns, int rows) {
            TensorInfo info = file.tensor(name);
            expectShape(info, columns, rows);
            return Tensor.of(info.type(), file.data(info), info.elements());
        }

        float[] vector(String name, int size) {
            TensorInfo info = file.tensor(name);
            expectShape(info, size, 1);
            float[] values = new float[size];
            Tensor.of(info.type(), file.data(info), size).dequantize(0, values, 0, size);
            return values;
        }

        float[] optionalVector(String name, int size) {
            return file.tensors().containsKey(name) ? vector(name, size) : null;
        }

        private void expectShape(TensorInfo info, long columns, long rows) {
            if (info.dimension(0) != columns || info.dimension(1) != rows || info.dimension(2) != 1) {
                throw new GgufFormatException("%s: tensor %s has shape %s; expected [%d, %d]"
                        .formatted(
                                file.path().getFileName(), info.name(), Arrays.toString(info.shape()), columns, rows));
            }
        }
    }
}
