package dev.weightgate.engine.kernel;

/**
 * Products of weight matrices with activations: the operation that takes nearly all of a forward pass's time.
 *
 * <p>Activations are row-major {@code float[]}: token {@code t}'s vector of length {@code w.cols()} starts at
 * {@code t * w.cols()}, and its output of length {@code w.rows()} at {@code t * w.rows()}. Several matrices that read
 * the same input (Q, K and V; gate and up) can be passed together so the input is prepared once and the rows of
 * all of them are shared out in one parallel loop. Implementations never modify the inputs.
 */
public interface MatMul {

    /**
     * For each matrix {@code ws[i]} and each of the {@code n} tokens:
     * {@code out[i][t * rows + r] = sum_c ws[i][r][c] * x[t * cols + c]}. All matrices have the same {@code cols}.
     */
    void multiply(WeightMatrix[] ws, float[] x, int n, float[][] out);

    /** One matrix, {@code n} tokens. */
    default void multiply(WeightMatrix w, float[] x, int n, float[] out) {
        multiply(new WeightMatrix[] {w}, x, n, new float[][] {out});
    }

    /** One matrix, one token: {@code out[r] = sum_c w[r][c] * x[c]}. */
    default void multiply(WeightMatrix w, float[] x, float[] out) {
        multiply(w, x, 1, out);
    }
}
