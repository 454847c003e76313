package dev.weightgate.engine.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SamplerTests {

    private static int[] drawMany(SamplingParams params, float[] logits, int n) {
        Sampler sampler = Sampler.from(params);
        SamplingState state = SamplingState.create(params, logits.length);
        int[] tokens = new int[n];
        for (int i = 0; i < n; i++) {
            tokens[i] = sampler.sample(logits, state);
        }
        return tokens;
    }

    private static double[] frequencies(int[] tokens, int vocabularySize) {
        double[] frequency = new double[vocabularySize];
        for (int token : tokens) {
            frequency[token] += 1.0 / tokens.length;
        }
        return frequency;
    }

    @Test
    void greedyPicksTheArgmaxWhateverTheSeed() {
        float[] logits = {0.5f, 3.25f, -2f, 3.0f};
        for (long seed = 0; seed < 5; seed++) {
            SamplingParams params = SamplingParams.GREEDY.toBuilder().seed(seed).build();
            assertThat(drawMany(params, logits, 3)).containsOnly(1);
        }
        assertThat(Sampler.ARGMAX.sample(logits, null)).isEqualTo(1);
    }

    @Test
    void greedyBreaksTiesByTheLowerId() {
        assertThat(drawMany(SamplingParams.GREEDY, new float[] {1f, 4f, 4f}, 1)).containsExactly(1);
    }

    @Test
    void greedyStillAppliesLogitBiasAndPenalties() {
        float[] logits = {1f, 4f, 3.9f};
        SamplingParams biased = SamplingParams.GREEDY.toBuilder().logitBias(Map.of(0, 10f)).build();
        assertThat(drawMany(biased, logits, 1)).containsExactly(0);

        SamplingParams penalized = SamplingParams.GREEDY.toBuilder().presencePenalty(1f).build();
        Sampler sampler = Sampler.from(penalized);
        SamplingState state = SamplingState.create(penalized, logits.length);
        int first = sampler.sample(logits, state);
        state.accept(first);
        assertThat(first).isEqualTo(1);
        assertThat(sampler.sample(logits, state)).isEqualTo(2);
    }

    @Test
    void samplingDoesNotModifyTheLogits() {
        float[] logits = {1f, 2f, 3f};
        SamplingParams params = SamplingParams.builder().logitBias(Map.of(0, 3f)).presencePenalty(1f).build();
        SamplingState state = SamplingState.create(params, 3);
        state.accept(2);
        Sampler.from(params).sample(logits, state);
        assertThat(logits).containsExactly(1f, 2f, 3f);
    }

    @Test
    void drawsFollowTheSoftmaxOfTheTemperedLogits() {
        float[] logits = {1.0f, 2.0f, 0.5f, 3.0f, -1.0f};
        float temperature = 0.7f;
        SamplingParams params = SamplingParams.builder().noFilters().temperature(temperature).seed(42L).build();
        double[] observed = frequencies(drawMany(params, logits, 20_000), logits.length);

        double[] expected = softmax(logits, temperature);
        for (int i = 0; i < logits.length; i++) {
            // 20,000 draws: the standard error is at most 0.0036, so 0.015 is a generous bound (over 4 sigma).
            assertThat(observed[i]).as("token %d", i).isCloseTo(expected[i], within(0.015));
        }
    }

    @Test
    void filtersDecideWhichTokensCanBeDrawnAndTemperatureComesAfterThem() {
        // Probabilities 0.5, 0.3, 0.15, 0.05: min-p 0.2 drops only the last (0.05 < 0.1). Temperature 2 flattens
        // what is left, but, coming after min-p, cannot bring token 3 back.
        float[] logits = {(float) Math.log(0.5), (float) Math.log(0.3), (float) Math.log(0.15),
            (float) Math.log(0.05)};
        SamplingParams params = SamplingParams.builder().noFilters().minP(0.2f).temperature(2f).seed(3L).build();
        double[] observed = frequencies(drawMany(params, logits, 5_000), logits.length);
        assertThat(observed[3]).isZero();
        assertThat(observed[2]).isGreaterThan(0.15);

        SamplingParams topK = SamplingParams.builder().noFilters().topK(2).temperature(2f).seed(3L).build();
        assertThat(drawMany(topK, logits, 2_000)).containsOnly(0, 1);

        SamplingParams topP = SamplingParams.builder().noFilters().topP(0.75f).temperature(1f).seed(3L).build();
        assertThat(drawMany(topP, logits, 2_000)).containsOnly(0, 1);
    }

    @Test
    void logitBiasComesBeforeTopK() {
        float[] logits = {5f, 4f, 3f, 0f};
        SamplingParams params = SamplingParams.builder().noFilters().topK(1).temperature(1f)
                .logitBias(Map.of(3, 10f)).seed(1L).build();
        assertThat(drawMany(params, logits, 50)).containsOnly(3);
    }

    @Test
    void theSameSeedGivesTheSameTokensAndAnotherSeedOthers() {
        float[] logits = new float[1_000];
        SamplingParams seeded = SamplingParams.builder().noFilters().temperature(1f).seed(1234L).build();
        int[] first = drawMany(seeded, logits, 64);
        int[] again = drawMany(seeded, logits, 64);
        int[] other = drawMany(seeded.toBuilder().seed(1235L).build(), logits, 64);
        assertThat(again).containsExactly(first);
        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void withoutASeedEachStateDrawsItsOwn() {
        SamplingParams unseeded = SamplingParams.builder().build();
        SamplingState a = SamplingState.create(unseeded, 10);
        SamplingState b = SamplingState.create(unseeded, 10);
        assertThat(a.seed()).isNotEqualTo(b.seed());
    }

    @Test
    void defaultChainRunsOnALargeVocabulary() {
        float[] logits = SamplingStepTests.randomLogits(200_000, 11);
        SamplingParams params = SamplingParams.builder().seed(5L).repetitionPenalty(1.1f).build();
        Sampler sampler = Sampler.from(params);
        SamplingState state = SamplingState.create(params, logits.length);
        int best = Sampler.argmax(logits);
        for (int i = 0; i < 20; i++) {
            int token = sampler.sample(logits, state);
            state.accept(token);
            // top-k 40, top-p 0.95, min-p 0.05: only tokens near the best survive (the penalty may lower the best by ~1.2)
            assertThat(logits[token]).isGreaterThanOrEqualTo(logits[best] + (float) Math.log(0.05) - 2f);
        }
    }

    @Test
    void theChainFollowsLlamaCppOrderAndSkipsNeutralStages() {
        SamplingParams params = SamplingParams.builder().logitBias(Map.of(1, 1f)).repetitionPenalty(1.1f).build();
        assertThat(SamplerChain.from(params).steps()).extracting(s -> s.getClass().getSimpleName())
                .containsExactly("LogitBias", "Penalties", "TopK", "TopP", "MinP", "Temperature");
        assertThat(SamplerChain.from(SamplingParams.builder().noFilters().temperature(1f).build()).steps())
                .extracting(s -> s.getClass().getSimpleName()).containsExactly("Temperature");
        SamplerChain greedy = SamplerChain.from(SamplingParams.GREEDY);
        assertThat(greedy.greedy()).isTrue();
        assertThat(greedy.steps()).isEmpty();
    }

    private static double[] softmax(float[] logits, float temperature) {
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l / temperature);
        }
        double sum = 0;
        double[] p = new double[logits.length];
        for (int i = 0; i < logits.length; i++) {
            p[i] = Math.exp(logits[i] / temperature - max);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }
}
