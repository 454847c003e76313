package dev.weightgate.engine.kernel;

import static dev.weightgate.engine.kernel.Lanes.F;
import static dev.weightgate.engine.kernel.Lanes.L;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * The prefill micro-kernel: a few decoded weight rows times a few tokens, all in registers. Each step loads
 * {@code R} weight vectors and {@code T} activation vectors and issues {@code R * T} fused multiply-adds, so the
 * activations (the large operand in prefill) are read once per {@code R} rows instead of once per row.
 */
final class Gemm {

    static final int ROWS = 4;
    static final int TOKENS = 4;

    private Gemm() {
    }

    /**
     * {@code out[(t0 + t) * outStride + r0 + r] = dot(w row r, x token t0 + t)} for r < 4 and t < 4, where the
     * rows are {@code w[r * cols ..]} and the tokens {@code x[(t0 + t) * cols ..]}; {@code cols % L == 0}.
     */
    static void tile4x4(float[] w, int cols, float[] x, int t0, float[] out, int outStride, int r0) {
        FloatVector c00 = FloatVector.zero(F), c01 = c00, c02 = c00, c03 = c00;
        FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00, c23 = c00;
        FloatVector c30 = c00, c31 = c00, c32 = c00, c33 = c00;
        int x0 = t0 * cols;
        int x1 = x0 + cols;
        int x2 = x1 + cols;
        int x3 = x2 + cols;
        for (int k = 0; k < cols; k += L) {
            FloatVector w0 = FloatVector.fromArray(F, w, k);
            FloatVector w1 = FloatVector.fromArray(F, w, cols + k);
            FloatVector w2 = FloatVector.fromArray(F, w, 2 * cols + k);
            FloatVector w3 = FloatVector.fromArray(F, w, 3 * cols + k);
            FloatVector v = FloatVector.fromArray(F, x, x0 + k);
            c00 = w0.fma(v, c00);
            c10 = w1.fma(v, c10);
            c20 = w2.fma(v, c20);
            c30 = w3.fma(v, c30);
            v = FloatVector.fromArray(F, x, x1 + k);
            c01 = w0.fma(v, c01);
            c11 = w1.fma(v, c11);
            c21 = w2.fma(v, c21);
            c31 = w3.fma(v, c31);
            v = FloatVector.fromArray(F, x, x2 + k);
            c02 = w0.fma(v, c02);
            c12 = w1.fma(v, c12);
            c22 = w2.fma(v, c22);
            c32 = w3.fma(v, c32);
            v = FloatVector.fromArray(F, x, x3 + k);
            c03 = w0.fma(v, c03);
            c13 = w1.fma(v, c13);
            c23 = w2.fma(v, c23);
            c33 = w3.fma(v, c33);
        }
        int o0 = t0 * outStride + r0;
        int o1 = o0 + outStride;
        int o2 = o1 + outStride;
        int o3 = o2 + outStride;
        out[o0] = c00.reduceLanes(VectorOperators.ADD);
        out[o0 + 1] = c10.reduceLanes(VectorOperators.ADD);
        out[o0 + 2] = c20.reduceLanes(VectorOperators.ADD);
        out[o0 + 3] = c30.reduceLanes(VectorOperators.ADD);
        out[o1] = c01.reduceLanes(VectorOperators.ADD);
        out[o1 + 1] = c11.reduceLanes(VectorOperators.ADD);
        out[o1 + 2] = c21.reduceLanes(VectorOperators.ADD);
        out[o1 + 3] = c31.reduceLanes(VectorOperators.ADD);
        out[o2] = c02.reduceLanes(VectorOperators.ADD);
        out[o2 + 1] = c12.reduceLanes(VectorOperators.ADD);
        out[o2 + 2] = c22.reduceLanes(VectorOperators.ADD);
        out[o2 + 3] = c32.reduceLanes(VectorOperators.ADD);
        out[o3] = c03.reduceLanes(VectorOperators.ADD);
        out[o3 + 1] = c13.reduceLanes(VectorOperators.ADD);
        out[o3 + 2] = c23.reduceLanes(VectorOperators.ADD);
        out[o3 + 3] = c33.reduceLanes(VectorOperators.ADD);
    }

    /** The general (edge) case: {@code rows} decoded rows times tokens {@code [t0, t1)}, one dot at a time. */
    static void edge(float[] w, int cols, int rows, float[] x, int t0, int t1, float[] out, int outStride, int r0) {
        for (int t = t0; t < t1; t++) {
            for (int r = 0; r < rows; r++) {
                out[t * outStride + r0 + r] = RowDots.dot(w, r * cols, x, t * cols, cols);
            }
        }
    }
}
