package dev.groundwork.runtime.llama;

import dev.groundwork.runtime.tensor.Kernels;

/**
 * The keys and values of every position seen so far, per layer: {@code capacity} rows of {@code
 * kvDim} values each, stored in float32, fp16, or int8 with one float scale per head and position
 * (a quarter of the float32 memory). Attention reads it only through {@link #keyDot} and {@link
 * #addValue}.
 */
public final class KvCache {

    /** How the cache stores its values. */
    public enum Type {
        F32(4),
        F16(2),
        /** Symmetric int8 per head and position: scale = max|x| / 127. */
        Q8(1);

        private final int bytesPerValue;

        Type(int bytesPerValue) {
            this.bytesPerValue = bytesPerValue;
        }
    }

    private final Type type;
    private final int capacity;
    private final int kvDim;
    private final int headDim;
    private final float[][] floatKeys;
    private final float[][] floatValues;
    private final short[][] halfKeys;
    private final short[][] halfValues;
    private final byte[][] byteKeys;
    private final byte[][] byteValues;
    private final float[][] keyScales;
    private final float[][] valueScales;

    KvCache(Configuration configuration, int capacity, Type type) {
        // More positions than the model was trained on is allowed, as in llama.cpp: some files
        // understate it (llama2.c conversions say 128), and RoPE scaling extends it.
        if (capacity < 1) {
            throw new IllegalArgumentException("a KV cache needs at least one position, was " + capacity);
        }
        this.type = type;
        this.capacity = capacity;
        this.kvDim = configuration.kvDim();
        this.headDim = configuration.headDim();
        int layers = configuration.layers();
        int size = capacity * kvDim;
        int scales = capacity * configuration.kvHeads();
        floatKeys = type == Type.F32 ? new float[layers][size] : null;
        floatValues = type == Type.F32 ? new float[layers][size] : null;
        halfKeys = type == Type.F16 ? new short[layers][size] : null;
        halfValues = type == Type.F16 ? new short[layers][size] : null;
        byteKeys = type == Type.Q8 ? new byte[layers][size] : null;
        byteValues = type == Type.Q8 ? new byte[layers][size] : null;
        keyScales = type == Type.Q8 ? new float[layers][scales] : null;
        valueScales = type == Type.Q8 ? new float[layers][scales] : null;
    }

    public Type type() {
        return type;
    }

    /** Positions the cache can hold. */
    public int capacity() {
        return capacity;
    }

    /** Bytes the cache takes. */
    public long bytes() {
        int layers = switch (type) {
            case F32 -> floatKeys.length;
            case F16 -> halfKeys.length;
            case Q8 -> byteKeys.length;
        };
        long values = 2L * layers * capacity * kvDim * type.bytesPerValue;
        return type == Type.Q8 ? values + 2L * layers * keyScales[0].length * Float.BYTES : values;
    }

    void store(int layer, int position, float[] key, float[] value) {
        int offset = position * kvDim;
        switch (type) {
            case F32 -> {
                System.arraycopy(key, 0, floatKeys[layer], offset, kvDim);
                System.arraycopy(value, 0, floatValues[layer], offset, kvDim);
            }
            case F16 -> {
                for (int i = 0; i < kvDim; i++) {
                    halfKeys[layer][offset + i] = Float.floatToFloat16(key[i]);
                    halfValues[layer][offset + i] = Float.floatToFloat16(value[i]);
                }
            }
            case Q8 -> {
                int heads = kvDim / headDim;
                for (int h = 0; h < heads; h++) {
                    keyScales[layer][position * heads + h] =
                            quantize(key, h * headDim, byteKeys[layer], offset + h * headDim);
                    valueScales[layer][position * heads + h] =
                            quantize(value, h * headDim, byteValues[layer], offset + h * headDim);
                }
            }
        }
    }

    private float quantize(float[] x, int from, byte[] out, int outOffset) {
        float max = 0;
        for (int i = 0; i < headDim; i++) {
            max = Math.max(max, Math.abs(x[from + i]));
        }
        float scale = max / 127;
        float inverse = scale == 0 ? 0 : 1 / scale;
        for (int i = 0; i < headDim; i++) {
            out[outOffset + i] = (byte) Math.round(x[from + i] * inverse);
        }
        return scale;
    }

    /** The dot product of query {@code q[qOffset, qOffset + headDim)} with the key of {@code kvHead} at {@code position}. */
    float keyDot(int layer, int position, int kvHead, float[] q, int qOffset) {
        int offset = position * kvDim + kvHead * headDim;
        return switch (type) {
            case F32 -> Kernels.dot(q, qOffset, floatKeys[layer], offset, headDim);
            case F16 -> {
                short[] keys = halfKeys[layer];
                float sum = 0;
                for (int i = 0; i < headDim; i++) {
                    sum += q[qOffset + i] * Float.float16ToFloat(keys[offset + i]);
                }
                yield sum;
            }
            case Q8 -> {
                byte[] keys = byteKeys[layer];
                float sum = 0;
                for (int i = 0; i < headDim; i++) {
                    sum += q[qOffset + i] * keys[offset + i];
                }
                yield sum * keyScales[layer][position * (kvDim / headDim) + kvHead];
            }
        };
    }

    /** Adds {@code weight} times the value of {@code kvHead} at {@code position} to {@code out[outOffset..]}. */
    void addValue(int layer, int position, int kvHead, float weight, float[] out, int outOffset) {
        int offset = position * kvDim + kvHead * headDim;
        switch (type) {
            case F32 -> Kernels.axpy(out, outOffset, weight, floatValues[layer], offset, headDim);
            case F16 -> {
                short[] values = halfValues[layer];
                for (int i = 0; i < headDim; i++) {
                    out[outOffset + i] += weight * Float.float16ToFloat(values[offset + i]);
                }
            }
            case Q8 -> {
                byte[] values = byteValues[layer];
                float scaled = weight * valueScales[layer][position * (kvDim / headDim) + kvHead];
                for (int i = 0; i < headDim; i++) {
                    out[outOffset + i] += scaled * values[offset + i];
                }
            }
        }
    }
}
