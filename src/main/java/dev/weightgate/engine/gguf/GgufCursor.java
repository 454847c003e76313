package dev.weightgate.engine.gguf;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Sequential little-endian reads from a mapped file. Every read checks the remaining bytes first, so a damaged file
 * yields a {@link GgufException} naming the offset instead of an out-of-bounds error or a huge allocation.
 */
final class GgufCursor {

    static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** llama.cpp refuses longer strings; the cap also keeps every string within one Java array. */
    static final long MAX_STRING_BYTES = 1L << 30;

    private final MemorySegment segment;
    private final long size;
    private long position;
    private byte[] scratch = new byte[256];

    GgufCursor(MemorySegment segment) {
        this.segment = segment;
        this.size = segment.byteSize();
    }

    long position() {
        return position;
    }

    long size() {
        return size;
    }

    long remaining() {
        return size - position;
    }

    /** Fails unless {@code bytes} more bytes can be read; {@code what} names the field for the message. */
    void require(long bytes, String what) {
        if (bytes > remaining()) {
            throw new GgufException(what + " at offset " + position + " needs " + bytes + " bytes, but the file ("
                    + size + " bytes) ends after " + remaining());
        }
    }

    byte i8(String what) {
        require(1, what);
        return segment.get(ValueLayout.JAVA_BYTE, position++);
    }

    short i16(String what) {
        require(2, what);
        short value = segment.get(I16, position);
        position += 2;
        return value;
    }

    int i32(String what) {
        require(4, what);
        int value = segment.get(I32, position);
        position += 4;
        return value;
    }

    long i64(String what) {
        require(8, what);
        long value = segment.get(I64, position);
        position += 8;
        return value;
    }

    float f32(String what) {
        require(4, what);
        float value = segment.get(F32, position);
        position += 4;
        return value;
    }

    double f64(String what) {
        require(8, what);
        double value = segment.get(F64, position);
        position += 8;
        return value;
    }

    /** A GGUF string: u64 byte length, then UTF-8 bytes (malformed sequences become U+FFFD). */
    String string(String what) {
        long lengthAt = position;
        long length = i64(what + " length");
        if (length < 0 || length > remaining()) {
            throw new GgufException(what + ": string length " + Long.toUnsignedString(length) + " at offset "
                    + lengthAt + " runs past the end of the file (" + size + " bytes)");
        }
        if (length > MAX_STRING_BYTES) {
            throw new GgufException(what + ": string length " + length + " at offset " + lengthAt
                    + " exceeds the limit of " + MAX_STRING_BYTES + " bytes");
        }
        int n = (int) length;
        if (n == 0) {
            // one shared instance: a damaged file full of empty strings must not cost an object each
            return "";
        }
        if (scratch.length < n) {
            scratch = new byte[Math.max(n, scratch.length * 2)];
        }
        MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, position, scratch, 0, n);
        position += n;
        return new String(scratch, 0, n, StandardCharsets.UTF_8);
    }

    /** Copies {@code n} elements of a fixed-size layout into {@code array} (bounds already checked by the caller). */
    void bulk(ValueLayout layout, Object array, int n) {
        long bytes = layout.byteSize() * n;
        require(bytes, "array data");
        switch (array) {
            case byte[] a -> MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, position, a, 0, n);
            case short[] a -> MemorySegment.copy(segment, I16, position, a, 0, n);
            case int[] a -> MemorySegment.copy(segment, I32, position, a, 0, n);
            case long[] a -> MemorySegment.copy(segment, I64, position, a, 0, n);
            case float[] a -> MemorySegment.copy(segment, F32, position, a, 0, n);
            case double[] a -> MemorySegment.copy(segment, F64, position, a, 0, n);
            default -> throw new IllegalArgumentException("no bulk copy into " + array.getClass());
        }
        position += bytes;
    }

    /** Moves to an absolute offset within the file. */
    void seek(long offset) {
        if (offset < 0 || offset > size) {
            throw new GgufException("offset " + offset + " is outside the file (" + size + " bytes)");
        }
        position = offset;
    }
}
