package dev.weightgate.engine.kernel;

import static dev.weightgate.engine.kernel.Lanes.LE;
import static dev.weightgate.engine.kernel.RowDots.f16;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Decode kernels for Q4_0, Q4_K and Q6_K weights that multiply in 16-bit integers, with the activations as
 * llama.cpp's 8-bit quants ({@link ActivationRounding#quantize}): {@code q} the int8 values widened to shorts, one
 * float scale per 32. Used when the activations are rounded (the default); {@link RowDots} has the float kernels.
 *
 * <p>A 4-bit weight times an int8 activation is at most 15 x 127 = 1905, so two products added in a 16-bit lane
 * cannot overflow, nor can four (7620). Per 32 weights: the 16 packed bytes are widened to 16 shorts, split into
 * low and high nibbles, multiplied with the activations ({@code vpmullw}) and added: 16 lanes of two products
 * each. The upper 128 bits are added onto the lower ones (a permute of 32-bit lanes and one add: the Vector API's
 * part-1 conversions and {@code reinterpretShape} compile to a shuffle-and-blend sequence on AVX2), and the 8 sums
 * of four products are widened to floats and multiplied with the block's scale (weight scale x activation scale)
 * into float accumulators. That is 14 vector operations per 32 weights, against about 20 for widening every
 * weight to a float; the products themselves are exact, so only the float sums of the blocks are rounded.
 *
 * <p>The shapes are fixed at 256 bits (16 shorts = one 32-weight block). They are used on AVX2 only
 * ({@link #PREFERRED}): with 512-bit vectors the float kernels of {@link RowDots} do twice the work per operation
 * and are faster (docs/benchmarks.md).
 *
 * <p>As in {@link RowDots}, C2 keeps vectors in registers only if it inlines every Vector API call of a kernel, so
 * the kernels stay small: two rows at a time at most.
 */
final class IntRowDots {

    static final VectorSpecies<Byte> B128 = ByteVector.SPECIES_128;
    static final VectorSpecies<Short> S256 = ShortVector.SPECIES_256;
    static final VectorSpecies<Short> S128 = ShortVector.SPECIES_128;
    static final VectorSpecies<Integer> I256 = IntVector.SPECIES_256;
    static final VectorSpecies<Float> F256 = FloatVector.SPECIES_256;
    /** Swaps the two 128-bit halves ({@code vpermd}). */
    private static final VectorShuffle<Integer> SWAP_HALVES = VectorShuffle.fromValues(I256, 4, 5, 6, 7, 0, 1, 2, 3);

    /** True where these kernels beat the float ones: 256-bit vectors (AVX2). */
    static final boolean PREFERRED = Lanes.L == 8;

    private IntRowDots() {
    }

    /** 16 bytes at {@code at} widened (unsigned) to 16 shorts. */
    static ShortVector unsigned16(MemorySegment w, long at) {
        return (ShortVector) ByteVector.fromMemorySegment(B128, w, at, LE)
                .convertShape(VectorOperators.ZERO_EXTEND_B2S, S256, 0);
    }

    /** The 16 lanes added pairwise across the halves (lane i + lane i + 8), as 8 floats. */
    static FloatVector fold(ShortVector p) {
        ShortVector h = p.add(p.reinterpretAsInts().rearrange(SWAP_HALVES).reinterpretAsShorts());
        return (FloatVector) h.reinterpretShape(S128, 0).convertShape(VectorOperators.S2F, F256, 0);
    }

    // ---- Q4_0 ------------------------------------------------------------------------------------------------

    /**
     * Per 32-block of the activations: {@code 8 (q[j] + q[j + 16])} for j < 16, subtracted from the nibble products
     * so that they become {@code (lo - 8) q[j] + (hi - 8) q[j + 16]} (Q4_0's offset of 8) without scalar work.
     */
    static void q4_0Offsets(short[] q, int qo, int n, short[] dst, int dstOffset) {
        for (int b = 0; b < n / 32; b++) {
            for (int j = 0; j < 16; j++) {
                dst[dstOffset + 16 * b + j] = (short) (8 * (q[qo + 32 * b + j] + q[qo + 32 * b + 16 + j]));
            }
        }
    }

    /** Block at {@code o} times activations {@code x0} (elements 0-15), {@code x1} (16-31), offsets {@code c}. */
    private static FloatVector q4_0Block(MemorySegment w, long o, ShortVector x0, ShortVector x1, ShortVector c,
                                         float xScale, FloatVector acc) {
        ShortVector q = unsigned16(w, o + 2);
        ShortVector p = q.and((short) 0x0F).mul(x0).add(q.lanewise(VectorOperators.LSHR, 4).mul(x1)).sub(c);
        return fold(p).fma(FloatVector.broadcast(F256, f16(w, o) * xScale), acc);
    }

    /** One Q4_0 row. {@code q}/{@code qo}: int8 activations; {@code d}/{@code dO} per-32 scales; {@code c} offsets. */
    static float q4_0(MemorySegment w, long off, short[] q, int qo, float[] d, int dO, short[] c, int co, int n) {
        FloatVector a0 = FloatVector.zero(F256);
        FloatVector a1 = a0;
        int blocks = n / 32;
        int b = 0;
        for (; b + 2 <= blocks; b += 2) {
            long o = off + 18L * b;
            int xb = qo + 32 * b;
            a0 = q4_0Block(w, o, ShortVector.fromArray(S256, q, xb), ShortVector.fromArray(S256, q, xb + 16),
                    ShortVector.fromArray(S256, c, co + 16 * b), d[dO + b], a0);
            a1 = q4_0Block(w, o + 18, ShortVector.fromArray(S256, q, xb + 32), ShortVector.fromArray(S256, q, xb + 48),
                    ShortVector.fromArray(S256, c, co + 16 * b + 16), d[dO + b + 1], a1);
        }
        if (b < blocks) {
            int xb = qo + 32 * b;
            a0 = q4_0Block(w, off + 18L * b, ShortVector.fromArray(S256, q, xb), ShortVector.fromArray(S256, q, xb + 16),
                    ShortVector.fromArray(S256, c, co + 16 * b), d[dO + b], a0);
        }
        return a0.add(a1).reduceLanes(VectorOperators.ADD);
    }

    /** Two consecutive Q4_0 rows sharing the activation loads: {@code out[oo]} and {@code out[oo + 1]}. */
    static void q4_0x2(MemorySegment w, long off, long rowBytes, short[] q, int qo, float[] d, int dO, short[] c,
                       int co, int n, float[] out, int oo) {
        FloatVector a0 = FloatVector.zero(F256);
        FloatVector a1 = a0;
        int blocks = n / 32;
        for (int b = 0; b < blocks; b++) {
            long o = off + 18L * b;
            int xb = qo + 32 * b;
            ShortVector x0 = ShortVector.fromArray(S256, q, xb);
            ShortVector x1 = ShortVector.fromArray(S256, q, xb + 16);
            ShortVector cb = ShortVector.fromArray(S256, c, co + 16 * b);
            float xScale = d[dO + b];
            a0 = q4_0Block(w, o, x0, x1, cb, xScale, a0);
            a1 = q4_0Block(w, o + rowBytes, x0, x1, cb, xScale, a1);
        }
        out[oo] = a0.reduceLanes(VectorOperators.ADD);
        out[oo + 1] = a1.reduceLanes(VectorOperators.ADD);
    }

    // ---- Q4_K ------------------------------------------------------------------------------------------------

    /**
     * One Q4_K row: {@code d sc_j sum(q x) - dmin m_j sum(x)} per 32-element sub-block j, the nibble products in
     * 16-bit lanes as for Q4_0, the mins through the per-32 activation sums {@code sum32} as in {@link RowDots}.
     * {@code d} holds the Q8_K scale of each 256-block once per 32 elements.
     */
    static float q4_K(MemorySegment w, long off, short[] q, int qo, float[] d, int dO, float[] sum32, int so, int n) {
        FloatVector a0 = FloatVector.zero(F256);
        FloatVector a1 = a0;
        float mins = 0;
        int superBlocks = n / 256;
        for (int sb = 0; sb < superBlocks; sb++) {
            long o = off + 144L * sb;
            float scale = f16(w, o) * d[dO + 8 * sb];
            float dmin = f16(w, o + 2);
            int s0 = w.get(RowDots.I32, o + 4);
            int s1 = w.get(RowDots.I32, o + 8);
            int s2 = w.get(RowDots.I32, o + 12);
            long scales = (RowDots.scalesLow(s0) & 0xFFFFFFFFL) | ((long) RowDots.scalesHigh(s0, s2) << 32);
            long minimums = (RowDots.minsLow(s1) & 0xFFFFFFFFL) | ((long) RowDots.minsHigh(s1, s2) << 32);
            int xb = qo + 256 * sb;
            int sums = so + 8 * sb;
            for (int g = 0; g < 4; g++) {
                long qs = o + 16 + 32L * g;
                int xg = xb + 64 * g;
                ShortVector q0 = unsigned16(w, qs);
                ShortVector q1 = unsigned16(w, qs + 16);
                ShortVector lo = q0.and((short) 0x0F).mul(ShortVector.fromArray(S256, q, xg))
                        .add(q1.and((short) 0x0F).mul(ShortVector.fromArray(S256, q, xg + 16)));
                ShortVector hi = q0.lanewise(VectorOperators.LSHR, 4).mul(ShortVector.fromArray(S256, q, xg + 32))
                        .add(q1.lanewise(VectorOperators.LSHR, 4).mul(ShortVector.fromArray(S256, q, xg + 48)));
                int shift = 16 * g;
                a0 = fold(lo).fma(FloatVector.broadcast(F256, scale * (int) ((scales >>> shift) & 0xFF)), a0);
                a1 = fold(hi).fma(FloatVector.broadcast(F256, scale * (int) ((scales >>> (shift + 8)) & 0xFF)), a1);
                mins += dmin * ((int) ((minimums >>> shift) & 0xFF) * sum32[sums + 2 * g]
                        + (int) ((minimums >>> (shift + 8)) & 0xFF) * sum32[sums + 2 * g + 1]);
            }
        }
        return a0.add(a1).reduceLanes(VectorOperators.ADD) - mins;
    }

    // ---- Q6_K ------------------------------------------------------------------------------------------------

    /**
     * One Q6_K row ({@link RowDots#q6_K} has the layout): per 64 elements, 16 bytes of {@code ql} low and high
     * nibbles from two places and 16 bytes of {@code qh} give four 16-element sub-blocks of 6-bit quants; each,
     * minus 32, times the activations is at most 32 x 127 = 4064 per 16-bit lane, 8128 after the fold. Each
     * sub-block has its own int8 scale, so each is folded and scaled on its own.
     *
     * <p>One flat loop over the 64-element chunks (not nested loops over halves and quarters): C2 would unroll
     * those completely, and a kernel that large is past its inlining budget.
     */
    static float q6_K(MemorySegment w, long off, short[] q, int qo, float[] d, int dO, int n) {
        // in two passes (the second reads the row from L1), as RowDots.q6_K: all four sub-blocks of a chunk in one
        // loop body are more vector operations than C2 inlines in one compilation
        return q6_KPart(w, off, q, qo, d, dO, n, 0) + q6_KPart(w, off, q, qo, d, dO, n, 1);
    }

    /**
     * Sub-blocks {@code part} and {@code part + 2} of each 64-element chunk: low and high nibbles of
     * {@code ql[32 part ..]} with bits {@code 2 part} and {@code 4 + 2 part} of {@code qh}.
     */
    private static float q6_KPart(MemorySegment w, long off, short[] q, int qo, float[] d, int dO, int n, int part) {
        FloatVector a0 = FloatVector.zero(F256);
        FloatVector a1 = a0;
        int lowShift = 4 - 2 * part; // bits 2 part, 2 part + 1 of qh to bits 4-5
        int highShift = 2 * part; // bits 4 + 2 part, 5 + 2 part to bits 4-5
        int chunks = n / 64;
        for (int c = 0; c < chunks; c++) {
            int sb = c >> 2;
            int h = (c >> 1) & 1;
            int k = (c & 1) * 16;
            long o = off + 210L * sb;
            float scale = f16(w, o + 208) * d[dO + 8 * sb];
            // int8 scales of sub-blocks 8h + k/16 + 2 part and + 4
            long sc = w.get(RowDots.I64, o + 192 + 8L * h + (k >> 4)) >>> (16 * part);
            int xb = qo + 256 * sb + 128 * h + k + 32 * part;
            ShortVector bytes = unsigned16(w, o + 64L * h + k + 32L * part);
            ShortVector top = unsigned16(w, o + 128 + 32L * h + k);
            ShortVector q1 = bytes.and((short) 0x0F).or(top.lanewise(VectorOperators.LSHL, lowShift).and((short) 0x30))
                    .sub((short) 32);
            ShortVector q3 = bytes.lanewise(VectorOperators.LSHR, 4)
                    .or(top.lanewise(VectorOperators.LSHR, highShift).and((short) 0x30)).sub((short) 32);
            a0 = fold(q1.mul(ShortVector.fromArray(S256, q, xb))).fma(FloatVector.broadcast(F256, scale * (byte) sc), a0);
            a1 = fold(q3.mul(ShortVector.fromArray(S256, q, xb + 64)))
                    .fma(FloatVector.broadcast(F256, scale * (byte) (sc >>> 32)), a1);
        }
        return a0.add(a1).reduceLanes(VectorOperators.ADD);
    }
}
