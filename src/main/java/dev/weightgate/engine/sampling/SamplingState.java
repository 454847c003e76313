package dev.weightgate.engine.sampling;

import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * Everything that changes while one request samples: the seeded random source, the history the penalties read, and
 * scratch buffers sized to the vocabulary (allocated once, reused for every token).
 *
 * <p>One per request and not thread-safe; the {@link Sampler} it is used with is immutable and shared.
 */
public final class SamplingState {

    private final long seed;
    private final RandomGenerator random;
    private final TokenHistory history;
    final Candidates candidates;

    private SamplingState(long seed, int penaltyWindow, int vocabularySize) {
        this.seed = seed;
        this.random = new SplittableRandom(seed);
        this.history = new TokenHistory(penaltyWindow);
        this.candidates = new Candidates(vocabularySize);
    }

    /**
     * The state for one request.
     *
     * @param vocabularySize the length of the logit vectors that will be sampled: the model's output size, which
     *                       can exceed the tokenizer's token count (Qwen2.5 pads its output to 152,064)
     * @throws IllegalArgumentException if a logit-bias id is outside the logits
     */
    public static SamplingState create(SamplingParams params, int vocabularySize) {
        if (vocabularySize <= 0) {
            throw new IllegalArgumentException("the vocabulary must have tokens, got size " + vocabularySize);
        }
        params.validateFor(vocabularySize);
        long seed = params.seed() != null ? params.seed() : ThreadLocalRandom.current().nextLong();
        return new SamplingState(seed, params.penaltyLastN(), vocabularySize);
    }

    /** The seed in use: the request's, or the one drawn for it. */
    public long seed() {
        return seed;
    }

    public int vocabularySize() {
        return candidates.logits.length;
    }

    /** The tokens the penalties look at. */
    public TokenHistory history() {
        return history;
    }

    /** Records a token that became part of the sequence (a sampled one, or a prompt token if wanted). */
    public void accept(int token) {
        history.accept(token);
    }

    /** Records tokens in order. */
    public void acceptAll(int[] tokens) {
        history.acceptAll(tokens);
    }

    /** A uniform double in [0, 1) from this request's seeded source. */
    double nextUniform() {
        return random.nextDouble();
    }
}
