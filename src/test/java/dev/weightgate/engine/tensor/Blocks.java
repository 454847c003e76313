package dev.weightgate.engine.tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/** Hand-assembled block bytes for tests: little-endian helpers over a byte array. */
final class Blocks {

    private final byte[] bytes;

    Blocks(int size) {
        this.bytes = new byte[size];
    }

    Blocks f16(int at, int bits) {
        return u16(at, bits);
    }

    Blocks u16(int at, int bits) {
        bytes[at] = (byte) bits;
        bytes[at + 1] = (byte) (bits >>> 8);
        return this;
    }

    Blocks u8(int at, int... values) {
        for (int i = 0; i < values.length; i++) {
            bytes[at + i] = (byte) values[i];
        }
        return this;
    }

    Blocks fill(int from, int to, int value) {
        for (int i = from; i < to; i++) {
            bytes[i] = (byte) value;
        }
        return this;
    }

    byte[] bytes() {
        return bytes;
    }

    MemorySegment segment() {
        return MemorySegment.ofArray(bytes);
    }

    static float[] dequantize(GgmlType type, byte[] bytes) {
        int count = bytes.length / type.bytesPerBlock() * type.blockSize();
        float[] out = new float[count];
        type.dequantize(MemorySegment.ofArray(bytes), 0, out, 0, count);
        return out;
    }

    static int u16At(byte[] bytes, int at) {
        return MemorySegment.ofArray(bytes).get(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), at)
                & 0xFFFF;
    }
}
