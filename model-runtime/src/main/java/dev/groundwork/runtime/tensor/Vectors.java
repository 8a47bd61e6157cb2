package dev.groundwork.runtime.tensor;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector species the kernels use: the platform's preferred width, or the bit width given by the
 * system property {@code groundwork.vector.bits} (128, 256 or 512), e.g. to test narrower paths.
 */
final class Vectors {

    static final VectorSpecies<Float> FLOATS = species();

    /** Ints in as many lanes as {@link #FLOATS}: nibbles and bit fields are unpacked in these. */
    static final VectorSpecies<Integer> INTS = FLOATS.withLanes(int.class);

    /** 16-bit values in as many lanes as {@link #FLOATS}: loads of F16 and BF16 weights. */
    static final VectorSpecies<Short> SHORTS =
            VectorSpecies.of(short.class, VectorShape.forBitSize(FLOATS.length() * Short.SIZE));

    /**
     * Bytes in as many lanes as {@link #FLOATS}, or 8 with 128-bit floats: there is no byte vector
     * narrower than 64 bits.
     */
    private static final VectorSpecies<Byte> BYTES =
            VectorSpecies.of(byte.class, VectorShape.forBitSize(Math.max(64, FLOATS.length() * Byte.SIZE)));

    /** With 128-bit floats a byte load reads only its first 4 lanes, so as not to run past the data. */
    private static final boolean MASKED_BYTES = BYTES.length() > FLOATS.length();

    private static final VectorMask<Byte> FLOAT_LANES = BYTES.indexInRange(0, FLOATS.length());

    /**
     * For the {@link IntegerDot} kernels: 16-bit lanes in a vector of {@link #FLOATS}' width, at most
     * 256 bits (a Q4_0 block's 16 bytes fill 16 lanes), holding products of two 8-bit values.
     */
    static final VectorSpecies<Short> PRODUCTS =
            VectorSpecies.of(short.class, VectorShape.forBitSize(Math.min(256, FLOATS.vectorBitSize())));

    /** Bytes that widen into {@link #PRODUCTS}: half its width. */
    static final VectorSpecies<Byte> PRODUCT_BYTES =
            VectorSpecies.of(byte.class, VectorShape.forBitSize(PRODUCTS.vectorBitSize() / 2));

    /** Ints of {@link #PRODUCTS}' width: the sums of its lanes in pairs. */
    static final VectorSpecies<Integer> PRODUCT_INTS = PRODUCTS.withLanes(int.class);

    /** Floats of {@link #PRODUCTS}' width. */
    static final VectorSpecies<Float> PRODUCT_FLOATS = PRODUCTS.withLanes(float.class);

    private Vectors() {}

    private static VectorSpecies<Float> species() {
        String bits = System.getProperty("groundwork.vector.bits");
        if (bits == null) {
            return FloatVector.SPECIES_PREFERRED;
        }
        return FloatVector.SPECIES_PREFERRED.withShape(VectorShape.forBitSize(Integer.parseInt(bits)));
    }

    /**
     * The {@code FLOATS.length()} signed bytes at {@code offset}, each in an int lane. The kernels
     * load one float vector's worth of bytes at a time: widening part of a wider load costs a lane
     * shuffle, and its code would make the kernels too large for the JIT to inline their helpers.
     */
    static IntVector bytesToInts(MemorySegment data, long offset) {
        return (IntVector) bytes(data, offset).convertShape(VectorOperators.B2I, INTS, 0);
    }

    /** {@link #bytesToInts} as floats. */
    static FloatVector bytesToFloats(MemorySegment data, long offset) {
        return (FloatVector) bytes(data, offset).convertShape(VectorOperators.B2F, FLOATS, 0);
    }

    private static ByteVector bytes(MemorySegment data, long offset) {
        return MASKED_BYTES
                ? ByteVector.fromMemorySegment(BYTES, data, offset, ByteOrder.LITTLE_ENDIAN, FLOAT_LANES)
                : ByteVector.fromMemorySegment(BYTES, data, offset, ByteOrder.LITTLE_ENDIAN);
    }

    /** The {@code PRODUCTS.length()} signed bytes at {@code offset}, each in a 16-bit lane. */
    static ShortVector bytesToShorts(MemorySegment data, long offset) {
        return (ShortVector) ByteVector.fromMemorySegment(PRODUCT_BYTES, data, offset, ByteOrder.LITTLE_ENDIAN)
                .convertShape(VectorOperators.B2S, PRODUCTS, 0);
    }

    /** The {@code PRODUCTS.length()} unsigned bytes at {@code offset}, each in a 16-bit lane. */
    static ShortVector unsignedBytesToShorts(MemorySegment data, long offset) {
        return (ShortVector) ByteVector.fromMemorySegment(PRODUCT_BYTES, data, offset, ByteOrder.LITTLE_ENDIAN)
                .convertShape(VectorOperators.ZERO_EXTEND_B2S, PRODUCTS, 0);
    }

    /**
     * The 16-bit lanes of {@code products} summed in adjacent pairs, as 32-bit ints: the low lane
     * sign-extended plus the high one. Exact for any lane values.
     */
    static IntVector pairSums(ShortVector products) {
        IntVector pairs = products.reinterpretAsInts();
        return pairs.lanewise(VectorOperators.LSHL, 16)
                .lanewise(VectorOperators.ASHR, 16)
                .add(pairs.lanewise(VectorOperators.ASHR, 16));
    }

    /**
     * {@link #pairSums} in one operation fewer, where every pair sums to less than 2<sup>15</sup> in
     * magnitude: the int lane {@code hi:lo} plus itself shifted left by 16 has {@code hi + lo} in its
     * upper half, which the arithmetic shift brings down with its sign.
     */
    static IntVector smallPairSums(ShortVector products) {
        IntVector pairs = products.reinterpretAsInts();
        return pairs.add(pairs.lanewise(VectorOperators.LSHL, 16)).lanewise(VectorOperators.ASHR, 16);
    }

    static FloatVector toFloats(IntVector ints) {
        return (FloatVector) ints.convert(VectorOperators.I2F, 0);
    }
}
