package dev.weightgate.engine.tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Random weights for demo and test models, in any supported type, with values of roughly a chosen standard
 * deviation and mean zero, so a forward pass through them stays finite.
 *
 * <p>Types with a {@link Quantizer} get normally distributed floats quantized for real. The others get random
 * quants under scales picked so each block centres on zero; they are valid blocks, not the quantization of any
 * particular floats, which is all a random-weight model needs.
 */
public final class RandomBlocks {

    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private RandomBlocks() {
    }

    /** Fills {@code count} elements (a whole number of blocks) of {@code type} into {@code dst} at {@code offset}. */
    public static void fill(GgmlType type, RandomGenerator random, float std, byte[] dst, int offset, int count) {
        if (!type.isSupported()) {
            throw new UnsupportedOperationException("cannot generate " + type);
        }
        long bytes = type.byteSize(count);
        Objects.checkFromIndexSize(offset, Math.toIntExact(bytes), dst.length);
        if (Quantizer.canQuantize(type)) {
            float[] values = new float[count];
            for (int i = 0; i < count; i++) {
                values[i] = (float) (random.nextGaussian() * std);
            }
            Quantizer.quantize(type, values, 0, count, dst, offset);
            return;
        }
        MemorySegment out = MemorySegment.ofArray(dst);
        int blocks = count / type.blockSize();
        for (int b = 0; b < blocks; b++) {
            long at = offset + (long) b * type.bytesPerBlock();
            randomBytes(random, out, at, type.bytesPerBlock());
            switch (type) {
                // q uniform in 0..15 has mean 7.5 and standard deviation ~4.6
                case Q4_1 -> minBlock(out, at, std / 4.6f, 7.5f);
                // q uniform in 0..31: mean 15.5, standard deviation ~9.2
                case Q5_1 -> minBlock(out, at, std / 9.2f, 15.5f);
                // q - 16 uniform in -16..15: standard deviation ~9.2
                case Q5_0 -> out.set(U16, at, Float.floatToFloat16(std / 9.2f));
                case MXFP4 -> out.set(ValueLayout.JAVA_BYTE, at, mxfp4Exponent(std));
                case Q2_K -> q2_K(random, out, at, std);
                case Q3_K -> q3_K(random, out, at, std);
                case Q4_K -> kScales(random, out, at, at + 4, std / (48 * 4.6f), 7.5f);
                case Q5_K -> kScales(random, out, at, at + 4, std / (48 * 9.2f), 15.5f);
                case Q6_K -> q6_K(random, out, at, std);
                default -> throw new UnsupportedOperationException("cannot generate " + type);
            }
        }
    }

    private static void randomBytes(RandomGenerator random, MemorySegment out, long at, int n) {
        for (int i = 0; i < n; i++) {
            out.set(ValueLayout.JAVA_BYTE, at + i, (byte) random.nextInt(256));
        }
    }

    /** Q4_1/Q5_1: {@code x = d q + m} with {@code m = -mean d}, so the block centres on zero. */
    private static void minBlock(MemorySegment out, long at, float d, float meanQ) {
        out.set(U16, at, Float.floatToFloat16(d));
        out.set(U16, at + 2, Float.floatToFloat16(-meanQ * d));
    }

    /** The E8M0 exponent e with 2^(e-128) closest to std / 5.85 (the RMS of the doubled E2M1 table). */
    private static byte mxfp4Exponent(float std) {
        long e = Math.round(Math.log(std / 5.85) / Math.log(2)) + 128;
        return (byte) Math.clamp(e, 2, 254);
    }

    /** Q2_K: each 16-element group gets scale s (8..15) and min s, with dmin = 1.5 d, centring q (0..3) at 1.5. */
    private static void q2_K(RandomGenerator random, MemorySegment out, long at, float std) {
        float d = std / (11.5f * 1.118f);
        for (int s = 0; s < 16; s++) {
            int scale = 8 + random.nextInt(8);
            out.set(ValueLayout.JAVA_BYTE, at + s, (byte) (scale | scale << 4));
        }
        out.set(U16, at + 80, Float.floatToFloat16(d));
        out.set(U16, at + 82, Float.floatToFloat16(1.5f * d));
    }

    /** Q3_K: sixteen positive 6-bit scales (stored + 32), q in -4..3 (standard deviation ~2.29). */
    private static void q3_K(RandomGenerator random, MemorySegment out, long at, float std) {
        long scales = at + 96;
        for (int i = 0; i < 12; i++) {
            out.set(ValueLayout.JAVA_BYTE, scales + i, (byte) 0);
        }
        for (int s = 0; s < 16; s++) {
            int stored = 32 + 16 + random.nextInt(16);
            int low = stored & 0x0F;
            int high = stored >>> 4;
            long lowAt = scales + (s % 8);
            int shift = s < 8 ? 0 : 4;
            or(out, lowAt, low << shift);
            or(out, scales + 8 + s % 4, high << (2 * (s / 4)));
        }
        out.set(U16, at + 108, Float.floatToFloat16(std / (24 * 2.29f)));
    }

    /**
     * Q4_K/Q5_K: eight 6-bit scales in 32..63, each with min = scale, and dmin = meanQ d, so
     * {@code d sc q - dmin m = d sc (q - meanQ)}.
     */
    private static void kScales(RandomGenerator random, MemorySegment out, long at, long scales, float d, float meanQ) {
        int[] sc = new int[8];
        for (int j = 0; j < 8; j++) {
            sc[j] = 32 + random.nextInt(32);
        }
        packScaleMinK4(sc, sc, out, scales);
        out.set(U16, at, Float.floatToFloat16(d));
        out.set(U16, at + 2, Float.floatToFloat16(meanQ * d));
    }

    /** The inverse of {@code get_scale_min_k4}: eight 6-bit scales and mins into 12 bytes. */
    static void packScaleMinK4(int[] scales, int[] mins, MemorySegment out, long at) {
        for (int j = 0; j < 4; j++) {
            out.set(ValueLayout.JAVA_BYTE, at + j, (byte) ((scales[j] & 63) | (scales[j + 4] >>> 4) << 6));
            out.set(ValueLayout.JAVA_BYTE, at + j + 4, (byte) ((mins[j] & 63) | (mins[j + 4] >>> 4) << 6));
            out.set(ValueLayout.JAVA_BYTE, at + j + 8, (byte) ((scales[j + 4] & 0x0F) | (mins[j + 4] & 0x0F) << 4));
        }
    }

    /** Q6_K: sixteen int8 scales in 32..95, q in -32..31 (standard deviation ~18.5). */
    private static void q6_K(RandomGenerator random, MemorySegment out, long at, float std) {
        for (int s = 0; s < 16; s++) {
            out.set(ValueLayout.JAVA_BYTE, at + 192 + s, (byte) (32 + random.nextInt(64)));
        }
        out.set(U16, at + 208, Float.floatToFloat16(std / (64 * 18.5f)));
    }

    private static void or(MemorySegment out, long at, int bits) {
        byte current = out.get(ValueLayout.JAVA_BYTE, at);
        out.set(ValueLayout.JAVA_BYTE, at, (byte) (current | bits));
    }
}
