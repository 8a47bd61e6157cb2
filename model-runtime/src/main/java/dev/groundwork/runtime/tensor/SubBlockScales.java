package dev.groundwork.runtime.tensor;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The scale side of the Q4_K and Q5_K integer kernels: for one super-block, each sub-block's scale
 * and min term, computed eight sub-blocks at a time in vector lanes, and the min terms summed in a
 * vector rather than one by one. Done in scalars one sub-block at a time, this part took nearly as
 * long as the products; in lanes the Q4_K kernel ran 1.19 to 1.24 times as fast (random 8192 x 2048
 * and 512 x 2048 matrices, one thread, medians of 27 alternating passes), Q5_K's about 1.07 times
 * (medians of seven JVMs each, which scattered from 2.4 to 4.0 Gweights/s). One instance per kernel
 * call holds the scratch arrays; no vector passes in or out, for the reason in {@link Vectors}.
 */
final class SubBlockScales {

    private static final int SUB_BLOCKS = Q4KTensor.BLOCK_SIZE / Q4KTensor.SUB_BLOCK;

    /** Four ints hold the 16 six-bit values, one per byte: the 8 scales, then the 8 mins. */
    private static final VectorSpecies<Integer> FOUR_INTS = IntVector.SPECIES_128;

    private final int[] packed = new int[4];

    /** Per sub-block j of the super-block last read: {@code d scale_j dx_j}, the integer sum's factor. */
    final float[] scales = new float[SUB_BLOCKS];

    /**
     * Per sub-block j: {@code dmin min_j dx_j Σ q}, where {@code Σ q} sums the activations' integers:
     * the term the kernel subtracts, since a value is {@code d scale_j q - dmin min_j}.
     */
    final float[] mins = new float[SUB_BLOCKS];

    /** Reads the super-block at {@code block}, whose sub-blocks meet activation blocks {@code first..first+7}. */
    void read(MemorySegment data, long block, Q8Activations x, int first) {
        float d = Q4KTensor.float16(data, block + Q4KTensor.SCALE);
        float dmin = Q4KTensor.float16(data, block + Q4KTensor.MIN);
        long scaleBytes = Q4KTensor.subScales(data, block);
        long minBytes = Q4KTensor.subMins(data, block);
        packed[0] = (int) scaleBytes;
        packed[1] = (int) (scaleBytes >>> 32);
        packed[2] = (int) minBytes;
        packed[3] = (int) (minBytes >>> 32);
        ByteVector sixBits = IntVector.fromArray(FOUR_INTS, packed, 0).reinterpretAsBytes();
        var floats = Vectors.PRODUCT_FLOATS;
        int lanes = floats.length();
        // Part p of the 16 bytes widened to floats holds values p * lanes..: scales first, then mins.
        for (int j = 0; j < SUB_BLOCKS; j += lanes) {
            ((FloatVector) sixBits.convertShape(VectorOperators.B2F, floats, j / lanes))
                    .mul(d)
                    .mul(FloatVector.fromArray(floats, x.scales, first + j))
                    .intoArray(scales, j);
            ((FloatVector) sixBits.convertShape(VectorOperators.B2F, floats, (SUB_BLOCKS + j) / lanes))
                    .mul(dmin)
                    .mul(FloatVector.fromArray(floats, x.scaledSums, first + j))
                    .intoArray(mins, j);
        }
    }
}
