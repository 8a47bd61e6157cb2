package dev.groundwork.runtime.tensor;

import dev.groundwork.runtime.gguf.GgmlType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;

/** bfloat16: the upper 16 bits of a 32-bit float, little-endian. */
final class BF16Tensor extends Tensor {

    private static final ValueLayout.OfShort BFLOAT16 =
            ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    BF16Tensor(MemorySegment data, long size) {
        super(data, size);
    }

    @Override
    public GgmlType type() {
        return GgmlType.BF16;
    }

    private float value(long i) {
        return Float.intBitsToFloat(data.getAtIndex(BFLOAT16, i) << 16);
    }

    @Override
    public void dequantize(long start, float[] out, int outOffset, int n) {
        for (int i = 0; i < n; i++) {
            out[outOffset + i] = value(start + i);
        }
    }

    @Override
    public float dotScalar(long start, float[] x, int xOffset, int n) {
        float sum = 0;
        for (int i = 0; i < n; i++) {
            sum += value(start + i) * x[xOffset + i];
        }
        return sum;
    }

    @Override
    public float dot(long start, float[] x, int xOffset, int n) {
        var floats = Vectors.FLOATS;
        FloatVector sum = FloatVector.zero(floats);
        int i = 0;
        for (int upper = floats.loopBound(n); i < upper; i += floats.length()) {
            ShortVector upperBits = ShortVector.fromMemorySegment(
                    Vectors.SHORTS, data, (start + i) * Short.BYTES, ByteOrder.LITTLE_ENDIAN);
            FloatVector w = ((IntVector) upperBits.convertShape(VectorOperators.S2I, Vectors.INTS, 0))
                    .lanewise(VectorOperators.LSHL, 16)
                    .reinterpretAsFloats();
            sum = w.fma(FloatVector.fromArray(floats, x, xOffset + i), sum);
        }
        float result = sum.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            result += value(start + i) * x[xOffset + i];
        }
        return result;
    }
}
