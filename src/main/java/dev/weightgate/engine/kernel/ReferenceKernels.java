package dev.weightgate.engine.kernel;

/**
 * The scalar oracle: each row decoded with {@link dev.weightgate.engine.tensor.GgmlType#dequantize} and dotted with
 * the activations in double precision, one row after another, on the calling thread.
 *
 * <p>{@link #exact()} uses the activations as given: it is the mathematically plain product. {@link #llamaCpp()}
 * first applies the {@link ActivationRounding} that llama.cpp (and the fast kernels) apply, so what remains between it
 * and a fast kernel is only float summation order.
 */
public final class ReferenceKernels implements MatMul {

    private static final ReferenceKernels EXACT = new ReferenceKernels(false);
    private static final ReferenceKernels LLAMA_CPP = new ReferenceKernels(true);

    private final boolean roundActivations;

    private ReferenceKernels(boolean roundActivations) {
        this.roundActivations = roundActivations;
    }

    /** Plain products of the dequantized weights with the unrounded activations. */
    public static ReferenceKernels exact() {
        return EXACT;
    }

    /** Products with the activations rounded as llama.cpp rounds them for each weight type. */
    public static ReferenceKernels llamaCpp() {
        return LLAMA_CPP;
    }

    /** True if activations are rounded as llama.cpp does before the product. */
    public boolean roundsActivations() {
        return roundActivations;
    }

    @Override
    public void multiply(WeightMatrix[] ws, float[] x, int n, float[][] out) {
        for (int i = 0; i < ws.length; i++) {
            WeightMatrix w = ws[i];
            int cols = w.cols();
            float[] input = x;
            if (roundActivations) {
                input = new float[n * cols];
                ActivationRounding rounding = ActivationRounding.forWeights(w.type());
                for (int t = 0; t < n; t++) {
                    rounding.apply(x, t * cols, cols, input, t * cols);
                }
            }
            float[] row = new float[cols];
            for (int r = 0; r < w.rows(); r++) {
                w.dequantizeRow(r, row, 0);
                for (int t = 0; t < n; t++) {
                    double sum = 0;
                    for (int c = 0; c < cols; c++) {
                        sum += (double) row[c] * input[t * cols + c];
                    }
                    out[i][t * w.rows() + r] = (float) sum;
                }
            }
        }
    }
}
