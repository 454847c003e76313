package dev.weightgate.engine.sampling;

/**
 * Picks the next token from the model's logits. Implementations are immutable and can be shared between requests;
 * everything that changes per request lives in the {@link SamplingState} passed in.
 *
 * <p>Typical use, one state per request:
 *
 * <pre>{@code
 * Sampler sampler = Sampler.from(params);
 * SamplingState state = SamplingState.create(params, vocabulary.size());
 * state.acceptAll(promptTokens);            // optional: llama.cpp's server lets the prompt count for penalties
 * int token = sampler.sample(logits, state);
 * state.accept(token);                      // the penalties see it from the next token on
 * }</pre>
 */
@FunctionalInterface
public interface Sampler {

    /** Always the token with the highest logit (the lower id on ties). */
    Sampler ARGMAX = (logits, state) -> argmax(logits);

    /**
     * Picks a token. The logits are not modified, so they can still be used for log-probabilities afterwards; the
     * token is not recorded in the history (call {@link SamplingState#accept}).
     *
     * @param logits one logit per vocabulary token, as the forward pass produced them
     */
    int sample(float[] logits, SamplingState state);

    /** llama.cpp's chain for these parameters (see {@link SamplerChain#from}). */
    static Sampler from(SamplingParams params) {
        return SamplerChain.from(params);
    }

    /** The index of the highest value, the lowest index on ties; NaN is never chosen over a number. */
    static int argmax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best] || Float.isNaN(logits[best]) && !Float.isNaN(logits[i])) {
                best = i;
            }
        }
        return best;
    }
}
