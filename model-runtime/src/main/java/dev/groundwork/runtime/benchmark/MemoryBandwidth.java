package dev.groundwork.runtime.benchmark;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** Streaming read bandwidth of main memory: sums a buffer far larger than the caches with vector loads. */
public final class MemoryBandwidth {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    private MemoryBandwidth() {}

    /** Bytes per second read by {@code threads} threads over {@code bytes} of memory; the best of {@code repeats}. */
    public static double measure(int threads, long bytes, int repeats) {
        try (Arena arena = Arena.ofShared();
                ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            MemorySegment buffer = arena.allocate(bytes, 64);
            buffer.fill((byte) 1);
            double best = 0;
            for (int r = 0; r < repeats; r++) {
                long started = System.nanoTime();
                List<Future<Float>> parts = new ArrayList<>();
                long part = bytes / threads / SPECIES.vectorByteSize() * SPECIES.vectorByteSize();
                for (int t = 0; t < threads; t++) {
                    MemorySegment slice = buffer.asSlice(t * part, part);
                    parts.add(pool.submit(() -> sum(slice)));
                }
                for (Future<Float> future : parts) {
                    future.get(); // the sums leave through the futures, so the reads cannot be optimised away
                }
                double seconds = (System.nanoTime() - started) / 1e9;
                best = Math.max(best, part * threads / seconds);
            }
            return best;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    private static float sum(MemorySegment segment) {
        // Four accumulators: enough loads in flight that the memory, not the add latency, is the limit.
        FloatVector a = FloatVector.zero(SPECIES);
        FloatVector b = a;
        FloatVector c = a;
        FloatVector d = a;
        long step = SPECIES.vectorByteSize();
        long end = segment.byteSize() - 4 * step;
        long i = 0;
        for (; i <= end; i += 4 * step) {
            a = a.add(FloatVector.fromMemorySegment(SPECIES, segment, i, ByteOrder.LITTLE_ENDIAN));
            b = b.add(FloatVector.fromMemorySegment(SPECIES, segment, i + step, ByteOrder.LITTLE_ENDIAN));
            c = c.add(FloatVector.fromMemorySegment(SPECIES, segment, i + 2 * step, ByteOrder.LITTLE_ENDIAN));
            d = d.add(FloatVector.fromMemorySegment(SPECIES, segment, i + 3 * step, ByteOrder.LITTLE_ENDIAN));
        }
        return a.add(b).add(c).add(d).reduceLanes(VectorOperators.ADD);
    }
}
