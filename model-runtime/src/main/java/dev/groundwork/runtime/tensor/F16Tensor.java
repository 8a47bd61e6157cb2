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

/**
 * IEEE 754 half-precision floats, little-endian; its kernels also serve BF16, which differs only in
 * how 16 bits become a float.
 */
final class F16Tensor extends Tensor {

    private static final ValueLayout.OfShort SHORT =
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

    @Override
    public void dequantize(long start, float[] out, int outOffset, int n) {
        dequantize(data, false, start, out, outOffset, n);
    }

    @Override
    public float dotScalar(long start, float[] x, int xOffset, int n) {
        return dotScalar(data, false, start, x, xOffset, n);
    }

    @Override
    public float dot(long start, float[] x, int xOffset, int n) {
        return dot(data, false, start, x, xOffset, n);
    }

    /** Value {@code i}: fp16, or with {@code bfloat} the upper half of a float. */
    private static float value(MemorySegment data, boolean bfloat, long i) {
        short bits = data.getAtIndex(SHORT, i);
        return bfloat ? Float.intBitsToFloat(bits << 16) : Float.float16ToFloat(bits);
    }

    static void dequantize(MemorySegment data, boolean bfloat, long start, float[] out, int outOffset, int n) {
        for (int i = 0; i < n; i++) {
            out[outOffset + i] = value(data, bfloat, start + i);
        }
    }

    static float dotScalar(MemorySegment data, boolean bfloat, long start, float[] x, int xOffset, int n) {
        float sum = 0;
        for (int i = 0; i < n; i++) {
            sum += value(data, bfloat, start + i) * x[xOffset + i];
        }
        return sum;
    }

    /** Small enough to be inlined into each type's {@code dot}, where {@code bfloat} is a constant. */
    static float dot(MemorySegment data, boolean bfloat, long start, float[] x, int xOffset, int n) {
        var floats = Vectors.FLOATS;
        FloatVector sum = FloatVector.zero(floats);
        int i = 0;
        for (int upper = floats.loopBound(n); i < upper; i += floats.length()) {
            ShortVector halves = ShortVector.fromMemorySegment(
                    Vectors.SHORTS, data, (start + i) * Short.BYTES, ByteOrder.LITTLE_ENDIAN);
            // Sign-extended to 32 bits: the sign lands on float's sign bit once shifted.
            IntVector bits = (IntVector) halves.convertShape(VectorOperators.S2I, Vectors.INTS, 0);
            FloatVector w;
            if (bfloat) {
                w = bits.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
            } else {
                // Float.float16ToFloat in lanes (the Vector API has no fp16 conversion): shifted left
                // by 13, fp16's exponent and mantissa sit under float's; read as a float that is the
                // value times 2^-112, exactly, subnormals included, and multiplying by 2^112 is exact
                // too. Infinity and NaN (exponent 31) get float's all-ones exponent, which the
                // multiply keeps.
                VectorMask<Integer> special = bits.and(0x7C00).eq(0x7C00);
                w = bits.lanewise(VectorOperators.LSHL, 13)
                        .and(0x8FFF_E000)
                        .lanewise(VectorOperators.OR, 0x7000_0000, special)
                        .reinterpretAsFloats()
                        .mul(REBIAS);
            }
            sum = w.fma(FloatVector.fromArray(floats, x, xOffset + i), sum);
        }
        float result = sum.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            result += value(data, bfloat, start + i) * x[xOffset + i];
        }
        return result;
    }
}
