package dev.weightgate.engine.kernel;

import static dev.weightgate.engine.kernel.Lanes.F;
import static dev.weightgate.engine.kernel.Lanes.L;
import static dev.weightgate.engine.kernel.Lanes.LE;
import static dev.weightgate.engine.kernel.Lanes.S;
import static dev.weightgate.engine.kernel.RowDots.bytesAt;
import static dev.weightgate.engine.kernel.RowDots.f16;
import static dev.weightgate.engine.kernel.RowDots.scaleMinK4;
import static dev.weightgate.engine.kernel.RowDots.unsignedAt;

import dev.weightgate.engine.tensor.GgmlType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Vectorised decoding of one weight row into floats, for the prefill kernel: there a row is decoded once into a
 * small per-thread buffer and then multiplied with every token of the batch, so its cost is shared by the batch.
 * The values equal {@link GgmlType#dequantize}'s up to the rounding of one fused multiply-add.
 */
final class RowDecoders {

    private RowDecoders() {
    }

    static void decode(GgmlType type, MemorySegment w, long off, int n, float[] dst, int dstOffset) {
        switch (type) {
            case F32 -> {
                int c = 0;
                for (; c + L <= n; c += L) {
                    FloatVector.fromMemorySegment(F, w, off + 4L * c, LE).intoArray(dst, dstOffset + c);
                }
                for (; c < n; c++) {
                    dst[dstOffset + c] = w.get(RowDots.F32, off + 4L * c);
                }
            }
            case F16 -> {
                int c = 0;
                for (; c + L <= n; c += L) {
                    Lanes.halfToFloat(ShortVector.fromMemorySegment(S, w, off + 2L * c, LE)).intoArray(dst, dstOffset + c);
                }
                for (; c < n; c++) {
                    dst[dstOffset + c] = f16(w, off + 2L * c);
                }
            }
            case BF16 -> {
                int c = 0;
                for (; c + L <= n; c += L) {
                    Lanes.bf16ToFloat(ShortVector.fromMemorySegment(S, w, off + 2L * c, LE)).intoArray(dst, dstOffset + c);
                }
                for (; c < n; c++) {
                    dst[dstOffset + c] = Float.intBitsToFloat((w.get(RowDots.U16, off + 2L * c) & 0xFFFF) << 16);
                }
            }
            case Q8_0 -> q8_0(w, off, n, dst, dstOffset);
            case Q4_0 -> q4_0(w, off, n, dst, dstOffset);
            case Q4_K -> q4_K(w, off, n, dst, dstOffset);
            case Q5_K -> q5_K(w, off, n, dst, dstOffset);
            case Q6_K -> q6_K(w, off, n, dst, dstOffset);
            case MXFP4 -> Mxfp4Rows.decode(w, off, n, dst, dstOffset);
            default -> type.dequantize(w, off, dst, dstOffset, n);
        }
    }

    private static void q8_0(MemorySegment w, long off, int n, float[] dst, int out) {
        for (int b = 0; b < n / 32; b++) {
            long o = off + 34L * b;
            FloatVector d = FloatVector.broadcast(F, f16(w, o));
            for (int k = 0; k < 32; k += L) {
                bytesAt(w, o + 2 + k).mul(d).intoArray(dst, out + 32 * b + k);
            }
        }
    }

    private static void q4_0(MemorySegment w, long off, int n, float[] dst, int out) {
        for (int b = 0; b < n / 32; b++) {
            long o = off + 18L * b;
            FloatVector d = FloatVector.broadcast(F, f16(w, o));
            for (int k = 0; k < 16; k += L) {
                IntVector q = unsignedAt(w, o + 2 + k);
                Lanes.toFloat(q.and(0x0F).sub(8)).mul(d).intoArray(dst, out + 32 * b + k);
                Lanes.toFloat(q.lanewise(VectorOperators.LSHR, 4).sub(8)).mul(d).intoArray(dst, out + 32 * b + 16 + k);
            }
        }
    }

    private static void q4_K(MemorySegment w, long off, int n, float[] dst, int out) {
        for (int sb = 0; sb < n / 256; sb++) {
            long o = off + 144L * sb;
            float d = f16(w, o);
            float dmin = f16(w, o + 2);
            for (int g = 0; g < 4; g++) {
                FloatVector dl0 = FloatVector.broadcast(F, d * scaleMinK4(w, o + 4, 2 * g, 0));
                FloatVector ml0 = FloatVector.broadcast(F, -(dmin * scaleMinK4(w, o + 4, 2 * g, 1)));
                FloatVector dl1 = FloatVector.broadcast(F, d * scaleMinK4(w, o + 4, 2 * g + 1, 0));
                FloatVector ml1 = FloatVector.broadcast(F, -(dmin * scaleMinK4(w, o + 4, 2 * g + 1, 1)));
                int at = out + 256 * sb + 64 * g;
                for (int k = 0; k < 32; k += L) {
                    IntVector q = unsignedAt(w, o + 16 + 32L * g + k);
                    Lanes.toFloat(q.and(0x0F)).fma(dl0, ml0).intoArray(dst, at + k);
                    Lanes.toFloat(q.lanewise(VectorOperators.LSHR, 4)).fma(dl1, ml1).intoArray(dst, at + 32 + k);
                }
            }
        }
    }

    private static void q5_K(MemorySegment w, long off, int n, float[] dst, int out) {
        for (int sb = 0; sb < n / 256; sb++) {
            long o = off + 176L * sb;
            float d = f16(w, o);
            float dmin = f16(w, o + 2);
            for (int g = 0; g < 4; g++) {
                int s0 = 2 * g;
                FloatVector dl0 = FloatVector.broadcast(F, d * scaleMinK4(w, o + 4, s0, 0));
                FloatVector ml0 = FloatVector.broadcast(F, -(dmin * scaleMinK4(w, o + 4, s0, 1)));
                FloatVector dl1 = FloatVector.broadcast(F, d * scaleMinK4(w, o + 4, s0 + 1, 0));
                FloatVector ml1 = FloatVector.broadcast(F, -(dmin * scaleMinK4(w, o + 4, s0 + 1, 1)));
                int at = out + 256 * sb + 64 * g;
                for (int k = 0; k < 32; k += L) {
                    IntVector q = unsignedAt(w, o + 48 + 32L * g + k);
                    IntVector h = unsignedAt(w, o + 16 + k);
                    IntVector q0 = q.and(0x0F).or(h.lanewise(VectorOperators.LSHR, s0).and(1).lanewise(VectorOperators.LSHL, 4));
                    IntVector q1 = q.lanewise(VectorOperators.LSHR, 4)
                            .or(h.lanewise(VectorOperators.LSHR, s0 + 1).and(1).lanewise(VectorOperators.LSHL, 4));
                    Lanes.toFloat(q0).fma(dl0, ml0).intoArray(dst, at + k);
                    Lanes.toFloat(q1).fma(dl1, ml1).intoArray(dst, at + 32 + k);
                }
            }
        }
    }

    private static void q6_K(MemorySegment w, long off, int n, float[] dst, int out) {
        for (int sb = 0; sb < n / 256; sb++) {
            long o = off + 210L * sb;
            float d = f16(w, o + 208);
            for (int h = 0; h < 2; h++) {
                long ql = o + 64L * h;
                long qh = o + 128 + 32L * h;
                long sc = o + 192 + 8L * h;
                int at = out + 256 * sb + 128 * h;
                for (int k = 0; k < 32; k += L) {
                    int is = k / 16;
                    IntVector a = unsignedAt(w, ql + k);
                    IntVector b = unsignedAt(w, ql + 32 + k);
                    IntVector hb = unsignedAt(w, qh + k);
                    IntVector q1 = a.and(0x0F).or(hb.and(3).lanewise(VectorOperators.LSHL, 4)).sub(32);
                    IntVector q2 = b.and(0x0F).or(hb.and(0x0C).lanewise(VectorOperators.LSHL, 2)).sub(32);
                    IntVector q3 = a.lanewise(VectorOperators.LSHR, 4).or(hb.and(0x30)).sub(32);
                    IntVector q4 = b.lanewise(VectorOperators.LSHR, 4).or(hb.and(0xC0).lanewise(VectorOperators.LSHR, 2)).sub(32);
                    Lanes.toFloat(q1).mul(d * w.get(ValueLayout.JAVA_BYTE, sc + is)).intoArray(dst, at + k);
                    Lanes.toFloat(q2).mul(d * w.get(ValueLayout.JAVA_BYTE, sc + is + 2)).intoArray(dst, at + 32 + k);
                    Lanes.toFloat(q3).mul(d * w.get(ValueLayout.JAVA_BYTE, sc + is + 4)).intoArray(dst, at + 64 + k);
                    Lanes.toFloat(q4).mul(d * w.get(ValueLayout.JAVA_BYTE, sc + is + 6)).intoArray(dst, at + 96 + k);
                }
            }
        }
    }
}
