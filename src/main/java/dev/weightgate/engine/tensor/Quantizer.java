package dev.weightgate.engine.tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * Float to block conversion for the types the writer needs to produce from real values, following ggml's
 * reference quantizers ({@code quantize_row_q4_0_ref}, {@code quantize_row_q8_0_ref}) and its F16/BF16 rounding,
 * so files written here hold the same bytes llama.cpp's {@code llama-quantize} would write from the same floats.
 */
public final class Quantizer {

    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private Quantizer() {
    }

    /** True for the types {@link #quantize} can produce. */
    public static boolean canQuantize(GgmlType type) {
        return switch (type) {
            case F32, F16, BF16, Q8_0, Q4_0 -> true;
            default -> false;
        };
    }

    /** Quantizes all of {@code values} (a whole number of blocks) into a new array. */
    public static byte[] quantize(GgmlType type, float[] values) {
        byte[] out = new byte[Math.toIntExact(type.byteSize(values.length))];
        quantize(type, values, 0, values.length, out, 0);
        return out;
    }

    /**
     * Quantizes {@code count} values starting at {@code srcOffset} into {@code dst} at {@code dstOffset}.
     *
     * @throws UnsupportedOperationException if {@link #canQuantize} is false for the type
     * @throws IllegalArgumentException      if {@code count} is not a whole number of blocks
     */
    public static void quantize(GgmlType type, float[] src, int srcOffset, int count, byte[] dst, int dstOffset) {
        if (!canQuantize(type)) {
            throw new UnsupportedOperationException("no quantizer for " + type);
        }
        long bytes = type.byteSize(count);
        Objects.checkFromIndexSize(srcOffset, count, src.length);
        Objects.checkFromIndexSize(dstOffset, Math.toIntExact(bytes), dst.length);
        MemorySegment out = MemorySegment.ofArray(dst);
        int blocks = count / type.blockSize();
        for (int b = 0; b < blocks; b++) {
            int in = srcOffset + b * type.blockSize();
            long at = dstOffset + (long) b * type.bytesPerBlock();
            switch (type) {
                case F32 -> out.set(F32, at, src[in]);
                case F16 -> out.set(U16, at, Float.floatToFloat16(src[in]));
                case BF16 -> out.set(U16, at, floatToBf16(src[in]));
                case Q8_0 -> q8_0(src, in, out, at);
                case Q4_0 -> q4_0(src, in, out, at);
                default -> throw new UnsupportedOperationException("no quantizer for " + type);
            }
        }
    }

    /**
     * Float to bfloat16 as ggml's {@code ggml_compute_fp32_to_bf16}: round to nearest even, NaNs kept quiet
     * (plain truncation could turn a NaN whose payload sits in the low bits into infinity).
     */
    public static short floatToBf16(float value) {
        int bits = Float.floatToRawIntBits(value);
        if ((bits & 0x7FFFFFFF) > 0x7F800000) {
            return (short) ((bits >>> 16) | 64);
        }
        int roundingBias = 0x7FFF + ((bits >>> 16) & 1);
        return (short) ((bits + roundingBias) >>> 16);
    }

    // quantize_row_q8_0_ref: d = max|x| / 127, q = round-half-away(x / d).
    private static void q8_0(float[] src, int in, MemorySegment out, long at) {
        float amax = 0;
        for (int j = 0; j < 32; j++) {
            amax = Math.max(amax, Math.abs(src[in + j]));
        }
        float d = amax / 127;
        float id = d != 0 ? 1.0f / d : 0.0f;
        out.set(U16, at, Float.floatToFloat16(d));
        for (int j = 0; j < 32; j++) {
            out.set(ValueLayout.JAVA_BYTE, at + 2 + j, (byte) roundHalfAwayFromZero(src[in + j] * id));
        }
    }

    // quantize_row_q4_0_ref: d = (the value of largest magnitude) / -8, q = min(15, trunc(x / d + 8.5)).
    private static void q4_0(float[] src, int in, MemorySegment out, long at) {
        float amax = 0;
        float max = 0;
        for (int j = 0; j < 32; j++) {
            float v = src[in + j];
            if (amax < Math.abs(v)) {
                amax = Math.abs(v);
                max = v;
            }
        }
        float d = max / -8;
        float id = d != 0 ? 1.0f / d : 0.0f;
        out.set(U16, at, Float.floatToFloat16(d));
        for (int j = 0; j < 16; j++) {
            int low = Math.min(15, (byte) (int) (src[in + j] * id + 8.5f));
            int high = Math.min(15, (byte) (int) (src[in + 16 + j] * id + 8.5f));
            out.set(ValueLayout.JAVA_BYTE, at + 2 + j, (byte) (low | high << 4));
        }
    }

    /** C's {@code roundf}: halves go away from zero (Math.round would send -2.5 to -2). */
    static int roundHalfAwayFromZero(float value) {
        return (int) Math.copySign(Math.floor(Math.abs((double) value) + 0.5), value);
    }
}
