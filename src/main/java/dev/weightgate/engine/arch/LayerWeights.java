package dev.weightgate.engine.arch;

import dev.weightgate.engine.kernel.WeightMatrix;

/**
 * One decoder layer's weights. Matrices are views of the mapped file; the small vectors (norms, biases) are copied
 * to float arrays. Optional parts are {@code null}.
 *
 * @param attnNorm   RMSNorm weight before attention, {@code [dim]}
 * @param q          query projection, {@code queryDim x dim}
 * @param k          key projection, {@code kvDim x dim}
 * @param v          value projection, {@code kvDim x dim}
 * @param qBias      (qwen2; optional for llama) {@code [queryDim]}
 * @param kBias      {@code [kvDim]}
 * @param vBias      {@code [kvDim]}
 * @param qNorm      (qwen3) per-head RMSNorm weight of Q, {@code [headDim]}
 * @param kNorm      (qwen3) per-head RMSNorm weight of K, {@code [headDim]}
 * @param output     attention output projection, {@code dim x queryDim}
 * @param outputBias (optional for llama) {@code [dim]}
 * @param ffnNorm    RMSNorm weight before the feed-forward block, {@code [dim]} (gpt-oss:
 *                   {@code post_attention_norm}, before the experts)
 * @param gate       SwiGLU gate, {@code ffn x dim} (null with experts)
 * @param up         SwiGLU up, {@code ffn x dim} (null with experts)
 * @param down       SwiGLU down, {@code dim x ffn} (null with experts)
 * @param sinks      (gpt-oss) one attention-sink logit per query head, {@code [heads]}
 * @param experts    (gpt-oss) the mixture of experts that replaces the dense SwiGLU
 */
public record LayerWeights(float[] attnNorm, WeightMatrix q, WeightMatrix k, WeightMatrix v,
                           float[] qBias, float[] kBias, float[] vBias, float[] qNorm, float[] kNorm,
                           WeightMatrix output, float[] outputBias, float[] ffnNorm,
                           WeightMatrix gate, WeightMatrix up, WeightMatrix down,
                           float[] sinks, ExpertWeights experts) {

    /** A dense layer: no sinks, no experts. */
    public LayerWeights(float[] attnNorm, WeightMatrix q, WeightMatrix k, WeightMatrix v,
                        float[] qBias, float[] kBias, float[] vBias, float[] qNorm, float[] kNorm,
                        WeightMatrix output, float[] outputBias, float[] ffnNorm,
                        WeightMatrix gate, WeightMatrix up, WeightMatrix down) {
        this(attnNorm, q, k, v, qBias, kBias, vBias, qNorm, kNorm, output, outputBias, ffnNorm, gate, up, down, null,
                null);
    }
}
