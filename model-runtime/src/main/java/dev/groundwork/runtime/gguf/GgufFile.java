package dev.groundwork.runtime.gguf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A GGUF file opened for reading: its metadata and tensor descriptions are parsed at open, and its
 * tensor data stays in the memory-mapped file. Close it to unmap; segments handed out before become
 * unusable.
 */
public final class GgufFile implements AutoCloseable {

    static final int MAGIC = 0x46554747; // "GGUF" read little-endian
    static final int DEFAULT_ALIGNMENT = 32;
    /** No real file comes near these; a corrupt count must not make us allocate gigabytes. */
    private static final long MAX_COUNT = 1L << 24;

    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort SHORT =
            ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat FLOAT =
            ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfDouble DOUBLE =
            ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final Path path;
    private final Arena arena;
    private final MemorySegment file;
    private final int version;
    private final GgufMetadata metadata;
    private final Map<String, TensorInfo> tensors;
    private final long dataStart;

    private GgufFile(Path path, Arena arena, MemorySegment file) {
        this.path = path;
        this.arena = arena;
        this.file = file;
        Cursor in = new Cursor(file);
        if (file.byteSize() < 4 || in.int32() != MAGIC) {
            throw new GgufFormatException(path + " is not a GGUF file (it does not start with \"GGUF\")");
        }
        this.version = in.int32();
        if (version != 2 && version != 3) {
            throw new GgufFormatException("GGUF version %d; expected 2 or 3".formatted(version));
        }
        long tensorCount = in.count("tensor count");
        long keyCount = in.count("metadata key count");
        Map<String, Object> values = new LinkedHashMap<>();
        for (long i = 0; i < keyCount; i++) {
            String key = in.string("metadata key");
            GgufValueType type = GgufValueType.ofId(in.int32(), key);
            if (values.put(key, in.value(type, key)) != null) {
                throw new GgufFormatException("GGUF key " + key + " appears twice");
            }
        }
        this.metadata = new GgufMetadata(values);
        long alignment = metadata.optionalInteger("general.alignment").orElse((long) DEFAULT_ALIGNMENT);
        if (alignment <= 0 || Long.bitCount(alignment) != 1) {
            throw new GgufFormatException("general.alignment is %d; expected a power of two".formatted(alignment));
        }
        Map<String, TensorInfo> infos = new LinkedHashMap<>();
        for (long i = 0; i < tensorCount; i++) {
            String name = in.string("tensor name");
            int dimensions = in.int32();
            if (dimensions < 1 || dimensions > 4) {
                throw new GgufFormatException(
                        "tensor %s has %d dimensions; expected 1 to 4".formatted(name, dimensions));
            }
            long[] shape = new long[dimensions];
            for (int d = 0; d < dimensions; d++) {
                shape[d] = in.int64();
            }
            int typeId = in.int32();
            GgmlType type;
            try {
                type = GgmlType.ofId(typeId);
            } catch (GgufFormatException e) {
                throw new GgufFormatException("tensor %s has unknown type id %d".formatted(name, typeId));
            }
            long offset = in.int64();
            if (offset % alignment != 0) {
                throw new GgufFormatException("tensor %s starts at offset %d, not a multiple of the alignment %d"
                        .formatted(name, offset, alignment));
            }
            if (infos.put(name, new TensorInfo(name, type, shape, offset)) != null) {
                throw new GgufFormatException("tensor " + name + " appears twice");
            }
        }
        this.tensors = Collections.unmodifiableMap(infos);
        this.dataStart = (in.position + alignment - 1) / alignment * alignment;
        for (TensorInfo tensor : tensors.values()) {
            long end = dataStart + tensor.offset() + tensor.bytes();
            if (end > file.byteSize()) {
                throw new GgufFormatException("%s is truncated: tensor %s ends at byte %d but the file has %d bytes"
                        .formatted(path.getFileName(), tensor.name(), end, file.byteSize()));
            }
        }
    }

    /** Opens and maps {@code path}; the header must be valid and every tensor inside the file. */
    public static GgufFile open(Path path) {
        Arena arena = Arena.ofShared();
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            MemorySegment file = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size(), arena);
            return new GgufFile(path, arena, file);
        } catch (IOException e) {
            arena.close();
            throw new UncheckedIOException("Cannot read " + path, e);
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    public Path path() {
        return path;
    }

    public int version() {
        return version;
    }

    public GgufMetadata metadata() {
        return metadata;
    }

    /** Tensor descriptions by name, in file order. */
    public Map<String, TensorInfo> tensors() {
        return tensors;
    }

    public TensorInfo tensor(String name) {
        TensorInfo tensor = tensors.get(name);
        if (tensor == null) {
            throw new GgufFormatException("%s has no tensor %s".formatted(path.getFileName(), name));
        }
        return tensor;
    }

    /** The bytes of {@code tensor}, inside the mapped file. */
    public MemorySegment data(TensorInfo tensor) {
        return file.asSlice(dataStart + tensor.offset(), tensor.bytes());
    }

    /** Bytes of the file, header included. */
    public long byteSize() {
        return file.byteSize();
    }

    @Override
    public void close() {
        arena.close();
    }

    /** Reads little-endian values one after another, with a clear error at the end of the file. */
    private final class Cursor {
        private final MemorySegment segment;
        private long position;

        Cursor(MemorySegment segment) {
            this.segment = segment;
        }

        private void need(long bytes, String what) {
            if (bytes < 0 || position + bytes > segment.byteSize()) {
                throw new GgufFormatException("%s is truncated: %s at byte %d runs past its end (%d bytes)"
                        .formatted(path.getFileName(), what, position, segment.byteSize()));
            }
        }

        int int32() {
            need(4, "a 32-bit value");
            int value = segment.get(INT, position);
            position += 4;
            return value;
        }

        long int64() {
            need(8, "a 64-bit value");
            long value = segment.get(LONG, position);
            position += 8;
            return value;
        }

        long count(String what) {
            long count = int64();
            if (count < 0 || count > MAX_COUNT) {
                throw new GgufFormatException(
                        "GGUF %s is %s; the file is corrupt".formatted(what, Long.toUnsignedString(count)));
            }
            return count;
        }

        String string(String what) {
            long length = int64();
            if (length < 0) {
                throw new GgufFormatException("GGUF %s at byte %d has length %s; the file is corrupt"
                        .formatted(what, position - 8, Long.toUnsignedString(length)));
            }
            need(length, what);
            byte[] bytes = segment.asSlice(position, length).toArray(ValueLayout.JAVA_BYTE);
            position += length;
            // GGUF strings are UTF-8; vocabularies keep raw bytes as tokens like <0x0A>, not as text.
            return new String(bytes, StandardCharsets.UTF_8);
        }

        Object value(GgufValueType type, String key) {
            return switch (type) {
                case UINT8, INT8 -> {
                    need(1, key);
                    yield segment.get(ValueLayout.JAVA_BYTE, position++);
                }
                case UINT16, INT16 -> {
                    need(2, key);
                    short value = segment.get(SHORT, position);
                    position += 2;
                    yield value;
                }
                case UINT32, INT32 -> int32();
                case UINT64, INT64 -> int64();
                case FLOAT32 -> {
                    need(4, key);
                    float value = segment.get(FLOAT, position);
                    position += 4;
                    yield value;
                }
                case FLOAT64 -> {
                    need(8, key);
                    double value = segment.get(DOUBLE, position);
                    position += 8;
                    yield value;
                }
                case BOOL -> {
                    need(1, key);
                    byte value = segment.get(ValueLayout.JAVA_BYTE, position++);
                    if (value != 0 && value != 1) {
                        throw new GgufFormatException("GGUF key %s is a boolean of value %d".formatted(key, value));
                    }
                    yield value == 1;
                }
                case STRING -> string(key);
                case ARRAY -> array(key);
            };
        }

        private Object array(String key) {
            GgufValueType type = GgufValueType.ofId(int32(), key);
            long count = count("array length of " + key);
            int n = (int) count;
            return switch (type) {
                case UINT8, INT8 -> {
                    need(n, key);
                    byte[] values = segment.asSlice(position, n).toArray(ValueLayout.JAVA_BYTE);
                    position += n;
                    yield values;
                }
                case UINT16, INT16 -> {
                    need(2L * n, key);
                    short[] values = new short[n];
                    for (int i = 0; i < n; i++) {
                        values[i] = (short) value(type, key);
                    }
                    yield values;
                }
                case UINT32, INT32 -> {
                    need(4L * n, key);
                    int[] values = new int[n];
                    for (int i = 0; i < n; i++) {
                        values[i] = int32();
                    }
                    yield values;
                }
                case UINT64, INT64 -> {
                    need(8L * n, key);
                    long[] values = new long[n];
                    for (int i = 0; i < n; i++) {
                        values[i] = int64();
                    }
                    yield values;
                }
                case FLOAT32 -> {
                    need(4L * n, key);
                    float[] values = new float[n];
                    for (int i = 0; i < n; i++) {
                        values[i] = (float) value(type, key);
                    }
                    yield values;
                }
                case FLOAT64 -> {
                    need(8L * n, key);
                    double[] values = new double[n];
                    for (int i = 0; i < n; i++) {
                        values[i] = (double) value(type, key);
                    }
                    yield values;
                }
                case BOOL -> {
                    boolean[] values = new boolean[n];
                    for (int i = 0; i < n; i++) {
                        values[i] = (boolean) value(type, key);
                    }
                    yield values;
                }
                case STRING -> {
                    List<String> values = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        values.add(string(key));
                    }
                    yield Collections.unmodifiableList(values);
                }
                case ARRAY ->
                    throw new GgufFormatException("GGUF key %s is an array of arrays; not supported".formatted(key));
            };
        }
    }
}
