package dev.weightgate.engine.arch;

/**
 * How RoPE frequencies are stretched for a longer context.
 *
 * @param kind             none, linear (every angle divided by {@code factor}) or Llama 3 (per-frequency factors)
 * @param factor           {@code rope.scaling.factor}
 * @param originalContext  {@code rope.scaling.original_context_length} (Llama 3: the pre-training context)
 * @param lowFreqFactor    Llama 3 {@code low_freq_factor}
 * @param highFreqFactor   Llama 3 {@code high_freq_factor}
 * @param betaFast         YaRN {@code beta_fast}: pairs rotating more often than this over the original context keep
 *                         their angle (extrapolate)
 * @param betaSlow         YaRN {@code beta_slow}: pairs rotating less often are fully interpolated
 */
public record RopeScaling(Kind kind, float factor, int originalContext, float lowFreqFactor, float highFreqFactor,
                          float betaFast, float betaSlow) {

    public static final RopeScaling NONE = new RopeScaling(Kind.NONE, 1, 0, 1, 1);

    public enum Kind {
        NONE, LINEAR, LLAMA3, YARN
    }

    /** Scaling without YaRN parameters (they take llama.cpp's runtime defaults, 32 and 1). */
    public RopeScaling(Kind kind, float factor, int originalContext, float lowFreqFactor, float highFreqFactor) {
        this(kind, factor, originalContext, lowFreqFactor, highFreqFactor, 32, 1);
    }

    /** YaRN scaling by {@code factor} of a model pre-trained on {@code originalContext} positions. */
    public static RopeScaling yarn(float factor, int originalContext, float betaFast, float betaSlow) {
        return new RopeScaling(Kind.YARN, factor, originalContext, 1, 1, betaFast, betaSlow);
    }

    /** llama.cpp's {@code freq_scale}: {@code 1 / factor} for linear and YaRN scaling, else 1. */
    public float frequencyScale() {
        return kind == Kind.LINEAR || kind == Kind.YARN ? 1 / factor : 1;
    }

    /**
     * Llama 3's per-pair divisors of the angle ({@code rope_freqs}, as {@code convert_hf_to_gguf.py} bakes them from
     * Meta's {@code _compute_llama3_parameters}): 1 for high frequencies, {@code factor} for low ones, a smooth blend
     * between.
     */
    public float[] llama3Factors(float base, int ropeDimensions) {
        float[] factors = new float[ropeDimensions / 2];
        double lowWavelength = originalContext / lowFreqFactor;
        double highWavelength = originalContext / highFreqFactor;
        for (int i = 0; i < factors.length; i++) {
            double frequency = 1.0 / Math.pow(base, 2.0 * i / ropeDimensions);
            double wavelength = 2 * Math.PI / frequency;
            if (wavelength < highWavelength) {
                factors[i] = 1;
            } else if (wavelength > lowWavelength) {
                factors[i] = factor;
            } else {
                double smooth = (originalContext / wavelength - lowFreqFactor) / (highFreqFactor - lowFreqFactor);
                factors[i] = (float) (1 / ((1 - smooth) / factor + smooth));
            }
        }
        return factors;
    }
}
