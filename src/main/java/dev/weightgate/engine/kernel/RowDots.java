package dev.weightgate.engine.kernel;

import static dev.weightgate.engine.kernel.Lanes.B;
import static dev.weightgate.engine.kernel.Lanes.F;
import static dev.weightgate.engine.kernel.Lanes.L;
import static dev.weightgate.engine.kernel.Lanes.LE;
import static dev.weightgate.engine.kernel.Lanes.S;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Dot products of one weight row, read straight from its segment, with a float vector: the decode (matrix-vector)
 * kernels, fused with dequantization so no weight is ever written out as floats.
 *
 * <p>Every kernel has the same shape: a loop over quant blocks that loads the packed bytes, widens them to int or
 * float lanes, multiplies with the activations and adds into float lanes that hold the block's partial sums, then
 * scales those by the block's scale into one or two running accumulators (two independent chains hide the FMA
 * latency); one horizontal sum at the end. Offsets that a block type subtracts (Q4_0's 8, the K-quant mins) are
 * applied through precomputed sums of the activations over each block, as ggml's Q8 {@code bsums} do.
 *
 * <p>The activations are expected already rounded by {@link ActivationRounding}; the kernels do not care.
 */
final class RowDots {

    static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(LE);
    static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(LE);

    private RowDots() {
    }

    static float f16(MemorySegment w, long at) {
        return Float.float16ToFloat(w.get(U16, at));
    }

    static FloatVector bytesAt(MemorySegment w, long at) {
        return Lanes.signedBytesToFloat(ByteVector.fromMemorySegment(B, w, at, LE));
    }

    static IntVector unsignedAt(MemorySegment w, long at) {
        return Lanes.unsignedBytes(ByteVector.fromMemorySegment(B, w, at, LE));
    }

    // ---- float types ------------------------------------------------------------------------------------------

    static float f32(MemorySegment w, long off, float[] x, int xo, int n) {
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = FloatVector.zero(F);
        int c = 0;
        for (; c + 2 * L <= n; c += 2 * L) {
            a0 = FloatVector.fromMemorySegment(F, w, off + 4L * c, LE).fma(FloatVector.fromArray(F, x, xo + c), a0);
            a1 = FloatVector.fromMemorySegment(F, w, off + 4L * (c + L), LE)
                    .fma(FloatVector.fromArray(F, x, xo + c + L), a1);
        }
        for (; c + L <= n; c += L) {
            a0 = FloatVector.fromMemorySegment(F, w, off + 4L * c, LE).fma(FloatVector.fromArray(F, x, xo + c), a0);
        }
        float sum = a0.add(a1).reduceLanes(VectorOperators.ADD);
        for (; c < n; c++) {
            sum += w.get(F32, off + 4L * c) * x[xo + c];
        }
        return sum;
    }

    static float f16(MemorySegment w, long off, float[] x, int xo, int n) {
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = FloatVector.zero(F);
        int c = 0;
        for (; c + 2 * L <= n; c += 2 * L) {
            a0 = Lanes.halfToFloat(ShortVector.fromMemorySegment(S, w, off + 2L * c, LE))
                    .fma(FloatVector.fromArray(F, x, xo + c), a0);
            a1 = Lanes.halfToFloat(ShortVector.fromMemorySegment(S, w, off + 2L * (c + L), LE))
                    .fma(FloatVector.fromArray(F, x, xo + c + L), a1);
        }
        for (; c + L <= n; c += L) {
            a0 = Lanes.halfToFloat(ShortVector.fromMemorySegment(S, w, off + 2L * c, LE))
                    .fma(FloatVector.fromArray(F, x, xo + c), a0);
        }
        float sum = a0.add(a1).reduceLanes(VectorOperators.ADD);
        for (; c < n; c++) {
            sum += f16(w, off + 2L * c) * x[xo + c];
        }
        return sum;
    }

    static float bf16(MemorySegment w, long off, float[] x, int xo, int n) {
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = FloatVector.zero(F);
        int c = 0;
        for (; c + 2 * L <= n; c += 2 * L) {
            a0 = Lanes.bf16ToFloat(ShortVector.fromMemorySegment(S, w, off + 2L * c, LE))
                    .fma(FloatVector.fromArray(F, x, xo + c), a0);
            a1 = Lanes.bf16ToFloat(ShortVector.fromMemorySegment(S, w, off + 2L * (c + L), LE))
                    .fma(FloatVector.fromArray(F, x, xo + c + L), a1);
        }
        for (; c + L <= n; c += L) {
            a0 = Lanes.bf16ToFloat(ShortVector.fromMemorySegment(S, w, off + 2L * c, LE))
                    .fma(FloatVector.fromArray(F, x, xo + c), a0);
        }
        float sum = a0.add(a1).reduceLanes(VectorOperators.ADD);
        for (; c < n; c++) {
            sum += Float.intBitsToFloat((w.get(U16, off + 2L * c) & 0xFFFF) << 16) * x[xo + c];
        }
        return sum;
    }

    // ---- 32-element blocks -----------------------------------------------------------------------------------

    // block_q8_0: d f16, qs int8[32]
    static float q8_0(MemorySegment w, long off, float[] x, int xo, int n) {
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = FloatVector.zero(F);
        int blocks = n / 32;
        int b = 0;
        for (; b + 2 <= blocks; b += 2) {
            long o = off + 34L * b;
            int xb = xo + 32 * b;
            a0 = q8_0Block(w, o, x, xb, a0);
            a1 = q8_0Block(w, o + 34, x, xb + 32, a1);
        }
        if (b < blocks) {
            a0 = q8_0Block(w, off + 34L * b, x, xo + 32 * b, a0);
        }
        return a0.add(a1).reduceLanes(VectorOperators.ADD);
    }

    /**
     * Four consecutive rows at once: each activation vector is loaded once for the four (for long rows the
     * activations no longer fit in L1, and loading them once per row would cost more bandwidth than the weights).
     */
    static void q8_0x4(MemorySegment w, long off, long rowBytes, float[] x, int xo, int n, float[] out, int oo) {
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        int blocks = n / 32;
        long o0 = off;
        long o1 = off + rowBytes;
        long o2 = off + 2 * rowBytes;
        long o3 = off + 3 * rowBytes;
        for (int b = 0; b < blocks; b++) {
            long bo = 34L * b;
            int xb = xo + 32 * b;
            FloatVector x0 = FloatVector.fromArray(F, x, xb);
            FloatVector s0 = bytesAt(w, o0 + bo + 2).mul(x0);
            FloatVector s1 = bytesAt(w, o1 + bo + 2).mul(x0);
            FloatVector s2 = bytesAt(w, o2 + bo + 2).mul(x0);
            FloatVector s3 = bytesAt(w, o3 + bo + 2).mul(x0);
            for (int k = L; k < 32; k += L) {
                FloatVector xk = FloatVector.fromArray(F, x, xb + k);
                s0 = bytesAt(w, o0 + bo + 2 + k).fma(xk, s0);
                s1 = bytesAt(w, o1 + bo + 2 + k).fma(xk, s1);
                s2 = bytesAt(w, o2 + bo + 2 + k).fma(xk, s2);
                s3 = bytesAt(w, o3 + bo + 2 + k).fma(xk, s3);
            }
            a0 = s0.fma(FloatVector.broadcast(F, f16(w, o0 + bo)), a0);
            a1 = s1.fma(FloatVector.broadcast(F, f16(w, o1 + bo)), a1);
            a2 = s2.fma(FloatVector.broadcast(F, f16(w, o2 + bo)), a2);
            a3 = s3.fma(FloatVector.broadcast(F, f16(w, o3 + bo)), a3);
        }
        out[oo] = a0.reduceLanes(VectorOperators.ADD);
        out[oo + 1] = a1.reduceLanes(VectorOperators.ADD);
        out[oo + 2] = a2.reduceLanes(VectorOperators.ADD);
        out[oo + 3] = a3.reduceLanes(VectorOperators.ADD);
    }

    private static FloatVector q8_0Block(MemorySegment w, long o, float[] x, int xb, FloatVector acc) {
        FloatVector s = bytesAt(w, o + 2).mul(FloatVector.fromArray(F, x, xb));
        for (int k = L; k < 32; k += L) {
            s = bytesAt(w, o + 2 + k).fma(FloatVector.fromArray(F, x, xb + k), s);
        }
        return s.fma(FloatVector.broadcast(F, f16(w, o)), acc);
    }

    // block_q4_0: d f16, qs[16]: byte j = element j (low nibble) and j + 16 (high nibble); x = d (q - 8).
    // The -8 is folded into the activations: neg[16 b + j] = -8 (x[32 b + j] + x[32 b + 16 + j])
    // (q4_0Offsets), so that lo x0 + hi x1 + neg = (lo - 8) x0 + (hi - 8) x1 costs no more vector operations than
    // the plain products and no scalar work per block.
    static float q4_0(MemorySegment w, long off, float[] x, int xo, float[] neg, int no, int n) {
        // one block per iteration and one accumulator: C2 unrolls this loop itself and eliminates the array range
        // checks; unrolled by hand (two blocks, two accumulators) it kept a bounds check per access, spilled, and
        // was 1.5x slower (docs/benchmarks.md)
        FloatVector acc = FloatVector.zero(F);
        int blocks = n / 32;
        for (int b = 0; b < blocks; b++) {
            acc = q4_0Block(w, off + 18L * b, x, xo + 32 * b, neg, no + 16 * b, acc);
        }
        return acc.reduceLanes(VectorOperators.ADD);
    }

    /** {@code neg[no + 16 b + j] = -8 (x[xo + 32 b + j] + x[xo + 32 b + 16 + j])}: Q4_0's offset, per block. */
    static void q4_0Offsets(float[] x, int xo, int n, float[] neg, int no) {
        for (int b = 0; b < n / 32; b++) {
            for (int j = 0; j < 16; j++) {
                neg[no + 16 * b + j] = -8 * (x[xo + 32 * b + j] + x[xo + 32 * b + 16 + j]);
            }
        }
    }

    private static FloatVector q4_0Block(MemorySegment w, long o, float[] x, int xb, float[] neg, int nb,
                                         FloatVector acc) {
        FloatVector s = q4_0Part(w, o, x, xb, neg, nb, 0);
        for (int k = L; k < 16; k += L) {
            s = s.add(q4_0Part(w, o, x, xb, neg, nb, k));
        }
        return s.fma(FloatVector.broadcast(F, f16(w, o)), acc);
    }

    // (vectors are never merged with null: a phi of null and a vector defeats C2's scalar replacement and boxes)
    private static FloatVector q4_0Part(MemorySegment w, long o, float[] x, int xb, float[] neg, int nb, int k) {
        IntVector q = unsignedAt(w, o + 2 + k);
        FloatVector lo = Lanes.toFloat(q.and(0x0F));
        FloatVector hi = Lanes.toFloat(q.lanewise(VectorOperators.LSHR, 4));
        return lo.fma(FloatVector.fromArray(F, x, xb + k),
                hi.fma(FloatVector.fromArray(F, x, xb + 16 + k), FloatVector.fromArray(F, neg, nb + k)));
    }

    // ---- K-quants (256-element super-blocks) ---------------------------------------------------------------

    /** get_scale_min_k4: the 6-bit scale ({@code which = 0}) or min (1) of sub-block j from the 12 packed bytes. */
    static int scaleMinK4(MemorySegment w, long scales, int j, int which) {
        if (j < 4) {
            return w.get(ValueLayout.JAVA_BYTE, scales + j + 4L * which) & 63;
        }
        int low = w.get(ValueLayout.JAVA_BYTE, scales + j + 4) & 0xFF;
        int high = (w.get(ValueLayout.JAVA_BYTE, scales + j - 4 + 4L * which) & 0xFF) >>> 6;
        return which == 0 ? (low & 0x0F) | (high << 4) : (low >>> 4) | (high << 4);
    }

    static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(LE);
    static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(LE);

    /*
     * The 6-bit scales and mins of a Q4_K/Q5_K super-block (get_scale_min_k4), decoded four at a time from the 12
     * bytes read as three ints: bytes 0-3 hold scales 0-3 (low 6 bits), bytes 4-7 mins 0-3, bytes 8-11 the low
     * nibbles of scales 4-7 (bits 0-3) and mins 4-7 (bits 4-7), and the top 2 bits of bytes 0-7 the high bits of
     * scales/mins 4-7. Each result packs four 6-bit values, one per byte. Scalar bit operations keep the hot
     * kernels small enough for C2 to inline every vector operation (a call it gives up on boxes the vectors).
     */
    static int scalesLow(int s0) {
        return s0 & 0x3F3F3F3F;
    }

    static int scalesHigh(int s0, int s2) {
        return (s2 & 0x0F0F0F0F) | ((s0 >>> 2) & 0x30303030);
    }

    static int minsLow(int s1) {
        return s1 & 0x3F3F3F3F;
    }

    static int minsHigh(int s1, int s2) {
        return ((s2 >>> 4) & 0x0F0F0F0F) | ((s1 >>> 2) & 0x30303030);
    }

    // block_q4_K: d, dmin (f16), scales[12], qs[128]; group g of 64 elements: low nibbles of qs[32g..] are
    // sub-block 2g, high nibbles sub-block 2g+1; x = d sc q - dmin m. sum32 holds per-32 activation sums.
    static float q4_K(MemorySegment w, long off, float[] x, int xo, float[] sum32, int so, int n) {
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = FloatVector.zero(F);
        float mins = 0;
        int superBlocks = n / 256;
        for (int sb = 0; sb < superBlocks; sb++) {
            long o = off + 144L * sb;
            float d = f16(w, o);
            float dmin = f16(w, o + 2);
            int s0 = w.get(I32, o + 4);
            int s1 = w.get(I32, o + 8);
            int s2 = w.get(I32, o + 12);
            long scales = (scalesLow(s0) & 0xFFFFFFFFL) | ((long) scalesHigh(s0, s2) << 32);
            long minimums = (minsLow(s1) & 0xFFFFFFFFL) | ((long) minsHigh(s1, s2) << 32);
            int xb = xo + 256 * sb;
            int sums = so + 8 * sb;
            for (int g = 0; g < 4; g++) {
                long qs = o + 16 + 32L * g;
                int xg = xb + 64 * g;
                IntVector q = unsignedAt(w, qs);
                FloatVector lo = Lanes.toFloat(q.and(0x0F)).mul(FloatVector.fromArray(F, x, xg));
                FloatVector hi = Lanes.toFloat(q.lanewise(VectorOperators.LSHR, 4)).mul(FloatVector.fromArray(F, x, xg + 32));
                for (int k = L; k < 32; k += L) {
                    q = unsignedAt(w, qs + k);
                    lo = Lanes.toFloat(q.and(0x0F)).fma(FloatVector.fromArray(F, x, xg + k), lo);
                    hi = Lanes.toFloat(q.lanewise(VectorOperators.LSHR, 4)).fma(FloatVector.fromArray(F, x, xg + 32 + k), hi);
                }
                int shift = 16 * g;
                a0 = lo.fma(FloatVector.broadcast(F, d * (int) ((scales >>> shift) & 0xFF)), a0);
                a1 = hi.fma(FloatVector.broadcast(F, d * (int) ((scales >>> (shift + 8)) & 0xFF)), a1);
                mins += dmin * ((int) ((minimums >>> shift) & 0xFF) * sum32[sums + 2 * g]
                        + (int) ((minimums >>> (shift + 8)) & 0xFF) * sum32[sums + 2 * g + 1]);
            }
        }
        return a0.add(a1).reduceLanes(VectorOperators.ADD) - mins;
    }

    // block_q5_K: d, dmin, scales[12], qh[32] (bit s of qh[l] = fifth bit of element l of sub-block s), qs[128].
    static float q5_K(MemorySegment w, long off, float[] x, int xo, float[] sum32, int so, int n) {
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = FloatVector.zero(F);
        float mins = 0;
        int superBlocks = n / 256;
        for (int sb = 0; sb < superBlocks; sb++) {
            long o = off + 176L * sb;
            float d = f16(w, o);
            float dmin = f16(w, o + 2);
            int s0 = w.get(I32, o + 4);
            int s1 = w.get(I32, o + 8);
            int s2 = w.get(I32, o + 12);
            long scales = (scalesLow(s0) & 0xFFFFFFFFL) | ((long) scalesHigh(s0, s2) << 32);
            long minimums = (minsLow(s1) & 0xFFFFFFFFL) | ((long) minsHigh(s1, s2) << 32);
            int xb = xo + 256 * sb;
            int sums = so + 8 * sb;
            for (int g = 0; g < 4; g++) {
                long qs = o + 48 + 32L * g;
                int xg = xb + 64 * g;
                int s0bit = 2 * g;
                FloatVector lo = FloatVector.zero(F);
                FloatVector hi = lo;
                for (int k = 0; k < 32; k += L) {
                    IntVector q = unsignedAt(w, qs + k);
                    IntVector h = unsignedAt(w, o + 16 + k);
                    IntVector q0 = q.and(0x0F).or(h.lanewise(VectorOperators.LSHR, s0bit).and(1).lanewise(VectorOperators.LSHL, 4));
                    IntVector q1 = q.lanewise(VectorOperators.LSHR, 4)
                            .or(h.lanewise(VectorOperators.LSHR, s0bit + 1).and(1).lanewise(VectorOperators.LSHL, 4));
                    lo = Lanes.toFloat(q0).fma(FloatVector.fromArray(F, x, xg + k), lo);
                    hi = Lanes.toFloat(q1).fma(FloatVector.fromArray(F, x, xg + 32 + k), hi);
                }
                int shift = 16 * g;
                a0 = lo.fma(FloatVector.broadcast(F, d * (int) ((scales >>> shift) & 0xFF)), a0);
                a1 = hi.fma(FloatVector.broadcast(F, d * (int) ((scales >>> (shift + 8)) & 0xFF)), a1);
                mins += dmin * ((int) ((minimums >>> shift) & 0xFF) * sum32[sums + 2 * g]
                        + (int) ((minimums >>> (shift + 8)) & 0xFF) * sum32[sums + 2 * g + 1]);
            }
        }
        return a0.add(a1).reduceLanes(VectorOperators.ADD) - mins;
    }

    // block_q6_K: ql[128], qh[64], scales int8[16], d f16. Half h (128 elements): for l in 0..31,
    // q(l)     = ql[64h + l] low  | qh[32h + l] bits 0-1, scale 8h + l/16
    // q(l+32)  = ql[64h+32+l] low | bits 2-3,             scale 8h + l/16 + 2
    // q(l+64)  = ql[64h + l] high | bits 4-5,             scale 8h + l/16 + 4
    // q(l+96)  = ql[64h+32+l] high| bits 6-7,             scale 8h + l/16 + 6;   x = d sc (q - 32)
    static float q6_K(MemorySegment w, long off, float[] x, int xo, int n) {
        // in two passes over the row (the second reads it from L1): one kernel doing all four quarters is more
        // vector code than C2 inlines in one compilation, and an operation it does not inline boxes its vectors
        return q6_KQuarters(w, off, x, xo, n, 0) + q6_KQuarters(w, off, x, xo, n, 1);
    }

    /**
     * Quarters {@code part} and {@code part + 2} of each 128-element half: low nibbles of {@code ql[32 part ..]}
     * with bits {@code 2 part} of qh, and high nibbles with bits {@code 4 + 2 part}.
     */
    private static float q6_KQuarters(MemorySegment w, long off, float[] x, int xo, int n, int part) {
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = FloatVector.zero(F);
        int lowShift = 2 * part;
        int highShift = 4 + 2 * part;
        int superBlocks = n / 256;
        for (int sb = 0; sb < superBlocks; sb++) {
            long o = off + 210L * sb;
            float d = f16(w, o + 208);
            for (int h = 0; h < 2; h++) {
                long ql = o + 64L * h + 32L * part;
                long qh = o + 128 + 32L * h;
                long sc = w.get(I64, o + 192 + 8L * h) >>> (16 * part); // int8 scales, this part's first
                int xh = xo + 256 * sb + 128 * h + 32 * part;
                for (int k = 0; k < 32; k += L) {
                    int is = 8 * (k / 16);
                    IntVector a = unsignedAt(w, ql + k);
                    IntVector hb = unsignedAt(w, qh + k);
                    IntVector q1 = a.and(0x0F).or(hb.lanewise(VectorOperators.LSHR, lowShift).and(3)
                            .lanewise(VectorOperators.LSHL, 4)).sub(32);
                    IntVector q3 = a.lanewise(VectorOperators.LSHR, 4).or(hb.lanewise(VectorOperators.LSHR, highShift)
                            .and(3).lanewise(VectorOperators.LSHL, 4)).sub(32);
                    a0 = Lanes.toFloat(q1).mul(FloatVector.fromArray(F, x, xh + k))
                            .fma(FloatVector.broadcast(F, d * (byte) (sc >>> is)), a0);
                    a1 = Lanes.toFloat(q3).mul(FloatVector.fromArray(F, x, xh + 64 + k))
                            .fma(FloatVector.broadcast(F, d * (byte) (sc >>> (is + 32))), a1);
                }
            }
        }
        return a0.add(a1).reduceLanes(VectorOperators.ADD);
    }

    /** Plain float dot of two arrays (used after a row was decoded into floats). */
    static float dot(float[] a, int ao, float[] b, int bo, int n) {
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = FloatVector.zero(F);
        int c = 0;
        for (; c + 2 * L <= n; c += 2 * L) {
            a0 = FloatVector.fromArray(F, a, ao + c).fma(FloatVector.fromArray(F, b, bo + c), a0);
            a1 = FloatVector.fromArray(F, a, ao + c + L).fma(FloatVector.fromArray(F, b, bo + c + L), a1);
        }
        for (; c + L <= n; c += L) {
            a0 = FloatVector.fromArray(F, a, ao + c).fma(FloatVector.fromArray(F, b, bo + c), a0);
        }
        float sum = a0.add(a1).reduceLanes(VectorOperators.ADD);
        for (; c < n; c++) {
            sum += a[ao + c] * b[bo + c];
        }
        return sum;
    }
}
