package dev.weightgate.engine.arch;

/**
 * How RoPE frequencies are stretched for a longer context.
 *
 * @param kind             none, linear (every angle divided by {@code factor}) or Llama 3 (per-frequency factors)
 * @param factor           {@code rope.scaling.factor}
 * @param originalContext  {@code rope.scaling.original_context_length} (Llama 3: the pre-training context)
 * @param lowFreqFactor    Llama 3 {@code low_freq_factor}
 * @param highFreqFactor   Llama 3 {@code high_freq_factor}
 */
public record RopeScaling(Kind kind, float factor, int originalContext, float lowFreqFactor, float highFreqFactor) {

    public static final RopeScaling NONE = new RopeScaling(Kind.NONE, 1, 0, 1, 1);

    public enum Kind {
        NONE, LINEAR, LLAMA3
    }

    /** llama.cpp's {@code freq_scale}: {@code 1 / factor} for linear scaling, else 1. */
    public float frequencyScale() {
        return kind == Kind.LINEAR ? 1 / factor : 1;
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
