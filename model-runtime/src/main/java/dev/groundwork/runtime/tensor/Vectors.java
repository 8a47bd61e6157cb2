package dev.groundwork.runtime.tensor;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
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

    static FloatVector toFloats(IntVector ints) {
        return (FloatVector) ints.convert(VectorOperators.I2F, 0);
    }
}
