package dev.groundwork.runtime.tensor;

import dev.groundwork.runtime.gguf.GgmlType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/** 32-bit floats, little-endian. */
final class F32Tensor extends Tensor {

    private static final ValueLayout.OfFloat FLOAT =
            ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    F32Tensor(MemorySegment data, long size) {
        super(data, size);
    }

    @Override
    public GgmlType type() {
        return GgmlType.F32;
    }

    @Override
    public void dequantize(long start, float[] out, int outOffset, int n) {
        MemorySegment.copy(data, FLOAT, start * 4, out, outOffset, n);
    }

    @Override
    public float dotScalar(long start, float[] x, int xOffset, int n) {
        float sum = 0;
        for (int i = 0; i < n; i++) {
            sum += data.getAtIndex(FLOAT, start + i) * x[xOffset + i];
        }
        return sum;
    }

    @Override
    public float dot(long start, float[] x, int xOffset, int n) {
        var species = Vectors.FLOATS;
        FloatVector sum = FloatVector.zero(species);
        int i = 0;
        for (int upper = species.loopBound(n); i < upper; i += species.length()) {
            FloatVector w = FloatVector.fromMemorySegment(species, data, (start + i) * 4, ByteOrder.LITTLE_ENDIAN);
            sum = w.fma(FloatVector.fromArray(species, x, xOffset + i), sum);
        }
        float result = sum.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            result += data.getAtIndex(FLOAT, start + i) * x[xOffset + i];
        }
        return result;
    }
}
