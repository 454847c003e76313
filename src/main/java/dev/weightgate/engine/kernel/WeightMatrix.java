package dev.weightgate.engine.kernel;

import dev.weightgate.engine.tensor.GgmlType;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * A weight matrix as ggml stores it: {@code rows} rows of {@code cols} elements of one {@link GgmlType}, row after
 * row, in a segment that is normally a slice of a memory-mapped GGUF file (never copied). The product with a vector
 * {@code x} of length {@code cols} is {@code y[r] = sum_c W[r][c] * x[c]}.
 *
 * @param name  tensor name, for messages
 * @param type  element type
 * @param data  the rows; at least {@code rows * rowBytes()} bytes
 * @param rows  output length ({@code ne[1]})
 * @param cols  input length ({@code ne[0]}), a whole number of blocks
 */
public record WeightMatrix(String name, GgmlType type, MemorySegment data, int rows, int cols) {

    public WeightMatrix {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
        if (rows <= 0 || cols <= 0) {
            throw new IllegalArgumentException(name + ": shape " + cols + " x " + rows + " is not positive");
        }
        if (!type.isSupported()) {
            throw new IllegalArgumentException(name + ": type " + type + " is not supported");
        }
        long need = Math.multiplyExact(type.byteSize(cols), (long) rows);
        if (data.byteSize() < need) {
            throw new IllegalArgumentException(name + ": " + rows + " rows of " + cols + " " + type + " need " + need
                    + " bytes, the segment has " + data.byteSize());
        }
    }

    /** Bytes of one row. */
    public long rowBytes() {
        return type.byteSize(cols);
    }

    /** Decodes row {@code row} into {@code dst[offset .. offset + cols)} with the exact scalar dequantizer. */
    public void dequantizeRow(int row, float[] dst, int offset) {
        Objects.checkIndex(row, rows);
        type.dequantize(data, row * rowBytes(), dst, offset, cols);
    }
}
