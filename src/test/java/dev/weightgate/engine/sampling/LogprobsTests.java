package dev.weightgate.engine.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LogprobsTests {

    @Test
    void matchesAHandComputation() {
        float[] logits = {1f, 2f, 3f};
        double logZ = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3)); // 3.40760596...
        Logprobs.Result result = Logprobs.of(logits, 0, 2);
        assertThat(result.chosen().token()).isZero();
        assertThat(result.chosen().logprob()).isCloseTo(1 - logZ, within(1e-9));
        assertThat(result.chosen().logprob()).isCloseTo(-2.40760596, within(1e-7));
        assertThat(result.top()).extracting(TokenLogprob::token).containsExactly(2, 1);
        assertThat(result.top().get(0).logprob()).isCloseTo(3 - logZ, within(1e-9));
    }

    @Test
    void probabilitiesSumToOne() {
        float[] logits = SamplingStepTests.randomLogits(5_000, 3);
        double logZ = Logprobs.logSumExp(logits);
        double total = 0;
        for (float l : logits) {
            total += Math.exp(l - logZ);
        }
        assertThat(total).isCloseTo(1.0, within(1e-9));
        Logprobs.Result all = Logprobs.of(new float[] {0.3f, -1f, 2f}, 1, 3);
        assertThat(all.top().stream().mapToDouble(TokenLogprob::probability).sum()).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void isStableForHugeAndTinyLogits() {
        Logprobs.Result result = Logprobs.of(new float[] {1000f, 999f, -1e30f}, 0, 3);
        assertThat(result.chosen().logprob()).isCloseTo(-Math.log1p(Math.exp(-1)), within(1e-9));
        assertThat(result.top().get(2).logprob()).isLessThan(-1e29);
        assertThat(Logprobs.of(new float[] {0f, Float.NEGATIVE_INFINITY}, 1, 0).chosen().logprob())
                .isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @Test
    void topAlternativesAreTheBestInOrderOnALargeVocabulary() {
        float[] logits = SamplingStepTests.randomLogits(200_000, 9);
        Logprobs.Result result = Logprobs.of(logits, 17, 20);
        assertThat(result.top()).hasSize(20);
        int best = Sampler.argmax(logits);
        assertThat(result.top().get(0).token()).isEqualTo(best);
        for (int i = 1; i < 20; i++) {
            assertThat(result.top().get(i).logprob()).isLessThanOrEqualTo(result.top().get(i - 1).logprob());
        }
        float twentieth = logits[result.top().get(19).token()];
        long better = 0;
        for (float l : logits) {
            if (l > twentieth) {
                better++;
            }
        }
        assertThat(better).isEqualTo(19);
    }

    @Test
    void rejectsMoreThanTwentyAlternativesAndUnknownTokens() {
        assertThatThrownBy(() -> Logprobs.of(new float[3], 0, 21)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Logprobs.of(new float[3], 3, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
