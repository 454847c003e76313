package dev.weightgate.engine.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weightgate.engine.tensor.GgmlType;
import dev.weightgate.engine.tensor.RandomBlocks;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every fast {@link MatMul} must satisfy, checked against the scalar oracle {@link ReferenceKernels} on random
 * weights of each type (from {@link RandomBlocks}, in native memory like a mapped file) times random activations,
 * for one token (decode), a few tokens (decode token by token) and batches (prefill, with edge tiles).
 *
 * <p>Two tolerances, both relative to the size of the terms being summed, so they mean the same for any scale:
 * <ul>
 *   <li>Against {@link ReferenceKernels#llamaCpp()} (activations rounded the same way): only float summation order
 *       differs, so {@code |fast - ref| <= 1e-5 * sum_c |w_c x~_c|} (float epsilon is 6e-8; sums of a few hundred
 *       terms in blocked order stay far inside this).</li>
 *   <li>Against {@link ReferenceKernels#exact()} (activations as given): the 8-bit activation rounding moves each
 *       activation by at most half a step, {@code amax/254} of its block, plus the f16 rounding of the Q8_0 scale
 *       ({@code 2^-11 amax}); so {@code |fast - exact| <= (1/254 + 2^-11) * sum_b amax_b * sum_(c in b) |w_c|}
 *       plus the summation term. F16 and BF16 round each activation by at most 2^-11 and 2^-8 of itself. This is
 *       the same change llama.cpp's {@code quantize_row_q8_0}/{@code q8_K} make before its integer dot products.</li>
 * </ul>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class KernelContract {

    static final double SUMMATION_TOLERANCE = 1e-5;

    private final Arena arena = Arena.ofShared();

    /** The kernels under test. */
    abstract MatMul kernels();

    @AfterAll
    void closeArena() {
        arena.close();
    }

    static Stream<GgmlType> types() {
        return Stream.of(GgmlType.F32, GgmlType.F16, GgmlType.BF16, GgmlType.Q8_0, GgmlType.Q4_0, GgmlType.Q4_K,
                GgmlType.Q5_K, GgmlType.Q6_K,
                // no fused kernel: decoded by the scalar dequantizer, still correct
                GgmlType.Q4_1, GgmlType.Q5_0, GgmlType.Q2_K, GgmlType.Q3_K, GgmlType.MXFP4);
    }

    static Stream<Arguments> typesAndTokenCounts() {
        return types().flatMap(type -> Stream.of(1, 3, 4, 9).map(n -> Arguments.of(type, n)));
    }

    @ParameterizedTest(name = "{0} x {1} tokens")
    @MethodSource("typesAndTokenCounts")
    void matchesTheReferenceWithTheSameActivationRoundingUpToSummationOrder(GgmlType type, int tokens) {
        WeightMatrix w = randomMatrix(type, 13, 512, 7 + type.id());
        float[] x = activations(tokens, 512, 3 + tokens);
        float[] fast = new float[tokens * w.rows()];
        kernels().multiply(w, x, tokens, fast);

        float[] ref = new float[fast.length];
        ReferenceKernels.llamaCpp().multiply(w, x, tokens, ref);
        float[] rounded = rounded(type, x, tokens, 512);
        for (int t = 0; t < tokens; t++) {
            for (int r = 0; r < w.rows(); r++) {
                double magnitude = absDot(w, r, rounded, t * 512);
                assertThat((double) fast[t * w.rows() + r]).as("%s row %d token %d", type, r, t)
                        .isCloseTo(ref[t * w.rows() + r], org.assertj.core.data.Offset.offset(
                                SUMMATION_TOLERANCE * magnitude + 1e-30));
            }
        }
    }

    @ParameterizedTest(name = "{0} x {1} tokens")
    @MethodSource("typesAndTokenCounts")
    void differsFromTheExactProductOnlyByTheActivationRounding(GgmlType type, int tokens) {
        WeightMatrix w = randomMatrix(type, 13, 512, 11 + type.id());
        float[] x = activations(tokens, 512, 5 + tokens);
        float[] fast = new float[tokens * w.rows()];
        kernels().multiply(w, x, tokens, fast);

        float[] exact = new float[fast.length];
        ReferenceKernels.exact().multiply(w, x, tokens, exact);
        ActivationRounding rounding = ActivationRounding.forWeights(type);
        float[] row = new float[512];
        for (int t = 0; t < tokens; t++) {
            for (int r = 0; r < w.rows(); r++) {
                w.dequantizeRow(r, row, 0);
                double bound = SUMMATION_TOLERANCE * absDot(w, r, x, t * 512) + roundingBound(rounding, row, x, t * 512);
                assertThat((double) fast[t * w.rows() + r]).as("%s row %d token %d", type, r, t)
                        .isCloseTo(exact[t * w.rows() + r], org.assertj.core.data.Offset.offset(bound + 1e-30));
            }
        }
    }

    static Stream<GgmlType> integerKernelTypes() {
        return Stream.of(GgmlType.Q4_0, GgmlType.Q4_K, GgmlType.Q6_K);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("integerKernelTypes")
    void extremeQuantsAndActivationsStayExactInTheIntegerKernels(GgmlType type) {
        // the 16-bit lanes of IntRowDots hold sums of products of quants: the largest weights (all bits set) times
        // activations at +-127 of their scale are the worst case for overflow; 7 rows, longer rows than above
        int rows = 7;
        int cols = 2048;
        WeightMatrix w = randomMatrix(type, rows, cols, 21 + type.id());
        MemorySegment data = w.data();
        long rowBytes = w.rowBytes();
        for (int r = 0; r < rows; r++) {
            for (long b = 0; b < cols / type.blockSize(); b++) {
                long at = r * rowBytes + b * type.bytesPerBlock();
                switch (type) {
                    case Q4_0 -> data.asSlice(at + 2, 16).fill(r % 2 == 0 ? (byte) 0xFF : 0);
                    case Q4_K -> data.asSlice(at + 16, 128).fill(r % 3 == 0 ? (byte) 0xFF : (byte) 0xF0);
                    case Q6_K -> data.asSlice(at, 192).fill(r % 2 == 0 ? (byte) 0xFF : 0); // q = 63 or 0
                    default -> throw new IllegalArgumentException(type.toString());
                }
            }
        }
        for (int tokens : new int[] {1, 2}) {
            float[] x = new float[tokens * cols];
            for (int i = 0; i < x.length; i++) {
                x[i] = (i / 32) % 3 == 0 ? -4f : 4f; // every activation at the extreme of its block: q = +-127
            }
            x[5] = 0.5f;
            float[] fast = new float[tokens * rows];
            kernels().multiply(w, x, tokens, fast);
            float[] ref = new float[fast.length];
            ReferenceKernels.llamaCpp().multiply(w, x, tokens, ref);
            float[] rounded = rounded(type, x, tokens, cols);
            for (int t = 0; t < tokens; t++) {
                for (int r = 0; r < rows; r++) {
                    double magnitude = absDot(w, r, rounded, t * cols);
                    assertThat((double) fast[t * rows + r]).as("%s row %d token %d", type, r, t)
                            .isCloseTo(ref[t * rows + r], org.assertj.core.data.Offset.offset(
                                    SUMMATION_TOLERANCE * magnitude + 1e-30));
                }
            }
        }
    }

    @Test
    void severalMatricesOfDifferentTypesShareOneInput() {
        // as in a Q4_K_M layer: attn_q/attn_k in Q4_K, attn_v in Q6_K, all reading the same normalised input
        WeightMatrix q = randomMatrix(GgmlType.Q4_K, 16, 256, 1);
        WeightMatrix k = randomMatrix(GgmlType.Q4_K, 8, 256, 2);
        WeightMatrix v = randomMatrix(GgmlType.Q6_K, 8, 256, 3);
        WeightMatrix f = randomMatrix(GgmlType.Q8_0, 5, 256, 4);
        for (int tokens : new int[] {1, 6}) {
            float[] x = activations(tokens, 256, 9);
            WeightMatrix[] ws = {q, k, v, f};
            float[][] together = new float[ws.length][];
            for (int i = 0; i < ws.length; i++) {
                together[i] = new float[tokens * ws[i].rows()];
            }
            kernels().multiply(ws, x, tokens, together);
            for (int i = 0; i < ws.length; i++) {
                float[] alone = new float[tokens * ws[i].rows()];
                kernels().multiply(ws[i], x, tokens, alone);
                // same arithmetic; not always bit-identical only because early calls run the Vector API's Java
                // fallbacks (sequential lane sums) and later ones C2's intrinsics (tree sums)
                for (int j = 0; j < alone.length; j++) {
                    assertThat(together[i][j]).as("%s %d", ws[i].name(), j)
                            .isCloseTo(alone[j], org.assertj.core.data.Offset.offset(1e-5f * (1 + Math.abs(alone[j]))));
                }
            }
        }
    }

    @Test
    void leavesTheInputUntouchedAndRejectsMismatchedShapes() {
        WeightMatrix w = randomMatrix(GgmlType.Q8_0, 4, 64, 1);
        float[] x = activations(2, 64, 1);
        float[] copy = x.clone();
        kernels().multiply(w, x, 2, new float[8]);
        assertThat(x).containsExactly(copy);

        WeightMatrix other = randomMatrix(GgmlType.Q8_0, 4, 96, 2);
        assertThatThrownBy(() -> kernels().multiply(new WeightMatrix[] {w, other}, x, 1,
                new float[][] {new float[4], new float[4]})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> kernels().multiply(w, x, 2, new float[7]))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    WeightMatrix randomMatrix(GgmlType type, int rows, int cols, long seed) {
        byte[] bytes = new byte[Math.toIntExact(type.byteSize((long) rows * cols))];
        SplittableRandom random = new SplittableRandom(seed);
        int rowBytes = Math.toIntExact(type.byteSize(cols));
        for (int r = 0; r < rows; r++) {
            RandomBlocks.fill(type, random, 0.5f, bytes, r * rowBytes, cols);
        }
        MemorySegment segment = arena.allocate(bytes.length, 64);
        MemorySegment.copy(MemorySegment.ofArray(bytes), 0, segment, 0, bytes.length);
        return new WeightMatrix("w-" + type, type, segment, rows, cols);
    }

    /** Gaussian activations with a few outliers, as hidden states have. */
    static float[] activations(int tokens, int cols, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[tokens * cols];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
            if (random.nextInt(97) == 0) {
                x[i] *= 20;
            }
        }
        return x;
    }

    static float[] rounded(GgmlType type, float[] x, int tokens, int cols) {
        float[] out = new float[x.length];
        for (int t = 0; t < tokens; t++) {
            ActivationRounding.forWeights(type).apply(x, t * cols, cols, out, t * cols);
        }
        return out;
    }

    static double absDot(WeightMatrix w, int r, float[] x, int xo) {
        float[] row = new float[w.cols()];
        w.dequantizeRow(r, row, 0);
        double sum = 0;
        for (int c = 0; c < row.length; c++) {
            sum += Math.abs((double) row[c] * x[xo + c]);
        }
        return sum;
    }

    /** The largest change the activation rounding can make to one product (see the class comment). */
    static double roundingBound(ActivationRounding rounding, float[] row, float[] x, int xo) {
        return switch (rounding) {
            case NONE -> 0;
            case F16, BF16 -> {
                double relative = rounding == ActivationRounding.F16 ? 0x1p-11 : 0x1p-8;
                double sum = 0;
                for (int c = 0; c < row.length; c++) {
                    sum += Math.abs((double) row[c] * x[xo + c]);
                }
                yield relative * sum;
            }
            case Q8_0, Q8_K -> {
                int block = rounding.blockSize();
                double sum = 0;
                for (int b = 0; b < row.length; b += block) {
                    double amax = 0;
                    double weights = 0;
                    for (int c = b; c < b + block; c++) {
                        amax = Math.max(amax, Math.abs(x[xo + c]));
                        weights += Math.abs(row[c]);
                    }
                    sum += amax * weights;
                }
                yield (1.0 / 254 + 0x1p-11) * sum;
            }
        };
    }
}
