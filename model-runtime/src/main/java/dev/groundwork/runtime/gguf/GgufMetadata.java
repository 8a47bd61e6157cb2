package dev.groundwork.runtime.gguf;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The key-value metadata of a GGUF file, with typed accessors whose errors name the key and what
 * was found there. Values are kept as read: numbers as their Java boxed type ({@code UINT32} as
 * {@link Integer} bits, {@code UINT64} as {@link Long}), strings, booleans, and arrays as {@code
 * int[]}, {@code long[]}, {@code float[]}, {@code double[]}, {@code boolean[]}, {@code byte[]},
 * {@code short[]} or {@code List<String>}.
 */
public final class GgufMetadata {

    private final Map<String, Object> values;

    public GgufMetadata(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public Map<String, Object> asMap() {
        return values;
    }

    public boolean contains(String key) {
        return values.containsKey(key);
    }

    public String string(String key) {
        return optionalString(key).orElseThrow(() -> missing(key, "a string"));
    }

    public Optional<String> optionalString(String key) {
        return Optional.ofNullable(values.get(key)).map(value -> {
            if (value instanceof String string) {
                return string;
            }
            throw wrongType(key, value, "a string");
        });
    }

    /** An integer of any width as a long; UINT32 and UINT64 values above the signed range are refused. */
    public long integer(String key) {
        return optionalInteger(key).orElseThrow(() -> missing(key, "an integer"));
    }

    public Optional<Long> optionalInteger(String key) {
        return Optional.ofNullable(values.get(key)).map(value -> switch (value) {
            case Byte b -> (long) b;
            case Short s -> (long) s;
            case Integer i -> (long) i;
            case Long l -> l;
            default -> throw wrongType(key, value, "an integer");
        });
    }

    /** A 32-bit integer that must be positive (a count or a size). */
    public int positiveInt(String key) {
        long value = integer(key);
        if (value <= 0 || value > Integer.MAX_VALUE) {
            throw new GgufFormatException("GGUF key %s is %d; expected a positive 32-bit count".formatted(key, value));
        }
        return (int) value;
    }

    public Optional<Double> optionalReal(String key) {
        return Optional.ofNullable(values.get(key)).map(value -> switch (value) {
            case Float f -> (double) f;
            case Double d -> d;
            default -> throw wrongType(key, value, "a floating-point number");
        });
    }

    public Optional<Boolean> optionalBool(String key) {
        return Optional.ofNullable(values.get(key)).map(value -> {
            if (value instanceof Boolean bool) {
                return bool;
            }
            throw wrongType(key, value, "a boolean");
        });
    }

    @SuppressWarnings("unchecked")
    public List<String> strings(String key) {
        Object value = values.get(key);
        if (value == null) {
            throw missing(key, "an array of strings");
        }
        if (value instanceof List<?> list) {
            return (List<String>) list;
        }
        throw wrongType(key, value, "an array of strings");
    }

    public Optional<List<String>> optionalStrings(String key) {
        return contains(key) ? Optional.of(strings(key)) : Optional.empty();
    }

    public Optional<float[]> optionalFloats(String key) {
        return Optional.ofNullable(values.get(key)).map(value -> {
            if (value instanceof float[] floats) {
                return floats;
            }
            throw wrongType(key, value, "an array of FLOAT32");
        });
    }

    /** An array of 32-bit integers (INT32 or UINT32 bits), such as token types. */
    public Optional<int[]> optionalInts(String key) {
        return Optional.ofNullable(values.get(key)).map(value -> {
            if (value instanceof int[] ints) {
                return ints;
            }
            throw wrongType(key, value, "an array of 32-bit integers");
        });
    }

    private static GgufFormatException missing(String key, String expected) {
        return new GgufFormatException("GGUF key %s is missing; expected %s".formatted(key, expected));
    }

    private static GgufFormatException wrongType(String key, Object value, String expected) {
        return new GgufFormatException(
                "GGUF key %s holds %s; expected %s".formatted(key, GgufValueType.describe(value), expected));
    }
}
