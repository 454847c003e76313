package dev.weightgate.engine.tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * Scalar decoding of ggml blocks into floats: the reference every faster kernel is checked against.
 *
 * <p>Each method restates one {@code dequantize_row_*} of {@code ggml-quants.c}, keeping its order of float
 * operations (for example {@code (d * scale) * q - (dmin * min)} for the K-quants), because a different
 * association rounds differently and the results would no longer match ggml bit for bit.
 */
final class Dequantizer {

    static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** MXFP4's E2M1 values doubled, so they are integers ({@code kvalues_mxfp4} in ggml-common.h). */
    static final int[] MXFP4_VALUES = {0, 1, 2, 3, 4, 6, 8, 12, 0, -1, -2, -3, -4, -6, -8, -12};

    private Dequantizer() {
    }

    static void dequantize(GgmlType type, MemorySegment src, long offset, float[] dst, int dstOffset, int count) {
        if (!type.isSupported()) {
            throw new UnsupportedOperationException("cannot dequantize " + type + ": type not supported");
        }
        if (count < 0 || count % type.blockSize() != 0) {
            throw new IllegalArgumentException(
                    count + " elements of " + type + " are not a whole number of " + type.blockSize() + "-element blocks");
        }
        Objects.checkFromIndexSize(dstOffset, count, dst.length);
        int blocks = count / type.blockSize();
        for (int b = 0; b < blocks; b++) {
            long block = offset + (long) b * type.bytesPerBlock();
            int out = dstOffset + b * type.blockSize();
            switch (type) {
                case F32 -> dst[out] = src.get(F32, block);
                case F16 -> dst[out] = f16(src, block);
                case BF16 -> dst[out] = Float.intBitsToFloat((src.get(U16, block) & 0xFFFF) << 16);
                case Q4_0 -> q4_0(src, block, dst, out);
                case Q4_1 -> q4_1(src, block, dst, out);
                case Q5_0 -> q5_0(src, block, dst, out);
                case Q5_1 -> q5_1(src, block, dst, out);
                case Q8_0 -> q8_0(src, block, dst, out);
                case MXFP4 -> mxfp4(src, block, dst, out);
                case Q2_K -> q2_K(src, block, dst, out);
                case Q3_K -> q3_K(src, block, dst, out);
                case Q4_K -> q4_K(src, block, dst, out);
                case Q5_K -> q5_K(src, block, dst, out);
                case Q6_K -> q6_K(src, block, dst, out);
                default -> throw new UnsupportedOperationException("cannot dequantize " + type);
            }
        }
    }

    static float f16(MemorySegment src, long at) {
        return Float.float16ToFloat(src.get(U16, at));
    }

    private static int u8(MemorySegment src, long at) {
        return src.get(ValueLayout.JAVA_BYTE, at) & 0xFF;
    }

    private static int i8(MemorySegment src, long at) {
        return src.get(ValueLayout.JAVA_BYTE, at);
    }

    // block_q4_0: d (f16), qs[16]; byte j holds element j (low nibble) and j + 16 (high nibble).
    private static void q4_0(MemorySegment src, long block, float[] dst, int out) {
        float d = f16(src, block);
        for (int j = 0; j < 16; j++) {
            int q = u8(src, block + 2 + j);
            dst[out + j] = ((q & 0x0F) - 8) * d;
            dst[out + j + 16] = ((q >>> 4) - 8) * d;
        }
    }

    // block_q4_1: d (f16), m (f16), qs[16].
    private static void q4_1(MemorySegment src, long block, float[] dst, int out) {
        float d = f16(src, block);
        float m = f16(src, block + 2);
        for (int j = 0; j < 16; j++) {
            int q = u8(src, block + 4 + j);
            dst[out + j] = (q & 0x0F) * d + m;
            dst[out + j + 16] = (q >>> 4) * d + m;
        }
    }

    // block_q5_0: d (f16), qh (u32, bit k = fifth bit of element k), qs[16].
    private static void q5_0(MemorySegment src, long block, float[] dst, int out) {
        float d = f16(src, block);
        int qh = src.get(U32, block + 2);
        for (int j = 0; j < 16; j++) {
            int q = u8(src, block + 6 + j);
            int high0 = ((qh >>> j) << 4) & 0x10;
            int high1 = (qh >>> (j + 12)) & 0x10;
            dst[out + j] = (((q & 0x0F) | high0) - 16) * d;
            dst[out + j + 16] = (((q >>> 4) | high1) - 16) * d;
        }
    }

    // block_q5_1: d (f16), m (f16), qh (u32), qs[16].
    private static void q5_1(MemorySegment src, long block, float[] dst, int out) {
        float d = f16(src, block);
        float m = f16(src, block + 2);
        int qh = src.get(U32, block + 4);
        for (int j = 0; j < 16; j++) {
            int q = u8(src, block + 8 + j);
            int high0 = ((qh >>> j) << 4) & 0x10;
            int high1 = (qh >>> (j + 12)) & 0x10;
            dst[out + j] = ((q & 0x0F) | high0) * d + m;
            dst[out + j + 16] = ((q >>> 4) | high1) * d + m;
        }
    }

    // block_q8_0: d (f16), qs int8[32].
    private static void q8_0(MemorySegment src, long block, float[] dst, int out) {
        float d = f16(src, block);
        for (int j = 0; j < 32; j++) {
            dst[out + j] = i8(src, block + 2 + j) * d;
        }
    }

    // block_mxfp4: e (E8M0 shared exponent), qs[16] with E2M1 nibbles in the q4_0 order.
    private static void mxfp4(MemorySegment src, long block, float[] dst, int out) {
        float d = e8m0Half(u8(src, block));
        for (int j = 0; j < 16; j++) {
            int q = u8(src, block + 1 + j);
            dst[out + j] = MXFP4_VALUES[q & 0x0F] * d;
            dst[out + j + 16] = MXFP4_VALUES[q >>> 4] * d;
        }
    }

    /**
     * 2^(e - 128): half the E8M0 scale, because {@link #MXFP4_VALUES} are doubled. Exponents 0 and 1 give
     * subnormals, built from their bit patterns as ggml's {@code ggml_e8m0_to_fp32_half} does.
     */
    static float e8m0Half(int e) {
        int bits = e < 2 ? 0x00200000 << e : (e - 1) << 23;
        return Float.intBitsToFloat(bits);
    }

    // block_q2_K: scales[16] (low nibble scale, high nibble min), qs[64], d (f16), dmin (f16).
    private static void q2_K(MemorySegment src, long block, float[] dst, int out) {
        float d = f16(src, block + 80);
        float dmin = f16(src, block + 82);
        int scale = 0;
        for (int half = 0; half < 2; half++) {
            long qs = block + 16 + 32L * half;
            for (int shift = 0; shift < 8; shift += 2) {
                for (int part = 0; part < 2; part++) {
                    int sc = u8(src, block + scale++);
                    float dl = d * (sc & 0x0F);
                    float ml = dmin * (sc >>> 4);
                    for (int l = 0; l < 16; l++) {
                        int q = (u8(src, qs + 16 * part + l) >>> shift) & 3;
                        dst[out++] = dl * q - ml;
                    }
                }
            }
        }
    }

    // block_q3_K: hmask[32], qs[64], scales[12] (sixteen 6-bit signed scales), d (f16).
    private static void q3_K(MemorySegment src, long block, float[] dst, int out) {
        float d = f16(src, block + 108);
        int scale = 0;
        int hbit = 1;
        for (int half = 0; half < 2; half++) {
            long qs = block + 32 + 32L * half;
            for (int shift = 0; shift < 8; shift += 2) {
                for (int part = 0; part < 2; part++) {
                    float dl = d * q3Scale(src, block + 96, scale++);
                    for (int l = 0; l < 16; l++) {
                        int index = 16 * part + l;
                        int low = (u8(src, qs + index) >>> shift) & 3;
                        int minus = (u8(src, block + index) & hbit) != 0 ? 0 : 4;
                        dst[out++] = dl * (low - minus);
                    }
                }
                hbit <<= 1;
            }
        }
    }

    /** Scale {@code s} (0..15) of a Q3_K block: low 4 bits from bytes 0..7, high 2 bits from bytes 8..11. */
    static int q3Scale(MemorySegment src, long scales, int s) {
        int low = s < 8 ? u8(src, scales + s) & 0x0F : u8(src, scales + s - 8) >>> 4;
        int high = (u8(src, scales + 8 + s % 4) >>> (2 * (s / 4))) & 3;
        return (low | high << 4) - 32;
    }

    /**
     * The 6-bit scale (index 0) and min (index 1) of sub-block {@code j} of a Q4_K/Q5_K block, as
     * {@code get_scale_min_k4} packs them into 12 bytes.
     */
    static int scaleOrMinK4(MemorySegment src, long scales, int j, int which) {
        if (j < 4) {
            return u8(src, scales + j + 4L * which) & 63;
        }
        int lowNibbles = u8(src, scales + j + 4);
        int highBits = u8(src, scales + j - 4 + 4L * which) >>> 6;
        return which == 0 ? (lowNibbles & 0x0F) | (highBits << 4) : (lowNibbles >>> 4) | (highBits << 4);
    }

    // block_q4_K: d (f16), dmin (f16), scales[12], qs[128]; each 64 elements share 32 bytes (low then high nibbles).
    private static void q4_K(MemorySegment src, long block, float[] dst, int out) {
        float d = f16(src, block);
        float dmin = f16(src, block + 2);
        long scales = block + 4;
        for (int group = 0; group < 4; group++) {
            long qs = block + 16 + 32L * group;
            for (int nibble = 0; nibble < 2; nibble++) {
                int sub = 2 * group + nibble;
                float dl = d * scaleOrMinK4(src, scales, sub, 0);
                float ml = dmin * scaleOrMinK4(src, scales, sub, 1);
                for (int l = 0; l < 32; l++) {
                    int q = (u8(src, qs + l) >>> (4 * nibble)) & 0x0F;
                    dst[out++] = dl * q - ml;
                }
            }
        }
    }

    // block_q5_K: d, dmin, scales[12], qh[32] (bit 2g+h of byte l = fifth bit), qs[128].
    private static void q5_K(MemorySegment src, long block, float[] dst, int out) {
        float d = f16(src, block);
        float dmin = f16(src, block + 2);
        long scales = block + 4;
        long qh = block + 16;
        for (int group = 0; group < 4; group++) {
            long qs = block + 48 + 32L * group;
            for (int nibble = 0; nibble < 2; nibble++) {
                int sub = 2 * group + nibble;
                float dl = d * scaleOrMinK4(src, scales, sub, 0);
                float ml = dmin * scaleOrMinK4(src, scales, sub, 1);
                for (int l = 0; l < 32; l++) {
                    int q = (u8(src, qs + l) >>> (4 * nibble)) & 0x0F;
                    int high = (u8(src, qh + l) >>> sub) & 1;
                    dst[out++] = dl * (q + 16 * high) - ml;
                }
            }
        }
    }

    // block_q6_K: ql[128] (low 4 bits), qh[64] (high 2 bits), scales int8[16], d (f16).
    private static void q6_K(MemorySegment src, long block, float[] dst, int out) {
        float d = f16(src, block + 208);
        for (int half = 0; half < 2; half++) {
            long ql = block + 64L * half;
            long qh = block + 128 + 32L * half;
            long scales = block + 192 + 8L * half;
            int base = out + 128 * half;
            for (int l = 0; l < 32; l++) {
                int is = l / 16;
                int lowA = u8(src, ql + l);
                int lowB = u8(src, ql + l + 32);
                int high = u8(src, qh + l);
                int q1 = ((lowA & 0x0F) | ((high & 3) << 4)) - 32;
                int q2 = ((lowB & 0x0F) | (((high >>> 2) & 3) << 4)) - 32;
                int q3 = ((lowA >>> 4) | (((high >>> 4) & 3) << 4)) - 32;
                int q4 = ((lowB >>> 4) | (((high >>> 6) & 3) << 4)) - 32;
                dst[base + l] = d * i8(src, scales + is) * q1;
                dst[base + l + 32] = d * i8(src, scales + is + 2) * q2;
                dst[base + l + 64] = d * i8(src, scales + is + 4) * q3;
                dst[base + l + 96] = d * i8(src, scales + is + 6) * q4;
            }
        }
    }
}
