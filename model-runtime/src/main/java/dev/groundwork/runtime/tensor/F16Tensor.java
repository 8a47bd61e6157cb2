package dev.groundwork.runtime.tensor;

import dev.groundwork.runtime.gguf.GgmlType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/** IEEE 754 half-precision floats, little-endian. */
final class F16Tensor extends Tensor {

    private static final ValueLayout.OfShort FLOAT16 =
            ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** 2^(127 - 15): the difference of float's and fp16's exponent biases. */
    private static final float REBIAS = 0x1p112f;

    F16Tensor(MemorySegment data, long size) {
        super(data, size);
    }

    @Override
    public GgmlType type() {
        return GgmlType.F16;
    }

    private float value(long i) {
        return Float.float16ToFloat(data.getAtIndex(FLOAT16, i));
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
            ShortVector half = ShortVector.fromMemorySegment(
                    Vectors.SHORTS, data, (start + i) * Short.BYTES, ByteOrder.LITTLE_ENDIAN);
            sum = toFloats(half).fma(FloatVector.fromArray(floats, x, xOffset + i), sum);
        }
        float result = sum.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            result += value(start + i) * x[xOffset + i];
        }
        return result;
    }

    /**
     * {@link Float#float16ToFloat} in lanes (the Vector API has no fp16 conversion): sign-extended to
     * 32 bits and shifted left by 13, the sign lands on float's sign bit and fp16's exponent and
     * mantissa under float's; read as a float that is the value times 2^-112, exactly, subnormals
     * included, and multiplying by 2^112 is exact too.
     */
    private static FloatVector toFloats(ShortVector half) {
        IntVector bits = (IntVector) half.convertShape(VectorOperators.S2I, Vectors.INTS, 0);
        IntVector shifted = bits.lanewise(VectorOperators.LSHL, 13).and(0x8FFF_E000);
        // Infinity and NaN (exponent 31) get float's all-ones exponent, which the multiply keeps.
        VectorMask<Integer> special = bits.and(0x7C00).eq(0x7C00);
        return shifted.lanewise(VectorOperators.OR, 0x7000_0000, special)
                .reinterpretAsFloats()
                .mul(REBIAS);
    }
}
