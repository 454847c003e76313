package dev.weightgate.engine.gguf;

import dev.weightgate.engine.tensor.GgmlType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads and validates the header, metadata and tensor table of a GGUF file (docs: ggml {@code docs/gguf.md};
 * llama.cpp {@code gguf_init_from_file_impl} for what a loader rejects). Tensor data is not touched, only located.
 */
final class GgufParser {

    static final int MAGIC = 0x46554747; // "GGUF" read as a little-endian u32
    static final int DEFAULT_ALIGNMENT = 32;
    static final String ALIGNMENT_KEY = "general.alignment";
    /** ggml's GGML_MAX_NAME is 64 including the terminating NUL. */
    static final int MAX_TENSOR_NAME_BYTES = 63;
    static final int MAX_DIMS = 4;
    /** llama.cpp's cap on array lengths; it also keeps every array within one Java array. */
    static final long MAX_ARRAY_ELEMENTS = 1L << 30;
    /** How deep arrays may nest (llama.cpp allows none; the spec sets no limit, so pick one that bounds recursion). */
    static final int MAX_ARRAY_NESTING = 4;
    static final int MAX_ALIGNMENT = 1 << 30;

    private static final int HEADER_BYTES = 24;
    // The smallest encodings: a KV with a 1-byte key and a 1-byte value; a tensor info with a 1-dimensional shape.
    private static final int MIN_KV_BYTES = 8 + 1 + 4 + 1;
    private static final int MIN_TENSOR_INFO_BYTES = 8 + 4 + 8 + 4 + 8;

    record Parsed(int version, GgufMetadata metadata, List<GgufTensorInfo> tensors, int alignment, long dataOffset) {
    }

    private final GgufCursor in;

    private GgufParser(MemorySegment file) {
        this.in = new GgufCursor(file);
    }

    static Parsed parse(MemorySegment file) {
        return new GgufParser(file).parse();
    }

    private Parsed parse() {
        int version = readHeaderMagicAndVersion();
        long tensorCount = in.i64("tensor count"); // int64_t n_tensors
        long kvCount = in.i64("metadata count"); // int64_t n_kv
        checkCount(tensorCount, MIN_TENSOR_INFO_BYTES, "tensor count", 8);
        checkCount(kvCount, MIN_KV_BYTES, "metadata count", 16);
        // each count is now at most the remaining bytes, so this sum cannot overflow
        if (tensorCount * MIN_TENSOR_INFO_BYTES + kvCount * MIN_KV_BYTES > in.remaining()) {
            throw new GgufException(tensorCount + " tensors and " + kvCount + " metadata entries cannot fit in the "
                    + in.remaining() + " bytes after the header");
        }

        GgufMetadata metadata = readMetadata(kvCount);
        int alignment = alignment(metadata);
        List<GgufTensorInfo> tensors = readTensorInfos(tensorCount, alignment);
        // The data section starts at the next multiple of the alignment after the tensor table.
        long dataOffset = alignUp(in.position(), alignment);
        checkPlacement(tensors, dataOffset);
        return new Parsed(version, metadata, List.copyOf(tensors), alignment, dataOffset);
    }

    private int readHeaderMagicAndVersion() {
        if (in.size() < 4) {
            throw new GgufException("file is " + in.size() + " bytes, too short to be a GGUF file");
        }
        int magic = in.i32("magic"); // uint32_t magic
        if (magic != MAGIC) {
            throw new GgufException(String.format("bad magic 0x%08X (expected 0x%08X, \"GGUF\"): not a GGUF file",
                    magic, MAGIC));
        }
        if (in.size() < HEADER_BYTES) {
            throw new GgufException("file is " + in.size() + " bytes, shorter than the " + HEADER_BYTES
                    + "-byte GGUF header");
        }
        int version = in.i32("version"); // uint32_t version
        if (version == 1) {
            throw new GgufException("unsupported GGUF version 1 (it used 32-bit counts); re-convert the model with a "
                    + "current llama.cpp");
        }
        if (version != 0 && (version & 0xFFFF) == 0) {
            // A big-endian file read as little-endian shows its version in the high bytes.
            throw new GgufException(String.format("GGUF version 0x%08X looks byte-swapped: big-endian files are not "
                    + "supported", version));
        }
        if (version != 2 && version != 3) {
            throw new GgufException("unsupported GGUF version " + Integer.toUnsignedString(version)
                    + " (supported: 2 and 3)");
        }
        return version;
    }

    private void checkCount(long count, int minBytesEach, String what, long countAt) {
        if (count < 0 || count > in.remaining() / minBytesEach) {
            throw new GgufException(what + " " + Long.toUnsignedString(count) + " at offset " + countAt
                    + " cannot fit in the " + in.remaining() + " bytes left in the file");
        }
    }

    private GgufMetadata readMetadata(long kvCount) {
        GgufMetadata.Builder metadata = GgufMetadata.builder();
        for (long i = 0; i < kvCount; i++) {
            long entryAt = in.position();
            String key = in.string("key of metadata entry " + i); // gguf_string_t key
            if (key.isEmpty()) {
                throw new GgufException("metadata entry " + i + " at offset " + entryAt + " has an empty key");
            }
            if (metadata.has(key)) {
                throw new GgufException("duplicate metadata key " + key + " at offset " + entryAt);
            }
            long typeAt = in.position();
            int typeId = in.i32("value type of " + key); // gguf_metadata_value_type value_type
            GgufValueType type = GgufValueType.fromId(typeId).orElseThrow(() -> new GgufException(
                    "metadata key " + key + " has unknown value type " + Integer.toUnsignedString(typeId)
                            + " at offset " + typeAt));
            metadata.put(key, type, readValue(type, key, 0));
        }
        return metadata.build();
    }

    private Object readValue(GgufValueType type, String key, int depth) {
        return switch (type) {
            case UINT8, INT8 -> in.i8(key);
            case UINT16, INT16 -> in.i16(key);
            case UINT32, INT32 -> in.i32(key);
            case UINT64, INT64 -> in.i64(key);
            case FLOAT32 -> in.f32(key);
            case FLOAT64 -> in.f64(key);
            case BOOL -> in.i8(key) != 0; // the spec allows only 0 and 1; llama.cpp reads any non-zero byte as true
            case STRING -> in.string(key);
            case ARRAY -> readArray(key, depth + 1);
        };
    }

    private GgufArray readArray(String key, int depth) {
        long headerAt = in.position();
        if (depth > MAX_ARRAY_NESTING) {
            throw new GgufException("metadata key " + key + ": arrays nested deeper than " + MAX_ARRAY_NESTING
                    + " levels at offset " + headerAt);
        }
        int typeId = in.i32("element type of " + key); // gguf_metadata_value_type type
        GgufValueType elementType = GgufValueType.fromId(typeId).orElseThrow(() -> new GgufException(
                "metadata key " + key + " is an array of unknown value type " + Integer.toUnsignedString(typeId)
                        + " at offset " + headerAt));
        long count = in.i64("length of " + key); // uint64_t len
        if (count < 0 || count > in.remaining() / elementType.minEncodedSize()) {
            throw new GgufException("metadata key " + key + ": array of " + Long.toUnsignedString(count) + " "
                    + elementType + " elements at offset " + headerAt + " cannot fit in the " + in.remaining()
                    + " bytes left in the file");
        }
        if (count > MAX_ARRAY_ELEMENTS) {
            throw new GgufException("metadata key " + key + ": array of " + count + " elements exceeds the limit of "
                    + MAX_ARRAY_ELEMENTS);
        }
        int n = (int) count;
        Object storage = switch (elementType) {
            case UINT8, INT8 -> bulk(ValueLayout.JAVA_BYTE, new byte[n]);
            case UINT16, INT16 -> bulk(GgufCursor.I16, new short[n]);
            case UINT32, INT32 -> bulk(GgufCursor.I32, new int[n]);
            case UINT64, INT64 -> bulk(GgufCursor.I64, new long[n]);
            case FLOAT32 -> bulk(GgufCursor.F32, new float[n]);
            case FLOAT64 -> bulk(GgufCursor.F64, new double[n]);
            case BOOL -> {
                byte[] bytes = bulk(ValueLayout.JAVA_BYTE, new byte[n]);
                boolean[] flags = new boolean[n];
                for (int i = 0; i < n; i++) {
                    flags[i] = bytes[i] != 0;
                }
                yield flags;
            }
            case STRING -> {
                String[] strings = new String[n];
                for (int i = 0; i < n; i++) {
                    strings[i] = in.string(key);
                }
                yield strings;
            }
            case ARRAY -> {
                GgufArray[] arrays = new GgufArray[n];
                for (int i = 0; i < n; i++) {
                    arrays[i] = readArray(key, depth + 1);
                }
                yield arrays;
            }
        };
        return GgufArray.wrap(elementType, storage);
    }

    private <A> A bulk(ValueLayout layout, A array) {
        in.bulk(layout, array, java.lang.reflect.Array.getLength(array));
        return array;
    }

    private static int alignment(GgufMetadata metadata) {
        if (!metadata.has(ALIGNMENT_KEY)) {
            return DEFAULT_ALIGNMENT;
        }
        if (metadata.typeOf(ALIGNMENT_KEY) != GgufValueType.UINT32) {
            throw new GgufException(ALIGNMENT_KEY + " has type " + metadata.typeOf(ALIGNMENT_KEY)
                    + ", expected UINT32");
        }
        long alignment = metadata.getLong(ALIGNMENT_KEY);
        if (alignment == 0 || Long.bitCount(alignment) != 1) {
            throw new GgufException(ALIGNMENT_KEY + " = " + alignment + " is not a positive power of two");
        }
        if (alignment > MAX_ALIGNMENT) {
            throw new GgufException(ALIGNMENT_KEY + " = " + alignment + " exceeds the supported maximum of "
                    + MAX_ALIGNMENT);
        }
        return (int) alignment;
    }

    private List<GgufTensorInfo> readTensorInfos(long tensorCount, int alignment) {
        List<GgufTensorInfo> tensors = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (long i = 0; i < tensorCount; i++) {
            long infoAt = in.position();
            String name = in.string("name of tensor " + i); // gguf_string_t name
            int nameBytes = name.getBytes(StandardCharsets.UTF_8).length;
            if (nameBytes > MAX_TENSOR_NAME_BYTES) {
                throw new GgufException("tensor name " + abbreviate(name) + " at offset " + infoAt + " is " + nameBytes
                        + " bytes; the limit is " + MAX_TENSOR_NAME_BYTES);
            }
            if (!names.add(name)) {
                throw new GgufException("duplicate tensor name " + name + " at offset " + infoAt);
            }
            int nDims = in.i32("dimension count of " + name); // uint32_t n_dimensions
            if (nDims < 1 || nDims > MAX_DIMS) {
                throw new GgufException("tensor " + name + " has " + Integer.toUnsignedString(nDims)
                        + " dimensions (allowed: 1 to " + MAX_DIMS + ")");
            }
            long[] shape = new long[nDims];
            long elements = 1;
            for (int d = 0; d < nDims; d++) {
                shape[d] = in.i64("dimension " + d + " of " + name); // uint64_t dimensions[n_dimensions]
                if (shape[d] <= 0) {
                    throw new GgufException("tensor " + name + " dimension " + d + " is "
                            + Long.toUnsignedString(shape[d]) + "; dimensions must be positive");
                }
                elements = multiply(elements, shape[d], name, shape);
            }
            int typeId = in.i32("type of " + name); // ggml_type type
            GgmlType type = tensorType(name, typeId);
            if (shape[0] % type.blockSize() != 0) {
                throw new GgufException("tensor " + name + ": row length " + shape[0] + " is not a multiple of the "
                        + type + " block size " + type.blockSize());
            }
            long byteSize = type.byteSize(shape[0]);
            for (int d = 1; d < nDims; d++) {
                byteSize = multiply(byteSize, shape[d], name, shape);
            }
            long offset = in.i64("data offset of " + name); // uint64_t offset
            if (offset < 0 || offset % alignment != 0) {
                throw new GgufException("tensor " + name + " offset " + Long.toUnsignedString(offset)
                        + " is not a multiple of the alignment " + alignment);
            }
            tensors.add(new GgufTensorInfo(name, shape, type, offset, byteSize));
        }
        return tensors;
    }

    private static GgmlType tensorType(String name, int typeId) {
        GgmlType type = GgmlType.fromId(typeId).orElseThrow(() -> new GgufException(GgmlType.retiredName(typeId)
                .map(retired -> "tensor " + name + " has type " + retired + " (id " + typeId
                        + "), which ggml has retired")
                .orElseGet(() -> "tensor " + name + " has unknown type id " + Integer.toUnsignedString(typeId))));
        if (!type.isSupported()) {
            throw new GgufException("tensor " + name + " has type " + type + " (id " + typeId
                    + "), which Weightgate does not support");
        }
        return type;
    }

    private static long multiply(long a, long b, String name, long[] shape) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            throw new GgufException("tensor " + name + " shape " + Arrays.toString(shape)
                    + " overflows a 64-bit element count");
        }
    }

    /** Every tensor must lie inside the file, and no two may share bytes. */
    private void checkPlacement(List<GgufTensorInfo> tensors, long dataOffset) {
        long fileSize = in.size();
        for (GgufTensorInfo tensor : tensors) {
            long start = dataOffset + tensor.offset();
            if (tensor.offset() > fileSize || start > fileSize || tensor.byteSize() > fileSize - start) {
                throw new GgufException("tensor " + tensor.name() + " ends at byte "
                        + endOf(dataOffset, tensor) + ", past the end of the file (" + fileSize + " bytes)");
            }
        }
        List<GgufTensorInfo> byOffset = new ArrayList<>(tensors);
        byOffset.sort(Comparator.comparingLong(GgufTensorInfo::offset));
        for (int i = 1; i < byOffset.size(); i++) {
            GgufTensorInfo previous = byOffset.get(i - 1);
            GgufTensorInfo next = byOffset.get(i);
            if (next.offset() < previous.offset() + previous.byteSize()) {
                throw new GgufException("tensors " + previous.name() + " and " + next.name() + " overlap: "
                        + previous.name() + " occupies data bytes " + previous.offset() + ".."
                        + (previous.offset() + previous.byteSize()) + ", " + next.name() + " starts at "
                        + next.offset());
            }
        }
    }

    private static String endOf(long dataOffset, GgufTensorInfo tensor) {
        // Printed as a decimal even when the sum overflows a long, so the message stays truthful.
        return java.math.BigInteger.valueOf(dataOffset).add(java.math.BigInteger.valueOf(tensor.offset()))
                .add(java.math.BigInteger.valueOf(tensor.byteSize())).toString();
    }

    static long alignUp(long offset, int alignment) {
        return offset + (alignment - offset % alignment) % alignment;
    }

    private static String abbreviate(String name) {
        return name.length() <= 80 ? name : name.substring(0, 80) + "...";
    }
}
