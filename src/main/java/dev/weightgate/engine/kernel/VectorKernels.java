package dev.weightgate.engine.kernel;

import dev.weightgate.engine.tensor.GgmlType;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * The fast {@link MatMul}: Vector API kernels reading the weights straight from their (mapped) segments, rows
 * shared out over a {@link ComputePool}.
 *
 * <p>Both paths first round the activations as llama.cpp does ({@link ActivationRounding}), once per input and
 * rounding kind. One token (decode) uses the fused row kernels of {@link RowDots}: every weight byte is read once
 * and decoded in registers; on 256-bit vectors, for Q4_0, Q4_K and Q6_K weights, the integer kernels of
 * {@link IntRowDots}, which multiply the quants with the activations' 8-bit quants in 16-bit lanes. Several tokens
 * (prefill) decode each group of four rows once into a per-thread float buffer and multiply it with four tokens at a
 * time ({@link Gemm}), so the weights are read once per batch.
 *
 * <p>Thread-safe; the calling thread's activation buffers are kept in a thread-local and reused.
 */
public final class VectorKernels implements MatMul {

    /** Below this many tokens, the fused matrix-vector kernel is applied token by token. */
    static final int PREFILL_MIN_TOKENS = 4;
    private static final int DECODE_GRAIN_ROWS = 16;
    /**
     * From this row length on, Q8_0 rows are dotted four at a time: the activations (4 bytes each) no longer fit in
     * L1 with the weights streaming through, and reading them once per four rows halves the traffic (measured: the
     * 2048 x 8192 down projection 1.4 -> 1.06 ms single-threaded; 8192 x 2048 matrices are faster one row at a time).
     */
    static final int MULTI_ROW_MIN_COLS = Integer.getInteger("weightgate.multiRowMinCols", 4096);

    private final ComputePool pool;
    private final boolean roundActivations;
    private final ThreadLocal<Prepared[]> prepared = ThreadLocal.withInitial(
            () -> new Prepared[ActivationRounding.values().length]);

    /** Kernels that round activations as llama.cpp does (the default numerics). */
    public VectorKernels(ComputePool pool) {
        this(pool, true);
    }

    /**
     * @param roundActivations false to multiply with the activations as given (for tests that need a product free
     *                         of rounding boundaries; slower for nothing and further from llama.cpp otherwise)
     */
    public VectorKernels(ComputePool pool, boolean roundActivations) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.roundActivations = roundActivations;
    }

    public ComputePool pool() {
        return pool;
    }

    /** The vector width the kernels run at (512 on AVX-512, 256 on AVX2, or as forced by
     * {@code -Dweightgate.vectorBits}). */
    public static int vectorBits() {
        return Lanes.F.vectorBitSize();
    }

    /**
     * Rounded activations and their per-32 sums, for one rounding kind; for the 8-bit roundings also the quants
     * themselves (as shorts), their per-32 scales and Q4_0's per-block offsets ({@link IntRowDots}).
     */
    static final class Prepared {
        float[] x = new float[0];
        float[] sum32 = new float[0];
        /** Q4_0's offset folded into the activations, per block ({@link RowDots#q4_0Offsets}); decode only. */
        float[] q4Neg = new float[0];
        short[] q;
        float[] qScale;
        short[] q4Offsets;
        boolean ready;

        void ensure(int values, boolean quants) {
            if (x.length < values) {
                x = new float[values];
                sum32 = new float[(values + 31) / 32];
                q4Neg = new float[(values + 31) / 32 * 16];
            }
            if (quants && (q == null || q.length < values)) {
                q = new short[values];
                qScale = new float[(values + 31) / 32];
                q4Offsets = new short[(values + 31) / 32 * 16];
            }
        }

        /** True if the last preparation filled {@link #q} (decode only: prefill multiplies the floats). */
        boolean quantized;

        boolean hasQuants() {
            return quantized;
        }
    }

    @Override
    public void multiply(WeightMatrix[] ws, float[] x, int n, float[][] out) {
        if (ws.length == 0 || n == 0) {
            return;
        }
        int cols = ws[0].cols();
        if (ws.length != out.length) {
            throw new IllegalArgumentException(ws.length + " matrices but " + out.length + " outputs");
        }
        Objects.checkFromIndexSize(0, n * cols, x.length);
        for (int i = 0; i < ws.length; i++) {
            if (ws[i].cols() != cols) {
                throw new IllegalArgumentException(ws[i].name() + " has " + ws[i].cols() + " columns, " + ws[0].name()
                        + " has " + cols);
            }
            Objects.checkFromIndexSize(0, n * ws[i].rows(), out[i].length);
        }
        Prepared[] byRounding = prepare(ws, x, n, cols);
        if (n < PREFILL_MIN_TOKENS) {
            for (int t = 0; t < n; t++) {
                decode(ws, byRounding, t, cols, out);
            }
        } else {
            prefill(ws, byRounding, n, cols, out);
        }
    }

    private Prepared[] prepare(WeightMatrix[] ws, float[] x, int n, int cols) {
        Prepared[] byRounding = prepared.get();
        for (Prepared p : byRounding) {
            if (p != null) {
                p.ready = false;
            }
        }
        for (WeightMatrix w : ws) {
            ActivationRounding rounding = roundingFor(w.type());
            Prepared p = byRounding[rounding.ordinal()];
            if (p == null) {
                p = byRounding[rounding.ordinal()] = new Prepared();
            }
            if (p.ready) {
                continue;
            }
            boolean decode = n < PREFILL_MIN_TOKENS;
            // the 8-bit quants are only used by the decode kernels of IntRowDots
            boolean quants = decode && rounding.isEightBit() && IntRowDots.PREFERRED;
            // Q4_0's folded offsets only by RowDots.q4_0, for the activations Q4_0 weights are multiplied with
            boolean q4_0Offsets = decode && !quants && cols % 32 == 0 && rounding == roundingFor(GgmlType.Q4_0);
            p.ensure(n * cols, quants);
            p.quantized = quants;
            float[] rounded = p.x;
            float[] sums = p.sum32;
            short[] q = p.q;
            float[] qScale = p.qScale;
            short[] q4Offsets = p.q4Offsets;
            float[] q4Neg = p.q4Neg;
            boolean needSums = cols % 32 == 0;
            pool.parallelFor(n, 1, (from, to) -> {
                for (int t = from; t < to; t++) {
                    if (quants) {
                        // the same values as rounding.apply: scale * q is exact (ActivationRoundingTests)
                        rounding.quantize(x, t * cols, cols, q, t * cols, qScale, t * (cols / 32));
                        for (int c = 0; c < cols; c++) {
                            rounded[t * cols + c] = qScale[t * (cols / 32) + c / 32] * q[t * cols + c];
                        }
                        if (rounding == ActivationRounding.Q8_0) {
                            IntRowDots.q4_0Offsets(q, t * cols, cols, q4Offsets, t * (cols / 32) * 16);
                        }
                    } else {
                        rounding.apply(x, t * cols, cols, rounded, t * cols);
                    }
                    if (q4_0Offsets) {
                        RowDots.q4_0Offsets(rounded, t * cols, cols, q4Neg, t * (cols / 32) * 16);
                    }
                    if (needSums) {
                        for (int b = 0; b < cols / 32; b++) {
                            float s = 0;
                            int at = t * cols + 32 * b;
                            for (int j = 0; j < 32; j++) {
                                s += rounded[at + j];
                            }
                            sums[t * (cols / 32) + b] = s;
                        }
                    }
                }
            });
            p.ready = true;
        }
        return byRounding;
    }

    private ActivationRounding roundingFor(GgmlType type) {
        return roundActivations ? ActivationRounding.forWeights(type) : ActivationRounding.NONE;
    }

    // ---- decode: fused row kernels ---------------------------------------------------------------------------

    private void decode(WeightMatrix[] ws, Prepared[] byRounding, int t, int cols, float[][] out) {
        int total = 0;
        int[] starts = new int[ws.length + 1];
        for (int i = 0; i < ws.length; i++) {
            starts[i] = total;
            total += ws[i].rows();
        }
        starts[ws.length] = total;
        pool.parallelFor(total, DECODE_GRAIN_ROWS, (from, to) -> {
            float[] scratch = null;
            for (int i = 0; i < ws.length; i++) {
                int lo = Math.max(from, starts[i]);
                int hi = Math.min(to, starts[i + 1]);
                if (lo >= hi) {
                    continue;
                }
                WeightMatrix w = ws[i];
                Prepared p = byRounding[roundingFor(w.type()).ordinal()];
                if (needsScratch(w.type()) && scratch == null) {
                    scratch = new float[cols];
                }
                if (p.hasQuants() && dotRowsQuantized(w, lo - starts[i], hi - starts[i], p, t, out[i], t * w.rows())) {
                    continue;
                }
                dotRows(w, lo - starts[i], hi - starts[i], p, t, out[i], t * w.rows(), scratch);
            }
        });
    }

    private static boolean needsScratch(GgmlType type) {
        return switch (type) {
            case F32, F16, BF16, Q8_0, Q4_0, Q4_K, Q5_K, Q6_K, MXFP4 -> false;
            default -> true;
        };
    }

    /**
     * The integer kernels ({@link IntRowDots}) for token {@code t} of {@code p}'s 8-bit activations, for rows
     * {@code [r0, r1)}; false (nothing done) for types without one.
     */
    static boolean dotRowsQuantized(WeightMatrix w, int r0, int r1, Prepared p, int t, float[] out, int oo) {
        MemorySegment seg = w.data();
        long rb = w.rowBytes();
        int n = w.cols();
        int qo = t * n;
        int so = t * (n / 32);
        switch (w.type()) {
            case Q4_0 -> {
                int co = so * 16;
                int r = r0;
                for (; r + 2 <= r1; r += 2) {
                    IntRowDots.q4_0x2(seg, r * rb, rb, p.q, qo, p.qScale, so, p.q4Offsets, co, n, out, oo + r);
                }
                if (r < r1) {
                    out[oo + r] = IntRowDots.q4_0(seg, r * rb, p.q, qo, p.qScale, so, p.q4Offsets, co, n);
                }
                return true;
            }
            case Q4_K -> {
                for (int r = r0; r < r1; r++) {
                    out[oo + r] = IntRowDots.q4_K(seg, r * rb, p.q, qo, p.qScale, so, p.sum32, so, n);
                }
                return true;
            }
            case Q6_K -> {
                for (int r = r0; r < r1; r++) {
                    out[oo + r] = IntRowDots.q6_K(seg, r * rb, p.q, qo, p.qScale, so, n);
                }
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    /** {@code out[oo + r] = row r . (token t of p's rounded activations)} for rows {@code [r0, r1)}. */
    static void dotRows(WeightMatrix w, int r0, int r1, Prepared p, int t, float[] out, int oo, float[] scratch) {
        MemorySegment seg = w.data();
        long rb = w.rowBytes();
        int n = w.cols();
        float[] x = p.x;
        int xo = t * n;
        float[] sum32 = p.sum32;
        int so = t * (n / 32);
        switch (w.type()) {
            case F32 -> {
                for (int r = r0; r < r1; r++) {
                    out[oo + r] = RowDots.f32(seg, r * rb, x, xo, n);
                }
            }
            case F16 -> {
                for (int r = r0; r < r1; r++) {
                    out[oo + r] = RowDots.f16(seg, r * rb, x, xo, n);
                }
            }
            case BF16 -> {
                for (int r = r0; r < r1; r++) {
                    out[oo + r] = RowDots.bf16(seg, r * rb, x, xo, n);
                }
            }
            case Q8_0 -> {
                int r = r0;
                if (n >= MULTI_ROW_MIN_COLS) {
                    for (; r + 4 <= r1; r += 4) {
                        RowDots.q8_0x4(seg, r * rb, rb, x, xo, n, out, oo + r);
                    }
                }
                for (; r < r1; r++) {
                    out[oo + r] = RowDots.q8_0(seg, r * rb, x, xo, n);
                }
            }
            case Q4_0 -> {
                for (int r = r0; r < r1; r++) {
                    out[oo + r] = RowDots.q4_0(seg, r * rb, x, xo, p.q4Neg, so * 16, n);
                }
            }
            case Q4_K -> {
                for (int r = r0; r < r1; r++) {
                    out[oo + r] = RowDots.q4_K(seg, r * rb, x, xo, sum32, so, n);
                }
            }
            case Q5_K -> {
                for (int r = r0; r < r1; r++) {
                    out[oo + r] = RowDots.q5_K(seg, r * rb, x, xo, sum32, so, n);
                }
            }
            case Q6_K -> {
                for (int r = r0; r < r1; r++) {
                    out[oo + r] = RowDots.q6_K(seg, r * rb, x, xo, n);
                }
            }
            case MXFP4 -> {
                for (int r = r0; r < r1; r++) {
                    out[oo + r] = Mxfp4Rows.dot(seg, r * rb, x, xo, n);
                }
            }
            default -> {
                // types without a fused kernel: decode the row with the scalar dequantizer, then a vector dot
                for (int r = r0; r < r1; r++) {
                    w.type().dequantize(seg, r * rb, scratch, 0, n);
                    out[oo + r] = RowDots.dot(scratch, 0, x, xo, n);
                }
            }
        }
    }

    // ---- prefill: decode rows once, multiply with the whole batch ------------------------------------------

    private void prefill(WeightMatrix[] ws, Prepared[] byRounding, int n, int cols, float[][] out) {
        int groups = 0;
        int[] firstGroup = new int[ws.length + 1];
        for (int i = 0; i < ws.length; i++) {
            firstGroup[i] = groups;
            groups += (ws[i].rows() + Gemm.ROWS - 1) / Gemm.ROWS;
        }
        firstGroup[ws.length] = groups;
        boolean vectorCols = cols % Lanes.L == 0;
        pool.parallelFor(groups, 1, (from, to) -> {
            float[] rows = new float[Gemm.ROWS * cols];
            int i = 0;
            for (int g = from; g < to; g++) {
                while (g >= firstGroup[i + 1]) {
                    i++;
                }
                WeightMatrix w = ws[i];
                float[] x = byRounding[roundingFor(w.type()).ordinal()].x;
                int r0 = (g - firstGroup[i]) * Gemm.ROWS;
                int count = Math.min(Gemm.ROWS, w.rows() - r0);
                long rb = w.rowBytes();
                for (int r = 0; r < count; r++) {
                    RowDecoders.decode(w.type(), w.data(), (r0 + r) * rb, cols, rows, r * cols);
                }
                int t = 0;
                if (count == Gemm.ROWS && vectorCols) {
                    for (; t + Gemm.TOKENS <= n; t += Gemm.TOKENS) {
                        Gemm.tile4x4(rows, cols, x, t, out[i], w.rows(), r0);
                    }
                }
                Gemm.edge(rows, cols, count, x, t, n, out[i], w.rows(), r0);
            }
        });
    }
}
