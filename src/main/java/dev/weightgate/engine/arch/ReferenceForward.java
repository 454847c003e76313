package dev.weightgate.engine.arch;

import dev.weightgate.engine.kernel.MatMul;
import dev.weightgate.engine.kernel.ReferenceKernels;
import dev.weightgate.engine.kernel.WeightMatrix;
import java.util.ArrayList;
import java.util.List;

/**
 * The forward pass written as plainly as possible, one token at a time, with scalar loops and the
 * {@link ReferenceKernels}: the oracle {@link ForwardPass} is tested against. It follows spec section 4 step by step
 * (RMSNorm with a double sum, RoPE, grouped-query attention with a double softmax, SwiGLU; for gpt-oss attention
 * sinks, sliding windows and the mixture of experts of section 4.6) and shares nothing with the fast path but
 * {@link Rope} (whose angles are a table, not a kernel) and the weights.
 *
 * <p>Switches choose what to compare against: with {@link ReferenceKernels#llamaCpp()}, an F16 cache and llama.cpp's
 * attention rounding (q and the softmax probabilities rounded to F16 before their products) it makes the same
 * rounding choices as the fast pass and llama.cpp; with {@link ReferenceKernels#exact()} and no rounding at all it
 * is the mathematically plain model.
 */
public final class ReferenceForward {

    private final Hyperparameters hp;
    private final Weights weights;
    private final MatMul kernels;
    private final boolean halfPrecisionCache;
    private final boolean llamaCppAttention;
    private final Rope rope;
    private final Rope slidingRope;
    private final List<float[]> keys = new ArrayList<>();   // per position: [layer][kvDim] flattened
    private final List<float[]> values = new ArrayList<>();

    /**
     * @param halfPrecisionCache store K and V rounded to F16, as the fast pass always does
     * @param llamaCppAttention  round q and the softmax probabilities to F16 before their products, as llama.cpp
     */
    public ReferenceForward(Hyperparameters hp, Weights weights, ReferenceKernels kernels, boolean halfPrecisionCache,
                            boolean llamaCppAttention) {
        this.hp = hp;
        this.weights = weights;
        this.kernels = kernels;
        this.halfPrecisionCache = halfPrecisionCache;
        this.llamaCppAttention = llamaCppAttention;
        this.rope = Rope.of(hp, weights);
        this.slidingRope = Rope.of(hp, weights, hp.ropeFreqBaseSwa());
    }

    /** Positions processed so far. */
    public int length() {
        return keys.size();
    }

    /** Runs one token at the next position and returns its logits. */
    public float[] next(int token) {
        int pos = keys.size();
        int dim = hp.embeddingLength();
        int hd = hp.headDim();
        int kvDim = hp.kvDim();
        int layers = hp.blockCount();
        float[] k = new float[layers * kvDim];
        float[] v = new float[layers * kvDim];
        keys.add(k);
        values.add(v);

        float[] x = new float[dim];
        weights.tokenEmbedding().dequantizeRow(token, x, 0);
        float[] cos = new float[hp.ropeDimensions() / 2];
        float[] sin = new float[hp.ropeDimensions() / 2];
        rope.angles(pos, cos, sin, 0);
        float[] slidingCos = new float[hp.ropeDimensions() / 2];
        float[] slidingSin = new float[hp.ropeDimensions() / 2];
        slidingRope.angles(pos, slidingCos, slidingSin, 0);

        for (int layer = 0; layer < layers; layer++) {
            LayerWeights w = weights.layers().get(layer);
            // attention block
            float[] h = rmsNorm(x, 0, dim, w.attnNorm());
            float[] q = matmul(w.q(), h);
            float[] kl = matmul(w.k(), h);
            float[] vl = matmul(w.v(), h);
            addInPlace(q, w.qBias());
            addInPlace(kl, w.kBias());
            addInPlace(vl, w.vBias());
            if (w.qNorm() != null) {
                for (int head = 0; head < hp.headCount(); head++) {
                    System.arraycopy(rmsNorm(q, head * hd, hd, w.qNorm()), 0, q, head * hd, hd);
                }
                for (int head = 0; head < hp.headCountKv(); head++) {
                    System.arraycopy(rmsNorm(kl, head * hd, hd, w.kNorm()), 0, kl, head * hd, hd);
                }
            }
            boolean sliding = hp.slidingLayer(layer);
            Rope layerRope = sliding ? slidingRope : rope;
            layerRope.rotate(q, 0, hp.headCount(), hd, sliding ? slidingCos : cos, sliding ? slidingSin : sin, 0);
            layerRope.rotate(kl, 0, hp.headCountKv(), hd, sliding ? slidingCos : cos, sliding ? slidingSin : sin, 0);
            // a sliding layer sees the positions pos - window + 1 .. pos
            int firstVisible = sliding ? Math.max(0, pos - hp.slidingWindow() + 1) : 0;
            for (int i = 0; i < kvDim; i++) {
                k[layer * kvDim + i] = cached(kl[i]);
                v[layer * kvDim + i] = cached(vl[i]);
            }
            float[] att = new float[hp.queryDim()];
            for (int head = 0; head < hp.headCount(); head++) {
                int kvHead = head / hp.groupSize();
                double[] scores = new double[pos + 1];
                // the sink is one more logit in the normalisation, with no value
                double sink = w.sinks() == null ? Double.NEGATIVE_INFINITY : w.sinks()[head];
                double max = sink;
                for (int j = firstVisible; j <= pos; j++) {
                    double dot = 0;
                    for (int c = 0; c < hd; c++) {
                        dot += (double) rounded(q[head * hd + c]) * keys.get(j)[layer * kvDim + kvHead * hd + c];
                    }
                    scores[j] = dot * hp.attentionScale();
                    max = Math.max(max, scores[j]);
                }
                double sum = w.sinks() == null ? 0 : Math.exp(sink - max);
                for (int j = firstVisible; j <= pos; j++) {
                    scores[j] = Math.exp(scores[j] - max);
                    sum += scores[j];
                }
                for (int j = firstVisible; j <= pos; j++) {
                    scores[j] = rounded((float) (scores[j] / sum));
                }
                for (int c = 0; c < hd; c++) {
                    double out = 0;
                    for (int j = firstVisible; j <= pos; j++) {
                        out += scores[j] * values.get(j)[layer * kvDim + kvHead * hd + c];
                    }
                    att[head * hd + c] = (float) out;
                }
            }
            float[] o = matmul(w.output(), att);
            addInPlace(o, w.outputBias());
            addInPlace(x, o);
            // feed-forward block
            h = rmsNorm(x, 0, dim, w.ffnNorm());
            if (w.experts() != null) {
                addInPlace(x, experts(w.experts(), h));
                continue;
            }
            float[] gate = matmul(w.gate(), h);
            float[] up = matmul(w.up(), h);
            for (int i = 0; i < gate.length; i++) {
                double g = gate[i];
                gate[i] = (float) (g / (1 + Math.exp(-g)) * up[i]);
            }
            addInPlace(x, matmul(w.down(), gate));
        }
        return matmul(weights.output(), rmsNorm(x, 0, dim, weights.outputNorm()));
    }

    /**
     * gpt-oss's mixture of experts: the {@code expert_used_count} experts with the largest router logits (bias
     * included; ties to the lower index), weighted by the softmax of their logits; each computes
     * {@code down(g * sigmoid(1.702 g) * (u + 1)) + bias} with {@code g = min(gate, 7)}, {@code u = clamp(up, -7, 7)}.
     */
    private float[] experts(ExpertWeights w, float[] h) {
        float[] logits = matmul(w.router(), h);
        addInPlace(logits, w.routerBias());
        Integer[] order = new Integer[logits.length];
        for (int e = 0; e < order.length; e++) {
            order[e] = e;
        }
        // a stable sort by descending logit keeps the lower index first on ties
        java.util.Arrays.sort(order, (a, b) -> Float.compare(logits[b], logits[a]));
        int k = hp.expertUsedCount();
        double max = logits[order[0]];
        double[] weight = new double[k];
        double sum = 0;
        for (int s = 0; s < k; s++) {
            weight[s] = Math.exp(logits[order[s]] - max);
            sum += weight[s];
        }
        double[] y = new double[hp.embeddingLength()];
        for (int s = 0; s < k; s++) {
            int e = order[s];
            float[] gate = matmul(w.gate()[e], h);
            float[] up = matmul(w.up()[e], h);
            addInPlace(gate, w.gateBias()[e]);
            addInPlace(up, w.upBias()[e]);
            float[] act = new float[gate.length];
            for (int i = 0; i < act.length; i++) {
                double g = Math.min(gate[i], 7.0);
                double u = Math.max(Math.min(up[i], 7.0), -7.0);
                act[i] = (float) (g / (1 + Math.exp(-1.702 * g)) * (u + 1));
            }
            float[] down = matmul(w.down()[e], act);
            addInPlace(down, w.downBias()[e]);
            for (int c = 0; c < y.length; c++) {
                y[c] += weight[s] / sum * down[c];
            }
        }
        float[] out = new float[y.length];
        for (int c = 0; c < y.length; c++) {
            out[c] = (float) y[c];
        }
        return out;
    }

    private float cached(float value) {
        return halfPrecisionCache ? Float.float16ToFloat(Float.floatToFloat16(value)) : value;
    }

    /** F16 rounding where llama.cpp's attention rounds q and the probabilities, else the value itself. */
    private float rounded(float value) {
        return llamaCppAttention ? Float.float16ToFloat(Float.floatToFloat16(value)) : value;
    }

    private float[] matmul(WeightMatrix w, float[] x) {
        float[] out = new float[w.rows()];
        kernels.multiply(w, x, out);
        return out;
    }

    private float[] rmsNorm(float[] x, int offset, int n, float[] weight) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += (double) x[offset + i] * x[offset + i];
        }
        double scale = 1 / Math.sqrt(sum / n + hp.rmsEpsilon());
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) (x[offset + i] * scale * weight[i]);
        }
        return out;
    }

    private static void addInPlace(float[] x, float[] y) {
        if (y != null) {
            for (int i = 0; i < x.length; i++) {
                x[i] += y[i];
            }
        }
    }
}
