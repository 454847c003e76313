package dev.weightgate.engine.sampling;

import java.util.Map;

/**
 * One stage of a {@link SamplerChain}: changes candidate logits or drops candidates. Each stage follows the llama.cpp
 * sampler of the same name ({@code src/llama-sampling.cpp}); stages are immutable and hold no per-request state.
 */
public sealed interface SamplingStep {

    void apply(Candidates candidates, SamplingState state);

    /** Adds a fixed bias to some tokens' logits ({@code llama_sampler_logit_bias}). */
    record LogitBias(Map<Integer, Float> bias) implements SamplingStep {
        public LogitBias {
            bias = Map.copyOf(bias);
        }

        @Override
        public void apply(Candidates candidates, SamplingState state) {
            float[] logits = candidates.logits;
            bias.forEach((token, value) -> logits[token] += value);
            candidates.sorted = false;
        }
    }

    /**
     * Repetition, frequency and presence penalties over the tokens of the history window
     * ({@code llama_sampler_penalties}): for a token seen {@code c > 0} times, a logit {@code l <= 0} becomes
     * {@code l * repeat}, a positive one {@code l / repeat}; then {@code c * frequency + presence} is subtracted.
     */
    record Penalties(float repeat, float frequency, float presence) implements SamplingStep {
        @Override
        public void apply(Candidates candidates, SamplingState state) {
            float[] logits = candidates.logits;
            state.history().forEach((token, count) -> {
                if (token < logits.length) {
                    float l = logits[token];
                    l = l <= 0f ? l * repeat : l / repeat;
                    logits[token] = l - (count * frequency + presence);
                }
            });
            candidates.sorted = false;
        }
    }

    /** Keeps the k candidates with the highest logits, sorted ({@code llama_sampler_top_k}). */
    record TopK(int k) implements SamplingStep {
        public TopK {
            if (k <= 0) {
                throw new IllegalArgumentException("k must be positive, got " + k);
            }
        }

        @Override
        public void apply(Candidates candidates, SamplingState state) {
            if (k < candidates.size) {
                candidates.keepTop(k);
            }
        }
    }

    /**
     * Nucleus filtering ({@code llama_sampler_top_p}): with the softmax of the current candidates, keeps the
     * shortest prefix of the candidates in descending order whose cumulative probability reaches p (at least one
     * token).
     *
     * <p>Sorted candidates (after top-k) are scanned directly. Otherwise the prefix is found without sorting the
     * vocabulary: the probability mass is gathered into buckets of equal logit width, the bucket where the running
     * mass reaches p is located, and only that bucket's tokens are sorted. Every token of a higher bucket is kept
     * (in no particular order), which is the same set a full sort would keep.
     */
    record TopP(float p) implements SamplingStep {
        private static final int BUCKETS = 1024;

        @Override
        public void apply(Candidates candidates, SamplingState state) {
            if (candidates.sorted || candidates.size <= BUCKETS) {
                applySorted(candidates);
                return;
            }
            float[] logits = candidates.logits;
            int[] ids = candidates.ids;
            int size = candidates.size;
            float max = Float.NEGATIVE_INFINITY;
            float min = Float.POSITIVE_INFINITY;
            for (int i = 0; i < size; i++) {
                float l = logits[ids[i]];
                max = Math.max(max, l);
                min = Math.min(min, l);
            }
            if (!(max > min) || Float.isInfinite(min)) {
                applySorted(candidates);
                return;
            }
            // Bucket 0 holds the highest logits.
            double scale = BUCKETS / ((double) max - min);
            double[] mass = new double[BUCKETS];
            double total = 0;
            for (int i = 0; i < size; i++) {
                float l = logits[ids[i]];
                double probability = Math.exp(l - max);
                mass[bucket(l, max, scale)] += probability;
                total += probability;
            }
            double target = p * total;
            double before = 0;
            int crossing = BUCKETS - 1;
            for (int b = 0; b < BUCKETS; b++) {
                if (before + mass[b] >= target) {
                    crossing = b;
                    break;
                }
                before += mass[b];
            }
            // Keep the higher buckets in place; set the crossing bucket's tokens aside, sorted.
            int kept = 0;
            int boundary = 0;
            long[] boundaryKeys = candidates.scratchKeys(size);
            for (int i = 0; i < size; i++) {
                int id = ids[i];
                int b = bucket(logits[id], max, scale);
                if (b < crossing) {
                    ids[kept++] = id;
                } else if (b == crossing) {
                    boundaryKeys[boundary++] = candidates.key(id);
                }
            }
            java.util.Arrays.sort(boundaryKeys, 0, boundary);
            double cumulative = before;
            for (int j = 0; j < boundary; j++) {
                int id = Candidates.idOf(boundaryKeys[j]);
                ids[kept++] = id;
                cumulative += Math.exp(logits[id] - max);
                if (cumulative >= target) {
                    break;
                }
            }
            candidates.size = kept;
            candidates.sorted = false;
        }

        private static int bucket(float logit, float max, double scale) {
            return Math.min(BUCKETS - 1, (int) (((double) max - logit) * scale));
        }

        private void applySorted(Candidates candidates) {
            int size = candidates.size;
            float max = candidates.maxLogit();
            double sum = 0;
            for (int i = 0; i < size; i++) {
                sum += Math.exp(candidates.logit(i) - max);
            }
            int selected = candidates.selectTop(size);
            float[] logits = candidates.logits;
            double cumulative = 0;
            for (int i = 0; i < selected; i++) {
                cumulative += Math.exp(logits[candidates.selected(i)] - max) / sum;
                if (cumulative >= p) {
                    candidates.keepSelected(i + 1);
                    return;
                }
            }
            // Rounding left the sum a hair short of p: keep everything, sorted.
            candidates.keepSelected(selected);
        }
    }

    /**
     * Keeps the candidates whose probability is at least {@code p} times the most likely one's, that is whose logit
     * is at least {@code max + ln p} ({@code llama_sampler_min_p}). Order is preserved.
     */
    record MinP(float p) implements SamplingStep {
        @Override
        public void apply(Candidates candidates, SamplingState state) {
            float threshold = candidates.maxLogit() + (float) Math.log(p);
            int[] ids = candidates.ids;
            float[] logits = candidates.logits;
            int kept = 0;
            for (int i = 0; i < candidates.size; i++) {
                int id = ids[i];
                if (logits[id] >= threshold) {
                    ids[kept++] = id;
                }
            }
            candidates.size = kept;
        }
    }

    /** Divides the candidates' logits by the temperature ({@code llama_sampler_temp}); T > 0. */
    record Temperature(float t) implements SamplingStep {
        public Temperature {
            if (!(t > 0f)) {
                throw new IllegalArgumentException("temperature must be positive here, got " + t);
            }
        }

        @Override
        public void apply(Candidates candidates, SamplingState state) {
            if (t == 1f) {
                return;
            }
            float[] logits = candidates.logits;
            int[] ids = candidates.ids;
            for (int i = 0; i < candidates.size; i++) {
                logits[ids[i]] /= t;
            }
        }
    }
}
