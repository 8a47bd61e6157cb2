package dev.groundwork.runtime.tensor;

import dev.groundwork.runtime.gguf.GgmlType;
import java.lang.foreign.MemorySegment;

/** bfloat16: the upper 16 bits of a 32-bit float, little-endian; computed by F16's kernels. */
final class BF16Tensor extends Tensor {

    BF16Tensor(MemorySegment data, long size) {
        super(data, size);
    }

    @Override
    public GgmlType type() {
        return GgmlType.BF16;
    }

    @Override
    public void dequantize(long start, float[] out, int outOffset, int n) {
        F16Tensor.dequantize(data, true, start, out, outOffset, n);
    }

    @Override
    public float dotScalar(long start, float[] x, int xOffset, int n) {
        return F16Tensor.dotScalar(data, true, start, x, xOffset, n);
    }

    @Override
    public float dot(long start, float[] x, int xOffset, int n) {
        return F16Tensor.dot(data, true, start, x, xOffset, n);
    }
}
