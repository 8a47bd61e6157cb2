package dev.groundwork.runtime.gguf;

/**
 * The tensor element types of ggml, with their ids in GGUF files and their block layouts: {@code
 * blockSize} values are stored in {@code blockBytes} bytes.
 */
public enum GgmlType {
    F32(0, 1, 4),
    F16(1, 1, 2),
    Q4_0(2, 32, 2 + 16),
    Q4_1(3, 32, 2 + 2 + 16),
    Q5_0(6, 32, 2 + 4 + 16),
    Q5_1(7, 32, 2 + 2 + 4 + 16),
    Q8_0(8, 32, 2 + 32),
    Q8_1(9, 32, 2 + 2 + 32),
    Q2_K(10, 256, 16 + 64 + 2 + 2),
    Q3_K(11, 256, 32 + 64 + 12 + 2),
    /** Super-blocks of 256: fp16 scale and min, 12 bytes of 6-bit sub-block scales and mins, 128 bytes of nibbles. */
    Q4_K(12, 256, 2 + 2 + 12 + 128),
    /** As Q4_K plus 32 bytes of fifth bits. */
    Q5_K(13, 256, 2 + 2 + 12 + 32 + 128),
    /** 128 bytes of low nibbles, 64 of high 2 bits, 16 signed 8-bit sub-block scales, fp16 scale. */
    Q6_K(14, 256, 128 + 64 + 16 + 2),
    Q8_K(15, 256, 4 + 256 + 32),
    IQ2_XXS(16, 256, 2 + 64),
    IQ2_XS(17, 256, 2 + 64 + 8),
    IQ3_XXS(18, 256, 2 + 96),
    IQ1_S(19, 256, 2 + 32 + 16),
    IQ4_NL(20, 32, 2 + 16),
    IQ3_S(21, 256, 2 + 64 + 8 + 32 + 4),
    IQ2_S(22, 256, 2 + 64 + 8 + 8),
    IQ4_XS(23, 256, 2 + 2 + 4 + 128),
    I8(24, 1, 1),
    I16(25, 1, 2),
    I32(26, 1, 4),
    I64(27, 1, 8),
    F64(28, 1, 8),
    IQ1_M(29, 256, 32 + 16 + 8),
    BF16(30, 1, 2),
    TQ1_0(34, 256, 48 + 4 + 2),
    TQ2_0(35, 256, 2 + 64),
    MXFP4(39, 32, 1 + 16);

    private final int id;
    private final int blockSize;
    private final int blockBytes;

    GgmlType(int id, int blockSize, int blockBytes) {
        this.id = id;
        this.blockSize = blockSize;
        this.blockBytes = blockBytes;
    }

    /** The type with GGUF id {@code id}. */
    public static GgmlType ofId(int id) {
        for (GgmlType type : values()) {
            if (type.id == id) {
                return type;
            }
        }
        throw new GgufFormatException("unknown tensor type id " + id);
    }

    public int id() {
        return id;
    }

    /** Values per block. */
    public int blockSize() {
        return blockSize;
    }

    /** Bytes per block. */
    public int blockBytes() {
        return blockBytes;
    }

    /** Bytes that {@code elements} values take; {@code elements} must be whole blocks. */
    public long bytes(long elements) {
        if (elements % blockSize != 0) {
            throw new GgufFormatException(
                    "%d values of type %s are not whole blocks of %d".formatted(elements, this, blockSize));
        }
        return elements / blockSize * blockBytes;
    }
}
