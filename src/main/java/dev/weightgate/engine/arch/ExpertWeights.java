package dev.weightgate.engine.arch;

import dev.weightgate.engine.kernel.WeightMatrix;

/**
 * A layer's mixture of experts (gpt-oss): the router and every expert's SwiGLU matrices with their biases. Each
 * expert's matrix is a view of its slice of the 3-D GGUF tensor, so routing a token to an expert reads only that
 * expert's bytes.
 *
 * @param router     {@code experts x dim}: one logit per expert
 * @param routerBias {@code [experts]}
 * @param gate       per expert, {@code ffn x dim}
 * @param up         per expert, {@code ffn x dim}
 * @param down       per expert, {@code dim x ffn}
 * @param gateBias   per expert, {@code [ffn]}
 * @param upBias     per expert, {@code [ffn]}
 * @param downBias   per expert, {@code [dim]}
 */
public record ExpertWeights(WeightMatrix router, float[] routerBias, WeightMatrix[] gate, WeightMatrix[] up,
                            WeightMatrix[] down, float[][] gateBias, float[][] upBias, float[][] downBias) {

    public ExpertWeights {
        int n = router.rows();
        if (routerBias.length != n || gate.length != n || up.length != n || down.length != n || gateBias.length != n
                || upBias.length != n || downBias.length != n) {
            throw new IllegalArgumentException("router has " + n + " experts but the expert tensors disagree");
        }
    }

    public int count() {
        return router.rows();
    }
}
