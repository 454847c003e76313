package dev.weightgate.engine.arch;

/**
 * Rotary position embeddings as {@code ggml_rope_ext} computes them on the CPU ({@code ggml_rope_cache_init},
 * {@code rope_yarn} without YaRN): for pair {@code i} the angle is {@code freqScale * theta_i / factor_i} with
 * {@code theta_0 = position} and {@code theta_(i+1) = theta_i * base^(-2/dims)} (a repeated float multiply, as ggml
 * does, not a power per pair). Pairs are adjacent elements for {@link Architecture.RopeType#NORMAL} and the two
 * halves of the head for {@link Architecture.RopeType#NEOX}.
 *
 * <p>With YaRN ({@code rope_yarn}, {@code ext_factor = 1}) each pair's angle blends the interpolated angle
 * {@code freqScale * theta} with the unscaled one by a ramp that is 1 (keep the angle) below the correction range
 * {@code [low, high]} and 0 (interpolate) above it, and cos and sin are multiplied by {@code 1 + 0.1 ln(factor)}.
 */
public final class Rope {

    private final Architecture.RopeType type;
    private final int dims;
    private final float thetaScale;
    private final float frequencyScale;
    private final float[] factors;
    private final boolean yarn;
    private final float rampLow;
    private final float rampHigh;
    private final float magnitude;

    /**
     * @param factors per-pair divisors of the angle ({@code rope_freqs}), or null for none
     */
    public Rope(Architecture.RopeType type, int dims, float base, float frequencyScale, float[] factors) {
        this(type, dims, base, frequencyScale, factors, null);
    }

    /**
     * A rope whose frequency scale comes from {@code scaling}, with YaRN's ramp and magnitude when its kind is
     * {@link RopeScaling.Kind#YARN}.
     */
    public Rope(Architecture.RopeType type, int dims, float base, RopeScaling scaling, float[] factors) {
        this(type, dims, base, scaling.frequencyScale(), factors,
                scaling.kind() == RopeScaling.Kind.YARN ? scaling : null);
    }

    private Rope(Architecture.RopeType type, int dims, float base, float frequencyScale, float[] factors,
                 RopeScaling yarnScaling) {
        if (factors != null && factors.length != dims / 2) {
            throw new IllegalArgumentException("rope factors: " + factors.length + " values for " + dims / 2 + " pairs");
        }
        this.type = type;
        this.dims = dims;
        this.thetaScale = (float) Math.pow(base, -2.0f / dims);
        this.frequencyScale = frequencyScale;
        this.factors = factors == null ? null : factors.clone();
        this.yarn = yarnScaling != null;
        if (yarn) {
            // ggml_rope_yarn_corr_dims, in float as ggml computes it
            int original = yarnScaling.originalContext();
            rampLow = Math.max(0f, (float) Math.floor(correctionDim(dims, original, yarnScaling.betaFast(), base)));
            rampHigh = Math.min(dims - 1f, (float) Math.ceil(correctionDim(dims, original, yarnScaling.betaSlow(),
                    base)));
            magnitude = 1.0f + 0.1f * (float) Math.log(1.0f / frequencyScale);
        } else {
            rampLow = 0;
            rampHigh = 0;
            magnitude = 1;
        }
    }

    /** The pair index at which a frequency completes {@code rotations} turns over {@code originalContext}. */
    private static float correctionDim(int dims, int originalContext, float rotations, float base) {
        return dims * (float) Math.log(originalContext / (rotations * 2 * (float) Math.PI))
                / (2 * (float) Math.log(base));
    }

    public static Rope of(Hyperparameters hp, Weights weights) {
        return of(hp, weights, hp.ropeFreqBase());
    }

    /** The model's rope with another base (gpt-oss may give its sliding-window layers their own). */
    public static Rope of(Hyperparameters hp, Weights weights, float base) {
        return new Rope(hp.architecture().ropeType(), hp.ropeDimensions(), base, hp.ropeScaling(),
                weights.ropeFactors());
    }

    /** YaRN's correction range {@code [low, high]} in pair indices, for tests; {@code {0, 0}} without YaRN. */
    float[] yarnRange() {
        return new float[] {rampLow, rampHigh};
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
            float extrapolated = theta / ff;
            float angle = frequencyScale * extrapolated;
            float scale = 1;
            if (yarn) {
                float ramp = 1 - Math.min(1, Math.max(0, (i - rampLow) / Math.max(0.001f, rampHigh - rampLow)));
                angle = angle * (1 - ramp) + extrapolated * ramp;
                scale = magnitude;
            }
            cos[offset + i] = (float) Math.cos(angle) * scale;
            sin[offset + i] = (float) Math.sin(angle) * scale;
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
