package dev.weightgate.engine.gguf;

import dev.weightgate.engine.tensor.GgmlType;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Writes GGUF version 3 files in the layout llama.cpp's {@code gguf_write_to_file} produces: header, metadata,
 * tensor infos, zero padding to the alignment, then each tensor's data followed by zero padding to the alignment.
 * Tensor offsets are therefore the running sums of the padded sizes, which is what llama.cpp's reader demands.
 *
 * <p>As in ggml, trailing dimensions of size 1 are not written ({@code ggml_n_dims}), so a tensor added with shape
 * {@code {n, 1}} reads back as {@code {n}}. Arrays of arrays are written as the GGUF spec describes them, but
 * llama.cpp refuses to load files that contain one.
 */
public final class GgufWriter {

    /** Produces a tensor's bytes, for tensors too large to hold in memory at once. */
    @FunctionalInterface
    public interface TensorContent {
        /** Writes exactly the tensor's byte size to {@code out}. */
        void writeTo(OutputStream out) throws IOException;
    }

    private record PendingTensor(String name, long[] shape, GgmlType type, long byteSize, TensorContent content) {
    }

    private final GgufMetadata.Builder metadata = GgufMetadata.builder();
    private final List<PendingTensor> tensors = new ArrayList<>();
    private final Set<String> tensorNames = new HashSet<>();

    public static GgufWriter create() {
        return new GgufWriter();
    }

    /** Adds (or replaces) every entry of {@code entries}, in their order. */
    public GgufWriter putAll(GgufMetadata entries) {
        for (String key : entries.keys()) {
            metadata.copy(entries, key);
        }
        return this;
    }

    /** The metadata added so far, as it will be written. */
    public GgufMetadata metadata() {
        return metadata.build();
    }

    public GgufWriter put(String key, GgufValueType type, Object value) {
        metadata.put(key, type, value);
        return this;
    }

    public GgufWriter putString(String key, String value) {
        metadata.putString(key, value);
        return this;
    }

    public GgufWriter putBool(String key, boolean value) {
        metadata.putBool(key, value);
        return this;
    }

    public GgufWriter putUint8(String key, int value) {
        metadata.putUint8(key, value);
        return this;
    }

    public GgufWriter putInt8(String key, int value) {
        metadata.putInt8(key, value);
        return this;
    }

    public GgufWriter putUint16(String key, int value) {
        metadata.putUint16(key, value);
        return this;
    }

    public GgufWriter putInt16(String key, int value) {
        metadata.putInt16(key, value);
        return this;
    }

    public GgufWriter putUint32(String key, long value) {
        metadata.putUint32(key, value);
        return this;
    }

    public GgufWriter putInt32(String key, int value) {
        metadata.putInt32(key, value);
        return this;
    }

    public GgufWriter putUint64(String key, long bits) {
        metadata.putUint64(key, bits);
        return this;
    }

    public GgufWriter putInt64(String key, long value) {
        metadata.putInt64(key, value);
        return this;
    }

    public GgufWriter putFloat32(String key, float value) {
        metadata.putFloat32(key, value);
        return this;
    }

    public GgufWriter putFloat64(String key, double value) {
        metadata.putFloat64(key, value);
        return this;
    }

    public GgufWriter putArray(String key, GgufArray value) {
        metadata.putArray(key, value);
        return this;
    }

    /** Sets {@code general.alignment} (a u32, as llama.cpp requires); the default without it is 32. */
    public GgufWriter alignment(int alignment) {
        if (alignment <= 0 || Integer.bitCount(alignment) != 1 || alignment > GgufParser.MAX_ALIGNMENT) {
            throw new IllegalArgumentException("alignment " + alignment + " is not a power of two up to "
                    + GgufParser.MAX_ALIGNMENT);
        }
        metadata.putUint32(GgufParser.ALIGNMENT_KEY, alignment);
        return this;
    }

    /** Adds a tensor whose bytes are given; their count must match the shape and type. */
    public GgufWriter addTensor(String name, long[] shape, GgmlType type, byte[] data) {
        byte[] copy = data.clone();
        long byteSize = checkedByteSize(name, shape, type);
        if (copy.length != byteSize) {
            throw new IllegalArgumentException("tensor " + name + " " + type + " " + Arrays.toString(shape)
                    + " needs " + byteSize + " bytes, got " + copy.length);
        }
        return add(name, shape, type, byteSize, out -> out.write(copy));
    }

    /** Adds a tensor whose bytes are produced while the file is written. */
    public GgufWriter addTensor(String name, long[] shape, GgmlType type, TensorContent content) {
        Objects.requireNonNull(content, "content");
        return add(name, shape, type, checkedByteSize(name, shape, type), content);
    }

    private GgufWriter add(String name, long[] shape, GgmlType type, long byteSize, TensorContent content) {
        if (!tensorNames.add(name)) {
            throw new IllegalArgumentException("duplicate tensor name " + name);
        }
        tensors.add(new PendingTensor(name, trimTrailingOnes(shape), type, byteSize, content));
        return this;
    }

    private static long checkedByteSize(String name, long[] shape, GgmlType type) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        int nameBytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (nameBytes > GgufParser.MAX_TENSOR_NAME_BYTES) {
            throw new IllegalArgumentException("tensor name " + name + " is " + nameBytes + " bytes; the limit is "
                    + GgufParser.MAX_TENSOR_NAME_BYTES);
        }
        if (shape.length < 1 || shape.length > GgufParser.MAX_DIMS) {
            throw new IllegalArgumentException("tensor " + name + " has " + shape.length + " dimensions (allowed: 1 to "
                    + GgufParser.MAX_DIMS + ")");
        }
        for (long dim : shape) {
            if (dim <= 0) {
                throw new IllegalArgumentException("tensor " + name + " shape " + Arrays.toString(shape)
                        + " has a non-positive dimension");
            }
        }
        if (shape[0] % type.blockSize() != 0) {
            throw new IllegalArgumentException("tensor " + name + ": row length " + shape[0]
                    + " is not a multiple of the " + type + " block size " + type.blockSize());
        }
        long size = type.byteSize(shape[0]);
        for (int d = 1; d < shape.length; d++) {
            size = Math.multiplyExact(size, shape[d]);
        }
        return size;
    }

    private static long[] trimTrailingOnes(long[] shape) {
        int n = shape.length;
        while (n > 1 && shape[n - 1] == 1) {
            n--;
        }
        return Arrays.copyOf(shape, n);
    }

    /** Writes the file, replacing any existing one. */
    public void write(Path path) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(path), 1 << 16)) {
            writeTo(out);
        }
    }

    /** The whole file as bytes (for small files and tests). */
    public byte[] toByteArray() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            writeTo(bytes);
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        }
        return bytes.toByteArray();
    }

    /** Writes the file to a stream (not closed). */
    public void writeTo(OutputStream stream) throws IOException {
        GgufMetadata entries = metadata.build();
        int alignment = alignmentOf(entries);
        LittleEndianOutput out = new LittleEndianOutput(stream);

        out.u32(GgufParser.MAGIC);
        out.u32(3);
        out.u64(tensors.size());
        out.u64(entries.size());
        for (String key : entries.keys()) {
            out.string(key);
            out.u32(entries.typeOf(key).id());
            writeValue(out, entries.typeOf(key), entries.get(key));
        }
        long offset = 0;
        for (PendingTensor tensor : tensors) {
            out.string(tensor.name());
            out.u32(tensor.shape().length);
            for (long dim : tensor.shape()) {
                out.u64(dim);
            }
            out.u32(tensor.type().id());
            out.u64(offset);
            offset += GgufParser.alignUp(tensor.byteSize(), alignment);
        }
        out.padTo(alignment);
        for (PendingTensor tensor : tensors) {
            long start = out.written();
            tensor.content().writeTo(out.stream());
            long produced = out.written() - start;
            if (produced != tensor.byteSize()) {
                throw new IllegalStateException("tensor " + tensor.name() + " content wrote " + produced
                        + " bytes, expected " + tensor.byteSize());
            }
            out.padTo(alignment);
        }
        out.stream().flush();
    }

    private static int alignmentOf(GgufMetadata entries) {
        if (!entries.has(GgufParser.ALIGNMENT_KEY)) {
            return GgufParser.DEFAULT_ALIGNMENT;
        }
        if (entries.typeOf(GgufParser.ALIGNMENT_KEY) != GgufValueType.UINT32) {
            throw new IllegalStateException(GgufParser.ALIGNMENT_KEY + " must be a UINT32");
        }
        long alignment = entries.getLong(GgufParser.ALIGNMENT_KEY);
        if (alignment == 0 || Long.bitCount(alignment) != 1 || alignment > GgufParser.MAX_ALIGNMENT) {
            throw new IllegalStateException(GgufParser.ALIGNMENT_KEY + " = " + alignment
                    + " is not a power of two up to " + GgufParser.MAX_ALIGNMENT);
        }
        return (int) alignment;
    }

    private static void writeValue(LittleEndianOutput out, GgufValueType type, Object value) throws IOException {
        switch (type) {
            case UINT8, INT8 -> out.u8((Byte) value);
            case UINT16, INT16 -> out.u16((Short) value);
            case UINT32, INT32 -> out.u32((Integer) value);
            case UINT64, INT64 -> out.u64((Long) value);
            case FLOAT32 -> out.u32(Float.floatToRawIntBits((Float) value));
            case FLOAT64 -> out.u64(Double.doubleToRawLongBits((Double) value));
            case BOOL -> out.u8((Boolean) value ? 1 : 0);
            case STRING -> out.string((String) value);
            case ARRAY -> writeArray(out, (GgufArray) value);
        }
    }

    private static void writeArray(LittleEndianOutput out, GgufArray array) throws IOException {
        out.u32(array.elementType().id());
        out.u64(array.size());
        for (int i = 0; i < array.size(); i++) {
            writeValue(out, array.elementType(), array.get(i));
        }
    }

    /** Counts what it writes so padding can be computed from the absolute position. */
    private static final class LittleEndianOutput {
        private final OutputStream target;
        private final OutputStream counting;
        private long written;
        private final byte[] buffer = new byte[8];

        LittleEndianOutput(OutputStream target) {
            this.target = target;
            this.counting = new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    LittleEndianOutput.this.target.write(b);
                    written++;
                }

                @Override
                public void write(byte[] bytes, int offset, int length) throws IOException {
                    LittleEndianOutput.this.target.write(bytes, offset, length);
                    written += length;
                }
            };
        }

        OutputStream stream() {
            return counting;
        }

        long written() {
            return written;
        }

        void u8(int value) throws IOException {
            counting.write(value);
        }

        void u16(int value) throws IOException {
            little(value, 2);
        }

        void u32(int value) throws IOException {
            little(value, 4);
        }

        void u64(long value) throws IOException {
            little(value, 8);
        }

        private void little(long value, int bytes) throws IOException {
            for (int i = 0; i < bytes; i++) {
                buffer[i] = (byte) (value >>> (8 * i));
            }
            counting.write(buffer, 0, bytes);
        }

        void string(String text) throws IOException {
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            u64(utf8.length);
            counting.write(utf8, 0, utf8.length);
        }

        void padTo(int alignment) throws IOException {
            long padding = GgufParser.alignUp(written, alignment) - written;
            for (long i = 0; i < padding; i++) {
                counting.write(0);
            }
        }
    }
}
