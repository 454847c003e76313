package dev.weightgate.engine.arch;

/**
 * Rotary position embeddings as {@code ggml_rope_ext} computes them on the CPU ({@code ggml_rope_cache_init},
 * {@code rope_yarn} without YaRN): for pair {@code i} the angle is {@code freqScale * theta_i / factor_i} with
 * {@code theta_0 = position} and {@code theta_(i+1) = theta_i * base^(-2/dims)} (a repeated float multiply, as ggml
 * does, not a power per pair). Pairs are adjacent elements for {@link Architecture.RopeType#NORMAL} and the two
 * halves of the head for {@link Architecture.RopeType#NEOX}.
 */
public final class Rope {

    private final Architecture.RopeType type;
    private final int dims;
    private final float thetaScale;
    private final float frequencyScale;
    private final float[] factors;

    /**
     * @param factors per-pair divisors of the angle ({@code rope_freqs}), or null for none
     */
    public Rope(Architecture.RopeType type, int dims, float base, float frequencyScale, float[] factors) {
        if (factors != null && factors.length != dims / 2) {
            throw new IllegalArgumentException("rope factors: " + factors.length + " values for " + dims / 2 + " pairs");
        }
        this.type = type;
        this.dims = dims;
        this.thetaScale = (float) Math.pow(base, -2.0f / dims);
        this.frequencyScale = frequencyScale;
        this.factors = factors == null ? null : factors.clone();
    }

    public static Rope of(Hyperparameters hp, Weights weights) {
        return new Rope(hp.architecture().ropeType(), hp.ropeDimensions(), hp.ropeFreqBase(),
                hp.ropeScaling().frequencyScale(), weights.ropeFactors());
    }

    /** Rotated dimensions per head. */
    public int dims() {
        return dims;
    }

    /** Writes the cosines and sines of {@code position}'s angles to {@code [offset, offset + dims/2)}. */
    public void angles(int position, float[] cos, float[] sin, int offset) {
        float theta = position;
        for (int i = 0; i < dims / 2; i++) {
            float ff = factors == null ? 1f : factors[i];
            float angle = frequencyScale * (theta / ff);
            cos[offset + i] = (float) Math.cos(angle);
            sin[offset + i] = (float) Math.sin(angle);
            theta *= thetaScale;
        }
    }

    /** Rotates the {@code heads} consecutive heads of width {@code headDim} at {@code x[offset ..]} in place. */
    public void rotate(float[] x, int offset, int heads, int headDim, float[] cos, float[] sin, int angleOffset) {
        int half = dims / 2;
        for (int h = 0; h < heads; h++) {
            int base = offset + h * headDim;
            for (int i = 0; i < half; i++) {
                int a = type == Architecture.RopeType.NORMAL ? base + 2 * i : base + i;
                int b = type == Architecture.RopeType.NORMAL ? a + 1 : a + half;
                float c = cos[angleOffset + i];
                float s = sin[angleOffset + i];
                float x0 = x[a];
                float x1 = x[b];
                x[a] = x0 * c - x1 * s;
                x[b] = x0 * s + x1 * c;
            }
        }
    }
}
