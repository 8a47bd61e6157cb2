package dev.groundwork.runtime.tensor;

import dev.groundwork.runtime.gguf.GgmlType;
import java.lang.foreign.MemorySegment;

/**
 * A read-only tensor of model weights in one of ggml's storage formats, viewed as a flat sequence of
 * values (a 2-D weight is its rows one after another). Each format has a scalar reference ({@link
 * #dequantize}, {@link #dotScalar}) and a Vector API dot product ({@link #dot}); tests hold the two
 * together.
 */
public abstract sealed class Tensor
        permits F32Tensor, F16Tensor, BF16Tensor, Q8_0Tensor, Q4_0Tensor, Q4KTensor, Q5KTensor, Q6KTensor {

    protected final MemorySegment data;
    protected final long size;

    protected Tensor(MemorySegment data, long size) {
        this.data = data;
        this.size = size;
    }

    /** The tensor of {@code size} values of {@code type} stored in {@code data}. */
    public static Tensor of(GgmlType type, MemorySegment data, long size) {
        long expected = type.bytes(size);
        if (data.byteSize() != expected) {
            throw new IllegalArgumentException(
                    "%d values of %s take %d bytes; the data has %d".formatted(size, type, expected, data.byteSize()));
        }
        return switch (type) {
            case F32 -> new F32Tensor(data, size);
            case F16 -> new F16Tensor(data, size);
            case BF16 -> new BF16Tensor(data, size);
            case Q8_0 -> new Q8_0Tensor(data, size);
            case Q4_0 -> new Q4_0Tensor(data, size);
            case Q4_K -> new Q4KTensor(data, size);
            case Q5_K -> new Q5KTensor(data, size);
            case Q6_K -> new Q6KTensor(data, size);
            default -> throw new UnsupportedTensorTypeException(type);
        };
    }

    public abstract GgmlType type();

    /** Number of values. */
    public long size() {
        return size;
    }

    /**
     * Writes values {@code [start, start + n)} as floats to {@code out[outOffset..]}; {@code start}
     * and {@code n} are whole blocks of the type.
     */
    public abstract void dequantize(long start, float[] out, int outOffset, int n);

    /**
     * {@link #dequantize} with the Vector API where the format has it (the same floats: each value
     * is one product of a quant and its scale either way). Prompt processing dequantizes every row of
     * every weight once per batch.
     */
    public void dequantizeVector(long start, float[] out, int outOffset, int n) {
        dequantize(start, out, outOffset, n);
    }

    /** The dot product of values {@code [start, start + n)} with {@code x[xOffset..]}: scalar reference. */
    public abstract float dotScalar(long start, float[] x, int xOffset, int n);

    /** The same dot product with the Vector API. */
    public abstract float dot(long start, float[] x, int xOffset, int n);
}
