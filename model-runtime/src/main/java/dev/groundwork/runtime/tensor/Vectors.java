package dev.groundwork.runtime.tensor;

import jdk.incubator.vector.FloatVector;
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
     * Bytes in as many lanes as {@link #FLOATS}, but never fewer than 8 (the narrowest byte vector is
     * 64 bits): with 128-bit floats one load of quantized bytes fills two float vectors.
     */
    static final VectorSpecies<Byte> BYTES =
            VectorSpecies.of(byte.class, VectorShape.forBitSize(Math.max(64, FLOATS.length() * Byte.SIZE)));

    /** Float vectors that one load of {@link #BYTES} widens to: 1, or 2 with 128-bit floats. */
    static final int PARTS = BYTES.length() / FLOATS.length();

    private Vectors() {}

    private static VectorSpecies<Float> species() {
        String bits = System.getProperty("groundwork.vector.bits");
        if (bits == null) {
            return FloatVector.SPECIES_PREFERRED;
        }
        return FloatVector.SPECIES_PREFERRED.withShape(VectorShape.forBitSize(Integer.parseInt(bits)));
    }
}
