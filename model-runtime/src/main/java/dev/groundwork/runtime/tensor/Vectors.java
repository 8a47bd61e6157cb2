package dev.groundwork.runtime.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector species the kernels use: the platform's preferred width, or the bit width given by the
 * system property {@code groundwork.vector.bits} (128, 256 or 512), e.g. to test narrower paths.
 *
 * <p>The kernels write every load, conversion and lane sum out in place rather than calling helpers
 * that take or return vectors. The JIT compiles a Vector API operation into an instruction only
 * where it knows the vector's class, which across a method boundary holds only once the method is
 * inlined; and C2 declines to inline a call its profile shows as rare. That happens when a product
 * that had seen only Q8_0 weights is recompiled the moment Q4_0 weights arrive, with Q4_0's kernel
 * profiled only by the C1 tier that counts no calls: the helpers then ran the API's Java fallback,
 * and prompts through a Q4_0 model ran at 8 to 12 instead of 18 tokens/s whenever a Q8_0 model had
 * run first in the same JVM. The API's own methods are always inlined.
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
    static final VectorSpecies<Byte> BYTES =
            VectorSpecies.of(byte.class, VectorShape.forBitSize(Math.max(64, FLOATS.length() * Byte.SIZE)));

    /**
     * With 128-bit floats a load of {@link #BYTES} reads only its first 4 lanes ({@link #FLOAT_LANES}),
     * so as not to run past the data. A constant: the kernels' other branch folds away.
     */
    static final boolean MASKED_BYTES = BYTES.length() > FLOATS.length();

    static final VectorMask<Byte> FLOAT_LANES = BYTES.indexInRange(0, FLOATS.length());

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
}
