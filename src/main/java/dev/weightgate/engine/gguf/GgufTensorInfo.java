package dev.weightgate.engine.gguf;

import dev.weightgate.engine.tensor.GgmlType;
import java.util.Arrays;
import java.util.Objects;

/**
 * One entry of a GGUF file's tensor table.
 *
 * @param name     tensor name, such as {@code blk.0.attn_q.weight}
 * @param shape    dimensions in ggml order: {@code shape[0]} is the innermost, contiguous one (row length)
 * @param type     element type
 * @param offset   start of the data, relative to {@link GgufFile#dataOffset()}
 * @param byteSize bytes of data
 */
public record GgufTensorInfo(String name, long[] shape, GgmlType type, long offset, long byteSize) {

    public GgufTensorInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        shape = shape.clone();
    }

    /** A copy of the dimensions, innermost first. */
    @Override
    public long[] shape() {
        return shape.clone();
    }

    public int nDims() {
        return shape.length;
    }

    /** Dimension {@code i} (innermost = 0); 1 beyond the stored dimensions, as ggml pads to four. */
    public long dim(int i) {
        return i < shape.length ? shape[i] : 1;
    }

    public long elementCount() {
        long count = 1;
        for (long d : shape) {
            count *= d;
        }
        return count;
    }

    /** Bytes of one row ({@code shape[0]} elements). */
    public long rowBytes() {
        return type.byteSize(shape[0]);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof GgufTensorInfo that
                && name.equals(that.name) && Arrays.equals(shape, that.shape) && type == that.type
                && offset == that.offset && byteSize == that.byteSize;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, Arrays.hashCode(shape), type, offset, byteSize);
    }

    @Override
    public String toString() {
        return name + " " + type + " " + Arrays.toString(shape) + " @" + offset + " (" + byteSize + " bytes)";
    }
}
