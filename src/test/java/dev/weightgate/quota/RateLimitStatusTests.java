package dev.weightgate.quota;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Durations and headers written as OpenAI writes them. */
class RateLimitStatusTests {

    @Test
    void writesDurationsInGosNotation() {
        assertThat(RateLimitStatus.openAiDuration(Duration.ofMillis(20))).isEqualTo("20ms");
        assertThat(RateLimitStatus.openAiDuration(Duration.ofSeconds(1))).isEqualTo("1s");
        assertThat(RateLimitStatus.openAiDuration(Duration.ofMillis(1500))).isEqualTo("1.5s");
        assertThat(RateLimitStatus.openAiDuration(Duration.ofMinutes(6))).isEqualTo("6m0s");
        assertThat(RateLimitStatus.openAiDuration(Duration.ofSeconds(3723))).isEqualTo("1h2m3s");
        assertThat(RateLimitStatus.openAiDuration(Duration.ZERO)).isEqualTo("0s");
    }

    @Test
    void sendsOnlyTheHeadersOfLimitsThatApply() {
        RateLimitStatus tokensOnly = new RateLimitStatus(null, null, null, 1_000L, 250L, Duration.ofSeconds(12));

        assertThat(tokensOnly.headers()).isEqualTo(Map.of("x-ratelimit-limit-tokens", "1000",
                "x-ratelimit-remaining-tokens", "250", "x-ratelimit-reset-tokens", "12s"));
        assertThat(RateLimitStatus.NONE.headers()).isEmpty();
    }
}
