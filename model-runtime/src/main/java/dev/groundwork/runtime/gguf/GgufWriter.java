package dev.groundwork.runtime.gguf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Writes GGUF version 3 files: metadata, then tensors whose bytes are filled in place in the mapped
 * output file (so that files of gigabytes are written without holding them on the heap). Used by
 * tests and by the benchmark, which write model files of given shapes.
 *
 * <p>Metadata values are written with the type {@link GgufFile} reads them back as: {@code Integer}
 * as UINT32, {@code Long} as UINT64, {@code Float}, {@code Double}, {@code Boolean}, {@code
 * String}, {@code List<String>}, and {@code int[]}, {@code float[]} arrays (INT32, FLOAT32).
 */
public final class GgufWriter {

    private record PendingTensor(TensorInfo info, Consumer<MemorySegment> fill) {}

    private final Map<String, Object> metadata = new LinkedHashMap<>();
    private final List<PendingTensor> tensors = new ArrayList<>();
    private long dataBytes;

    public GgufWriter put(String key, Object value) {
        GgufValueType.of(value); // refuses what GGUF cannot hold
        metadata.put(key, value);
        return this;
    }

    /**
     * Adds a tensor of {@code type} and {@code shape} (ggml order); {@code fill} writes its bytes
     * into the segment it is given, which has exactly {@code type.bytes(elements)} bytes.
     */
    public GgufWriter tensor(String name, GgmlType type, long[] shape, Consumer<MemorySegment> fill) {
        TensorInfo info = new TensorInfo(name, type, shape, dataBytes);
        tensors.add(new PendingTensor(info, fill));
        dataBytes = align(dataBytes + info.bytes());
        return this;
    }

    public void write(Path path) {
        byte[] header = header();
        long dataStart = align(header.length);
        try (FileChannel channel = FileChannel.open(
                        path,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING,
                        StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
                Arena arena = Arena.ofShared()) {
            MemorySegment file = channel.map(FileChannel.MapMode.READ_WRITE, 0, dataStart + dataBytes, arena);
            MemorySegment.copy(MemorySegment.ofArray(header), 0, file, 0, header.length);
            for (PendingTensor tensor : tensors) {
                tensor.fill()
                        .accept(file.asSlice(
                                dataStart + tensor.info().offset(),
                                tensor.info().bytes()));
            }
            file.force();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + path, e);
        }
    }

    private static long align(long offset) {
        return (offset + GgufFile.DEFAULT_ALIGNMENT - 1) / GgufFile.DEFAULT_ALIGNMENT * GgufFile.DEFAULT_ALIGNMENT;
    }

    private byte[] header() {
        Out out = new Out();
        out.int32(GgufFile.MAGIC);
        out.int32(3);
        out.int64(tensors.size());
        out.int64(metadata.size());
        metadata.forEach((key, value) -> {
            out.string(key);
            out.value(value);
        });
        for (PendingTensor tensor : tensors) {
            TensorInfo info = tensor.info();
            out.string(info.name());
            out.int32(info.shape().length);
            for (long dimension : info.shape()) {
                out.int64(dimension);
            }
            out.int32(info.type().id());
            out.int64(info.offset());
        }
        return out.bytes();
    }

    /** A growing little-endian byte buffer. */
    private static final class Out {
        private ByteBuffer buffer = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);

        private ByteBuffer room(int bytes) {
            if (buffer.remaining() < bytes) {
                ByteBuffer bigger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + bytes))
                        .order(ByteOrder.LITTLE_ENDIAN);
                bigger.put(buffer.flip());
                buffer = bigger;
            }
            return buffer;
        }

        void int32(int value) {
            room(4).putInt(value);
        }

        void int64(long value) {
            room(8).putLong(value);
        }

        void string(String value) {
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            int64(bytes.length);
            room(bytes.length).put(bytes);
        }

        void value(Object value) {
            switch (value) {
                case Integer i -> {
                    int32(GgufValueType.UINT32.ordinal());
                    int32(i);
                }
                case Long l -> {
                    int32(GgufValueType.UINT64.ordinal());
                    int64(l);
                }
                case Float f -> {
                    int32(GgufValueType.FLOAT32.ordinal());
                    room(4).putFloat(f);
                }
                case Double d -> {
                    int32(GgufValueType.FLOAT64.ordinal());
                    room(8).putDouble(d);
                }
                case Boolean b -> {
                    int32(GgufValueType.BOOL.ordinal());
                    room(1).put((byte) (b ? 1 : 0));
                }
                case String s -> {
                    int32(GgufValueType.STRING.ordinal());
                    string(s);
                }
                case List<?> list -> {
                    int32(GgufValueType.ARRAY.ordinal());
                    int32(GgufValueType.STRING.ordinal());
                    int64(list.size());
                    list.forEach(item -> string((String) item));
                }
                case int[] ints -> {
                    int32(GgufValueType.ARRAY.ordinal());
                    int32(GgufValueType.INT32.ordinal());
                    int64(ints.length);
                    for (int i : ints) {
                        int32(i);
                    }
                }
                case float[] floats -> {
                    int32(GgufValueType.ARRAY.ordinal());
                    int32(GgufValueType.FLOAT32.ordinal());
                    int64(floats.length);
                    for (float f : floats) {
                        room(4).putFloat(f);
                    }
                }
                default ->
                    throw new IllegalArgumentException("GgufWriter cannot write " + GgufValueType.describe(value));
            }
        }

        byte[] bytes() {
            byte[] bytes = new byte[buffer.position()];
            buffer.flip().get(bytes);
            return bytes;
        }
    }
}
