package dev.weightgate.engine.generate;

import dev.weightgate.engine.sampling.Logprobs;
import dev.weightgate.engine.sampling.SamplingParams;
import java.util.List;
import java.util.Objects;

/**
 * What a request asks of one generation.
 *
 * @param maxTokens   the most tokens to sample (the end-of-generation token included); the context can end it sooner
 * @param stop        strings that end the generation when they appear; neither they nor anything after them is
 *                    returned (OpenAI's {@code stop}, at most 4)
 * @param sampling    how each token is picked
 * @param logprobs    whether each token's log-probability is reported
 * @param topLogprobs how many alternatives to report with each token (0 to 20), when {@code logprobs}
 */
public record GenerationParams(int maxTokens, List<String> stop, SamplingParams sampling, boolean logprobs,
                               int topLogprobs) {

    public GenerationParams {
        if (maxTokens <= 0) {
            throw new IllegalArgumentException("max_tokens must be positive, got " + maxTokens);
        }
        stop = List.copyOf(stop);
        for (String s : stop) {
            if (s.isEmpty()) {
                throw new IllegalArgumentException("stop strings must not be empty");
            }
        }
        Objects.requireNonNull(sampling, "sampling");
        if (topLogprobs < 0 || topLogprobs > Logprobs.MAX_TOP_LOGPROBS) {
            throw new IllegalArgumentException("top_logprobs must be between 0 and " + Logprobs.MAX_TOP_LOGPROBS
                    + ", got " + topLogprobs);
        }
    }

    /** Greedy, no stop strings, no log-probabilities. */
    public static GenerationParams greedy(int maxTokens) {
        return new GenerationParams(maxTokens, List.of(), SamplingParams.GREEDY, false, 0);
    }
}
