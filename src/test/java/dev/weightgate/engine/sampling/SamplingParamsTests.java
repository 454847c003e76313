package dev.weightgate.engine.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SamplingParamsTests {

    @Test
    void defaultsAreLlamaCpps() {
        SamplingParams defaults = SamplingParams.builder().build();
        assertThat(defaults).isEqualTo(SamplingParams.LLAMA_CPP_DEFAULTS);
        assertThat(defaults.temperature()).isEqualTo(0.8f);
        assertThat(defaults.topK()).isEqualTo(40);
        assertThat(defaults.topP()).isEqualTo(0.95f);
        assertThat(defaults.minP()).isEqualTo(0.05f);
        assertThat(defaults.penaltyLastN()).isEqualTo(64);
        assertThat(defaults.seed()).isNull();
    }

    @ParameterizedTest
    @ValueSource(floats = {-0.1f, 2.01f, Float.NaN, Float.POSITIVE_INFINITY})
    void rejectsTemperatureOutsideZeroToTwo(float temperature) {
        assertThatThrownBy(() -> SamplingParams.builder().temperature(temperature).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("temperature");
    }

    @Test
    void rejectsOtherValuesOutOfRange() {
        assertThatThrownBy(() -> SamplingParams.builder().topP(1.5f).build()).hasMessageContaining("top_p");
        assertThatThrownBy(() -> SamplingParams.builder().minP(-0.1f).build()).hasMessageContaining("min_p");
        assertThatThrownBy(() -> SamplingParams.builder().topK(-1).build()).hasMessageContaining("top_k");
        assertThatThrownBy(() -> SamplingParams.builder().repetitionPenalty(0f).build())
                .hasMessageContaining("repetition_penalty");
        assertThatThrownBy(() -> SamplingParams.builder().frequencyPenalty(2.5f).build())
                .hasMessageContaining("frequency_penalty");
        assertThatThrownBy(() -> SamplingParams.builder().presencePenalty(-2.5f).build())
                .hasMessageContaining("presence_penalty");
        assertThatThrownBy(() -> SamplingParams.builder().penaltyLastN(-2).build()).hasMessageContaining("window");
        assertThatThrownBy(() -> SamplingParams.builder().logitBias(Map.of(1, 101f)).build())
                .hasMessageContaining("logit_bias");
        assertThatThrownBy(() -> SamplingParams.builder().logitBias(Map.of(-1, 1f)).build())
                .hasMessageContaining("logit_bias");
    }

    @Test
    void acceptsTheBoundaries() {
        SamplingParams.builder().temperature(0f).topP(0f).minP(1f).frequencyPenalty(-2f).presencePenalty(2f)
                .logitBias(Map.of(0, -100f, 1, 100f)).build();
        SamplingParams.builder().temperature(2f).topP(1f).minP(0f).penaltyLastN(-1).build();
    }

    @Test
    void logitBiasIsCopiedAndCheckedAgainstTheVocabulary() {
        Map<Integer, Float> bias = new HashMap<>(Map.of(5, 1f));
        SamplingParams params = SamplingParams.builder().logitBias(bias).build();
        bias.put(6, 2f);
        assertThat(params.logitBias()).containsOnlyKeys(5);
        params.validateFor(6);
        assertThatThrownBy(() -> SamplingState.create(params, 5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("token 5");
    }
}
