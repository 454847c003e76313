package dev.weightgate.engine.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Each stage on hand-made logits, against llama.cpp's formulas. */
class SamplingStepTests {

    /** Logits whose softmax is exactly these probabilities. */
    private static float[] logitsOf(double... probabilities) {
        float[] logits = new float[probabilities.length];
        for (int i = 0; i < probabilities.length; i++) {
            logits[i] = (float) Math.log(probabilities[i]);
        }
        return logits;
    }

    private static Candidates candidates(float[] logits) {
        Candidates candidates = new Candidates(logits.length);
        candidates.reset(logits);
        return candidates;
    }

    private static int[] ids(Candidates candidates) {
        int[] ids = new int[candidates.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = candidates.id(i);
        }
        return ids;
    }

    private static SamplingState state(int vocabularySize, int window, int... history) {
        SamplingParams params = SamplingParams.builder().penaltyLastN(window).seed(1L).build();
        SamplingState state = SamplingState.create(params, vocabularySize);
        state.acceptAll(history);
        return state;
    }

    @Nested
    class TopK {

        @Test
        void keepsTheKHighestLogitsInDescendingOrder() {
            Candidates c = candidates(new float[] {0.1f, 2.5f, -1f, 3f, 2.4f, 0f});
            new SamplingStep.TopK(3).apply(c, null);
            assertThat(ids(c)).containsExactly(3, 1, 4);
            assertThat(c.sorted).isTrue();
        }

        @Test
        void breaksTiesByTheLowerId() {
            Candidates c = candidates(new float[] {1f, 5f, 5f, 5f, 0f});
            new SamplingStep.TopK(2).apply(c, null);
            assertThat(ids(c)).containsExactly(1, 2);
        }

        @Test
        void keepsEverythingWhenKIsAtLeastTheCandidateCount() {
            Candidates c = candidates(new float[] {1f, 2f, 3f});
            new SamplingStep.TopK(3).apply(c, null);
            assertThat(ids(c)).containsExactlyInAnyOrder(0, 1, 2);
        }

        @Test
        void selectsFromALargeVocabularyLikeAFullSortWould() {
            float[] logits = randomLogits(200_000, 7);
            Candidates c = candidates(logits);
            new SamplingStep.TopK(40).apply(c, null);
            assertThat(ids(c)).containsExactly(Arrays.copyOf(sortedIds(logits), 40));
        }
    }

    @Nested
    class TopP {

        private final float[] logits = logitsOf(0.05, 0.5, 0.15, 0.3);

        @Test
        void keepsTheShortestPrefixReachingP() {
            Candidates c = candidates(logits);
            new SamplingStep.TopP(0.75f).apply(c, null);
            assertThat(ids(c)).containsExactly(1, 3);
        }

        @Test
        void keepsOneMoreTokenWhenThePrefixFallsShort() {
            Candidates c = candidates(logits);
            new SamplingStep.TopP(0.81f).apply(c, null);
            assertThat(ids(c)).containsExactly(1, 3, 2);
        }

        @Test
        void alwaysKeepsTheMostLikelyToken() {
            Candidates c = candidates(logits);
            new SamplingStep.TopP(0.0f).apply(c, null);
            assertThat(ids(c)).containsExactly(1);
        }

        @Test
        void usesTheSoftmaxOfWhatTopKLeft() {
            // After top-2 the two survivors have 0.5/0.8 and 0.3/0.8: 0.625 alone does not reach 0.7.
            Candidates c = candidates(logits);
            new SamplingStep.TopK(2).apply(c, null);
            new SamplingStep.TopP(0.7f).apply(c, null);
            assertThat(ids(c)).containsExactly(1, 3);
            new SamplingStep.TopP(0.6f).apply(c, null);
            assertThat(ids(c)).containsExactly(1);
        }

        @Test
        void handlesAFlatDistributionOverALargeVocabulary() {
            // 200,000 equally likely tokens: p = 0.9 keeps the first 180,000 (ties go to the lower id).
            float[] flat = new float[200_000];
            Candidates c = candidates(flat);
            new SamplingStep.TopP(0.9f).apply(c, null);
            assertThat(c.size()).isBetween(179_999, 180_001);
            assertThat(c.id(0)).isZero();
            assertThat(c.id(c.size() - 1)).isEqualTo(c.size() - 1);
        }

        @Test
        void keepsTheSameSetAsAFullSortOnALargeVocabulary() {
            for (long seed = 1; seed <= 2; seed++) {
                float[] logits = randomLogits(100_000, seed);
                int[] sorted = sortedIds(logits);
                for (float p : new float[] {0.1f, 0.5f, 0.9f, 0.95f, 0.999f}) {
                    Candidates c = candidates(logits);
                    new SamplingStep.TopP(p).apply(c, null);
                    int[] kept = ids(c);
                    int[] expected = referenceTopP(logits, sorted, p);
                    Arrays.sort(kept);
                    Arrays.sort(expected);
                    // (AssertJ's containsExactlyInAnyOrder is quadratic: compare sorted arrays instead)
                    assertThat(Arrays.equals(kept, expected)).as("seed %d, p %s: %d kept, %d expected", seed, p,
                            kept.length, expected.length).isTrue();
                }
            }
        }

        /** The definition: in descending order, the shortest prefix whose softmax mass reaches p. */
        private static int[] referenceTopP(float[] logits, int[] sorted, float p) {
            double max = logits[sorted[0]];
            double sum = 0;
            for (float l : logits) {
                sum += Math.exp(l - max);
            }
            double cumulative = 0;
            int n = 0;
            while (n < sorted.length) {
                cumulative += Math.exp(logits[sorted[n++]] - max) / sum;
                if (cumulative >= p) {
                    break;
                }
            }
            return Arrays.copyOf(sorted, n);
        }
    }

    @Nested
    class MinP {

        private final float[] logits = logitsOf(0.05, 0.5, 0.15, 0.3);

        @Test
        void keepsTokensAtLeastPTimesAsLikelyAsTheBest() {
            Candidates c = candidates(logits);
            new SamplingStep.MinP(0.2f).apply(c, null); // p >= 0.1
            assertThat(ids(c)).containsExactly(1, 2, 3);
            c = candidates(logits);
            new SamplingStep.MinP(0.5f).apply(c, null); // p >= 0.25
            assertThat(ids(c)).containsExactly(1, 3);
        }

        @Test
        void keepsTheOrderOfSortedCandidates() {
            Candidates c = candidates(logits);
            new SamplingStep.TopK(4).apply(c, null);
            new SamplingStep.TopK(3).apply(c, null);
            new SamplingStep.MinP(0.2f).apply(c, null);
            assertThat(ids(c)).containsExactly(1, 3, 2);
        }
    }

    @Nested
    class Penalties {

        @Test
        void followLlamaCppFormulas() {
            // Token 2 seen twice, token 5 once, token 0 never.
            SamplingState state = state(6, 64, 2, 5, 2);
            float[] logits = {1f, 0f, 3f, 0f, 0f, -1f};
            Candidates c = candidates(logits);
            new SamplingStep.Penalties(1.5f, 0.25f, 0.5f).apply(c, state);
            assertThat(c.logits[0]).isEqualTo(1f);
            // positive logit divided by the repetition penalty, then 2 * 0.25 + 0.5 subtracted
            assertThat(c.logits[2]).isEqualTo(3f / 1.5f - (2 * 0.25f + 0.5f));
            // negative logit multiplied, then 1 * 0.25 + 0.5 subtracted
            assertThat(c.logits[5]).isEqualTo(-1f * 1.5f - (0.25f + 0.5f));
            assertThat(c.logits[1]).isEqualTo(0f);
        }

        @Test
        void zeroLogitIsMultipliedNotDivided() {
            SamplingState state = state(2, 64, 0);
            Candidates c = candidates(new float[] {0f, 1f});
            new SamplingStep.Penalties(2f, 0f, 0f).apply(c, state);
            assertThat(c.logits[0]).isEqualTo(0f);
        }

        @Test
        void onlyTheWindowCounts() {
            SamplingState state = state(4, 2, 3, 3, 1);
            assertThat(state.history().count(3)).isEqualTo(1);
            assertThat(state.history().count(1)).isEqualTo(1);
            Candidates c = candidates(new float[] {1f, 1f, 1f, 1f});
            new SamplingStep.Penalties(1f, 1f, 0f).apply(c, state);
            assertThat(c.logits).containsExactly(1f, 0f, 1f, 0f);
        }

        @Test
        void negativePenaltiesRaiseLogits() {
            SamplingState state = state(2, 64, 1, 1);
            Candidates c = candidates(new float[] {0f, 1f});
            new SamplingStep.Penalties(1f, -0.5f, -1f).apply(c, state);
            assertThat(c.logits[1]).isEqualTo(1f + 2 * 0.5f + 1f);
        }
    }

    @Test
    void logitBiasIsAddedToTheNamedTokens() {
        Candidates c = candidates(new float[] {1f, 2f, 3f});
        new SamplingStep.LogitBias(Map.of(0, 5f, 2, -100f)).apply(c, null);
        assertThat(c.logits).containsExactly(6f, 2f, -97f);
    }

    @Test
    void temperatureDividesTheCandidatesLogits() {
        Candidates c = candidates(new float[] {1f, 2f, 4f});
        new SamplingStep.Temperature(0.5f).apply(c, null);
        assertThat(c.logits).containsExactly(2f, 4f, 8f);
    }

    /** All ids by descending logit, ties by ascending id: a plain comparator sort, the obvious oracle. */
    static int[] sortedIds(float[] logits) {
        Integer[] order = new Integer[logits.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> logits[a] != logits[b] ? Float.compare(logits[b], logits[a]) : a - b);
        return Arrays.stream(order).mapToInt(Integer::intValue).toArray();
    }

    static float[] randomLogits(int n, long seed) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        float[] logits = new float[n];
        for (int i = 0; i < n; i++) {
            logits[i] = (float) (random.nextGaussian() * 3);
        }
        return logits;
    }
}
