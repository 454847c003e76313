package dev.weightgate.engine.kernel;

import static dev.weightgate.engine.kernel.Lanes.F;
import static dev.weightgate.engine.kernel.Lanes.L;
import static dev.weightgate.engine.kernel.Lanes.LE;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * MXFP4 rows (gpt-oss experts): the fused dot with the activations for decode and the row decoder for prefill.
 *
 * <p>{@code block_mxfp4} is one E8M0 exponent byte {@code e} and 16 bytes of E2M1 nibbles, element {@code j} in the
 * low nibble of byte {@code j} and element {@code j + 16} in the high nibble (Q4_0's order). A nibble's value is a
 * table lookup, done for all 16 bytes of a block at once with a byte shuffle ({@code selectFrom}, one
 * {@code vpshufb}) against the doubled table {@code kvalues_mxfp4}; the block's scale is then {@code 2^(e - 128)}.
 * As for Q4_0, llama.cpp dots MXFP4 with Q8_0 activations, so the caller passes activations already rounded by
 * {@link ActivationRounding#Q8_0} and what remains is the order of float sums.
 */
final class Mxfp4Rows {

    static final int BLOCK_BYTES = 17;

    /** Always 16 byte lanes, whatever the float width: one lookup covers a block's 16 low (or high) nibbles. */
    private static final VectorSpecies<Byte> B16 = ByteVector.SPECIES_128;
    private static final ByteVector VALUES = ByteVector.fromArray(B16,
            new byte[] {0, 1, 2, 3, 4, 6, 8, 12, 0, -1, -2, -3, -4, -6, -8, -12}, 0);

    private Mxfp4Rows() {
    }

    /**
     * 2^(e - 128) (half the E8M0 scale, because the table is doubled), with ggml's subnormal patterns for e = 0 and
     * 1 ({@code ggml_e8m0_to_fp32_half}).
     */
    static float scale(int e) {
        int bits = e < 2 ? 0x00200000 << e : (e - 1) << 23;
        return Float.intBitsToFloat(bits);
    }

    /** Dot of the {@code n}-element row at {@code off} with {@code x[xo ..]}. */
    static float dot(MemorySegment w, long off, float[] x, int xo, int n) {
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = FloatVector.zero(F);
        int blocks = n / 32;
        int b = 0;
        for (; b + 2 <= blocks; b += 2) {
            long o = off + (long) BLOCK_BYTES * b;
            int xb = xo + 32 * b;
            a0 = block(w, o, x, xb).fma(FloatVector.broadcast(F, scale(w.get(ValueLayout.JAVA_BYTE, o) & 0xFF)), a0);
            a1 = block(w, o + BLOCK_BYTES, x, xb + 32).fma(
                    FloatVector.broadcast(F, scale(w.get(ValueLayout.JAVA_BYTE, o + BLOCK_BYTES) & 0xFF)), a1);
        }
        if (b < blocks) {
            long o = off + (long) BLOCK_BYTES * b;
            a0 = block(w, o, x, xo + 32 * b).fma(
                    FloatVector.broadcast(F, scale(w.get(ValueLayout.JAVA_BYTE, o) & 0xFF)), a0);
        }
        return a0.add(a1).reduceLanes(VectorOperators.ADD);
    }

    /** The block's unscaled partial sums {@code sum_j kvalues[n_j] x_j}, per lane. */
    private static FloatVector block(MemorySegment w, long o, float[] x, int xb) {
        ByteVector q = ByteVector.fromMemorySegment(B16, w, o + 1, LE);
        ByteVector lo = q.and((byte) 0x0F).selectFrom(VALUES);
        ByteVector hi = q.lanewise(VectorOperators.LSHR, 4).and((byte) 0x0F).selectFrom(VALUES);
        FloatVector s = FloatVector.zero(F);
        for (int k = 0; k < 16; k += L) {
            FloatVector vl = (FloatVector) lo.convertShape(VectorOperators.B2F, F, k / L);
            FloatVector vh = (FloatVector) hi.convertShape(VectorOperators.B2F, F, k / L);
            s = vl.fma(FloatVector.fromArray(F, x, xb + k), s);
            s = vh.fma(FloatVector.fromArray(F, x, xb + 16 + k), s);
        }
        return s;
    }

    /** Decodes the {@code n}-element row at {@code off} into {@code dst[out ..]}. */
    static void decode(MemorySegment w, long off, int n, float[] dst, int out) {
        for (int b = 0; b < n / 32; b++) {
            long o = off + (long) BLOCK_BYTES * b;
            FloatVector d = FloatVector.broadcast(F, scale(w.get(ValueLayout.JAVA_BYTE, o) & 0xFF));
            ByteVector q = ByteVector.fromMemorySegment(B16, w, o + 1, LE);
            ByteVector lo = q.and((byte) 0x0F).selectFrom(VALUES);
            ByteVector hi = q.lanewise(VectorOperators.LSHR, 4).and((byte) 0x0F).selectFrom(VALUES);
            int at = out + 32 * b;
            for (int k = 0; k < 16; k += L) {
                ((FloatVector) lo.convertShape(VectorOperators.B2F, F, k / L)).mul(d).intoArray(dst, at + k);
                ((FloatVector) hi.convertShape(VectorOperators.B2F, F, k / L)).mul(d).intoArray(dst, at + 16 + k);
            }
        }
    }
}
