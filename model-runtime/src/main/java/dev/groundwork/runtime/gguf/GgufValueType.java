package dev.groundwork.runtime.gguf;

import java.util.List;

/** The value types of GGUF metadata, with their ids in the file. */
enum GgufValueType {
    UINT8,
    INT8,
    UINT16,
    INT16,
    UINT32,
    INT32,
    FLOAT32,
    BOOL,
    STRING,
    ARRAY,
    UINT64,
    INT64,
    FLOAT64;

    static GgufValueType ofId(int id, String key) {
        if (id < 0 || id >= values().length) {
            throw new GgufFormatException("GGUF key %s has unknown value type id %d".formatted(key, id));
        }
        return values()[id];
    }

    /** The type a value read from a file (or to be written) has, for messages and for the writer. */
    static GgufValueType of(Object value) {
        return switch (value) {
            case Byte b -> INT8;
            case Short s -> INT16;
            case Integer i -> INT32;
            case Long l -> INT64;
            case Float f -> FLOAT32;
            case Double d -> FLOAT64;
            case Boolean b -> BOOL;
            case String s -> STRING;
            case List<?> l -> ARRAY;
            case byte[] a -> ARRAY;
            case short[] a -> ARRAY;
            case int[] a -> ARRAY;
            case long[] a -> ARRAY;
            case float[] a -> ARRAY;
            case double[] a -> ARRAY;
            case boolean[] a -> ARRAY;
            default -> throw new IllegalArgumentException("not a GGUF value: " + value.getClass());
        };
    }

    static String describe(Object value) {
        return switch (value) {
            case List<?> list -> "an array of " + list.size() + " strings";
            case byte[] a -> "an array of " + a.length + " 8-bit integers";
            case short[] a -> "an array of " + a.length + " 16-bit integers";
            case int[] a -> "an array of " + a.length + " 32-bit integers";
            case long[] a -> "an array of " + a.length + " 64-bit integers";
            case float[] a -> "an array of " + a.length + " FLOAT32";
            case double[] a -> "an array of " + a.length + " FLOAT64";
            case boolean[] a -> "an array of " + a.length + " booleans";
            case String s -> "a string";
            default -> "a " + of(value).name().toLowerCase(java.util.Locale.ROOT) + " (" + value + ")";
        };
    }
}
