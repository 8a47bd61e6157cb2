package dev.groundwork.runtime.gguf;

import java.util.Arrays;

/**
 * One tensor of a GGUF file: its name, element type, shape in ggml order ({@code shape[0]} values
 * are contiguous: a 2-D weight of shape {@code [n_in, n_out]} is {@code n_out} rows of {@code n_in}
 * values) and the offset of its data from the start of the data section.
 */
public record TensorInfo(String name, GgmlType type, long[] shape, long offset) {

    public TensorInfo {
        shape = shape.clone();
        for (long dimension : shape) {
            if (dimension <= 0) {
                throw new GgufFormatException("tensor %s has shape %s; every dimension must be positive"
                        .formatted(name, Arrays.toString(shape)));
            }
        }
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** The size of dimension {@code i}, 1 beyond the tensor's dimensions. */
    public long dimension(int i) {
        return i < shape.length ? shape[i] : 1;
    }

    public long elements() {
        long elements = 1;
        for (long dimension : shape) {
            elements = Math.multiplyExact(elements, dimension);
        }
        return elements;
    }

    public long bytes() {
        if (shape[0] % type.blockSize() != 0) {
            throw new GgufFormatException("tensor %s has rows of %d values, not whole %s blocks of %d"
                    .formatted(name, shape[0], type, type.blockSize()));
        }
        return type.bytes(elements());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TensorInfo that
                && name.equals(that.name)
                && type == that.type
                && Arrays.equals(shape, that.shape)
                && offset == that.offset;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + " " + type + " " + Arrays.toString(shape);
    }
}
