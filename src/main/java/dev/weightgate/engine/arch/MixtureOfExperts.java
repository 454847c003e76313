package dev.weightgate.engine.arch;

import dev.weightgate.engine.kernel.MatMul;
import dev.weightgate.engine.kernel.VectorMath;
import dev.weightgate.engine.kernel.WeightMatrix;
import java.util.Arrays;

/**
 * gpt-oss's feed-forward block for a batch of tokens (llama.cpp {@code build_moe_ffn} with
 * {@code SOFTMAX_WEIGHT} gating and {@code SWIGLU_OAI_MOE}): the router scores every expert, each token goes to its
 * {@code k} best, weighted by the softmax of those {@code k} logits, and each chosen expert computes
 * {@code down(swiglu_oai(gate h + bg, up h + bu)) + bd}.
 *
 * <p>Tokens are grouped by expert, so within a batch each chosen expert's weights are streamed once for all its
 * tokens (llama.cpp's {@code mul_mat_id}); experts no token chose are never read. The weighted outputs are summed
 * per token in selection order, as llama.cpp adds its expert views. Holds a sequence's scratch buffers: one
 * instance per {@link ForwardPass.State}, not thread-safe.
 */
final class MixtureOfExperts {

    /** {@code swiglu_oai}'s alpha and limit, hard-coded in llama.cpp and the reference implementation. */
    static final float SWIGLU_ALPHA = 1.702f;
    static final float SWIGLU_LIMIT = 7.0f;

    private final MatMul kernels;
    private final int dim;
    private final int ffn;
    private final int used;
    private final int experts;
    private int capacity;
    private float[] logits;
    private int[] selected;     // [token][slot]
    private float[] weights;    // [token][slot]
    private int[] members;      // token * used + slot, grouped by expert
    private float[] input;
    private float[] gate;
    private float[] up;
    private float[] down;
    private float[] outputs;    // [token][slot][dim]

    MixtureOfExperts(Hyperparameters hp, MatMul kernels) {
        this.kernels = kernels;
        this.dim = hp.embeddingLength();
        this.ffn = hp.expertFeedForwardLength();
        this.used = hp.expertUsedCount();
        this.experts = hp.expertCount();
    }

    private void ensure(int n) {
        if (capacity >= n) {
            return;
        }
        logits = new float[n * experts];
        selected = new int[n * used];
        weights = new float[n * used];
        members = new int[n * used];
        input = new float[n * dim];
        gate = new float[n * ffn];
        up = new float[n * ffn];
        down = new float[n * dim];
        outputs = new float[n * used * dim];
        capacity = n;
    }

    /** Adds the experts' output for the {@code n} normalised hidden states {@code h} to the residual {@code x}. */
    void apply(ExpertWeights w, float[] h, int n, float[] x) {
        ensure(n);
        kernels.multiply(w.router(), h, n, logits);
        for (int t = 0; t < n; t++) {
            VectorMath.add(logits, t * experts, w.routerBias(), 0, experts);
            route(logits, t * experts, experts, used, selected, weights, t * used);
        }
        int[] count = new int[experts + 1];
        for (int i = 0; i < n * used; i++) {
            count[selected[i] + 1]++;
        }
        for (int e = 0; e < experts; e++) {
            count[e + 1] += count[e];
        }
        int[] next = Arrays.copyOf(count, experts);
        for (int i = 0; i < n * used; i++) {
            members[next[selected[i]]++] = i;
        }
        for (int e = 0; e < experts; e++) {
            int from = count[e];
            int m = count[e + 1] - from;
            if (m > 0) {
                expert(w, e, h, from, m);
            }
        }
        for (int t = 0; t < n; t++) {
            for (int s = 0; s < used; s++) {
                VectorMath.add(x, t * dim, outputs, (t * used + s) * dim, dim);
            }
        }
    }

    /** Runs expert {@code e} on the {@code m} (token, slot) pairs {@code members[from ..]}. */
    private void expert(ExpertWeights w, int e, float[] h, int from, int m) {
        for (int i = 0; i < m; i++) {
            int token = members[from + i] / used;
            System.arraycopy(h, token * dim, input, i * dim, dim);
        }
        kernels.multiply(new WeightMatrix[] {w.gate()[e], w.up()[e]}, input, m, new float[][] {gate, up});
        for (int i = 0; i < m; i++) {
            VectorMath.add(gate, i * ffn, w.gateBias()[e], 0, ffn);
            VectorMath.add(up, i * ffn, w.upBias()[e], 0, ffn);
            VectorMath.swigluOai(gate, up, i * ffn, ffn, SWIGLU_ALPHA, SWIGLU_LIMIT);
        }
        kernels.multiply(w.down()[e], gate, m, down);
        float[] bias = w.downBias()[e];
        for (int i = 0; i < m; i++) {
            int pair = members[from + i];
            float weight = weights[pair];
            int out = pair * dim;
            for (int c = 0; c < dim; c++) {
                outputs[out + c] = (down[i * dim + c] + bias[c]) * weight;
            }
        }
    }

    /**
     * The {@code k} largest of {@code logits[offset .. offset + n)} (ties to the lower index) into
     * {@code selected[out ..]}, best first, and the softmax of their logits into {@code weights[out ..]}.
     */
    static void route(float[] logits, int offset, int n, int k, int[] selected, float[] weights, int out) {
        for (int s = 0; s < k; s++) {
            int best = -1;
            for (int e = 0; e < n; e++) {
                if (isTaken(selected, out, s, e)) {
                    continue;
                }
                if (best < 0 || logits[offset + e] > logits[offset + best]) {
                    best = e;
                }
            }
            selected[out + s] = best;
        }
        float max = logits[offset + selected[out]];
        double sum = 0;
        for (int s = 0; s < k; s++) {
            float v = (float) Math.exp(logits[offset + selected[out + s]] - max);
            weights[out + s] = v;
            sum += v;
        }
        float inv = (float) (1 / sum);
        for (int s = 0; s < k; s++) {
            weights[out + s] *= inv;
        }
    }

    private static boolean isTaken(int[] selected, int out, int filled, int e) {
        for (int s = 0; s < filled; s++) {
            if (selected[out + s] == e) {
                return true;
            }
        }
        return false;
    }
}
