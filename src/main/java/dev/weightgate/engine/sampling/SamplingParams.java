package dev.weightgate.engine.sampling;

import java.util.Map;
import java.util.TreeMap;

/**
 * How one request samples its tokens. Immutable and validated on construction, with OpenAI's ranges where OpenAI has
 * the parameter and llama.cpp's meaning where it does not.
 *
 * <p>A stage set to its neutral value is left out of the chain: temperature 0 means greedy, {@code topK} 0, {@code
 * topP} 1 and {@code minP} 0 mean no filtering, {@code repetitionPenalty} 1 and the two additive penalties 0 mean no
 * penalty.
 *
 * @param temperature       0 (greedy) to 2; logits are divided by it after filtering
 * @param topK              keep the k most likely tokens; 0 disables
 * @param topP              nucleus: keep the shortest most-likely prefix whose probability reaches p; 0 to 1
 * @param minP              keep tokens whose probability is at least {@code minP} times the top one's; 0 to 1
 * @param repetitionPenalty CTRL-style penalty for tokens in the window: positive logits divided, others multiplied;
 *                          greater than 0, 1 disables
 * @param penaltyLastN      how many of the most recent accepted tokens the three penalties look at; 0 disables the
 *                          penalties, -1 means every accepted token
 * @param frequencyPenalty  subtracted once per occurrence in the window; -2 to 2
 * @param presencePenalty   subtracted once if the token occurs in the window; -2 to 2
 * @param seed              seed of the random draw; {@code null} draws a random seed per request
 * @param logitBias         added to the logits of the given token ids before anything else; each -100 to 100
 */
public record SamplingParams(
        float temperature,
        int topK,
        float topP,
        float minP,
        float repetitionPenalty,
        int penaltyLastN,
        float frequencyPenalty,
        float presencePenalty,
        Long seed,
        Map<Integer, Float> logitBias) {

    /** llama.cpp's defaults ({@code common_params_sampling}): temperature 0.8, top-k 40, top-p 0.95, min-p 0.05. */
    public static final SamplingParams LLAMA_CPP_DEFAULTS =
            new SamplingParams(0.8f, 40, 0.95f, 0.05f, 1.0f, 64, 0f, 0f, null, Map.of());

    /** Always the most likely token, no penalties. */
    public static final SamplingParams GREEDY = new SamplingParams(0f, 0, 1f, 0f, 1f, 64, 0f, 0f, null, Map.of());

    public SamplingParams {
        check(Float.isFinite(temperature) && temperature >= 0f && temperature <= 2f,
                "temperature must be between 0 and 2, got " + temperature);
        check(topK >= 0, "top_k must be 0 (disabled) or positive, got " + topK);
        check(Float.isFinite(topP) && topP >= 0f && topP <= 1f, "top_p must be between 0 and 1, got " + topP);
        check(Float.isFinite(minP) && minP >= 0f && minP <= 1f, "min_p must be between 0 and 1, got " + minP);
        check(Float.isFinite(repetitionPenalty) && repetitionPenalty > 0f,
                "repetition_penalty must be greater than 0, got " + repetitionPenalty);
        check(penaltyLastN >= -1, "the penalty window must be -1 (all tokens), 0 (off) or positive, got "
                + penaltyLastN);
        check(Float.isFinite(frequencyPenalty) && frequencyPenalty >= -2f && frequencyPenalty <= 2f,
                "frequency_penalty must be between -2 and 2, got " + frequencyPenalty);
        check(Float.isFinite(presencePenalty) && presencePenalty >= -2f && presencePenalty <= 2f,
                "presence_penalty must be between -2 and 2, got " + presencePenalty);
        TreeMap<Integer, Float> bias = new TreeMap<>();
        if (logitBias != null) {
            logitBias.forEach((token, value) -> {
                check(token != null && token >= 0, "logit_bias token ids must be non-negative, got " + token);
                check(value != null && Float.isFinite(value) && value >= -100f && value <= 100f,
                        "logit_bias for token " + token + " must be between -100 and 100, got " + value);
                bias.put(token, value);
            });
        }
        logitBias = java.util.Collections.unmodifiableMap(bias);
    }

    /** A builder starting from {@link #LLAMA_CPP_DEFAULTS}. */
    public static Builder builder() {
        return new Builder(LLAMA_CPP_DEFAULTS);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** True when the pick is the arg-max: temperature 0. */
    public boolean greedy() {
        return temperature == 0f;
    }

    /**
     * Checks the parameters that depend on the model: every logit-bias id must be a token of the vocabulary.
     *
     * @throws IllegalArgumentException naming the first id out of range
     */
    public void validateFor(int vocabularySize) {
        for (int token : logitBias.keySet()) {
            check(token < vocabularySize, "logit_bias names token " + token + ", but the vocabulary has "
                    + vocabularySize + " tokens");
        }
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /** Changes some parameters; {@link #build()} validates. */
    public static final class Builder {
        private float temperature;
        private int topK;
        private float topP;
        private float minP;
        private float repetitionPenalty;
        private int penaltyLastN;
        private float frequencyPenalty;
        private float presencePenalty;
        private Long seed;
        private Map<Integer, Float> logitBias;

        private Builder(SamplingParams from) {
            temperature = from.temperature;
            topK = from.topK;
            topP = from.topP;
            minP = from.minP;
            repetitionPenalty = from.repetitionPenalty;
            penaltyLastN = from.penaltyLastN;
            frequencyPenalty = from.frequencyPenalty;
            presencePenalty = from.presencePenalty;
            seed = from.seed;
            logitBias = from.logitBias;
        }

        public Builder temperature(float value) {
            temperature = value;
            return this;
        }

        public Builder topK(int value) {
            topK = value;
            return this;
        }

        public Builder topP(float value) {
            topP = value;
            return this;
        }

        public Builder minP(float value) {
            minP = value;
            return this;
        }

        public Builder repetitionPenalty(float value) {
            repetitionPenalty = value;
            return this;
        }

        public Builder penaltyLastN(int value) {
            penaltyLastN = value;
            return this;
        }

        public Builder frequencyPenalty(float value) {
            frequencyPenalty = value;
            return this;
        }

        public Builder presencePenalty(float value) {
            presencePenalty = value;
            return this;
        }

        public Builder seed(Long value) {
            seed = value;
            return this;
        }

        public Builder logitBias(Map<Integer, Float> value) {
            logitBias = value;
            return this;
        }

        /** No filtering at all: top-k, top-p and min-p neutral. */
        public Builder noFilters() {
            topK = 0;
            topP = 1f;
            minP = 0f;
            return this;
        }

        public SamplingParams build() {
            return new SamplingParams(temperature, topK, topP, minP, repetitionPenalty, penaltyLastN,
                    frequencyPenalty, presencePenalty, seed, logitBias);
        }
    }
}
