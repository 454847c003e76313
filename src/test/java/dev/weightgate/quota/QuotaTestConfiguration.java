package dev.weightgate.quota;

import java.time.Instant;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** The application's clock in quota tests: one that tests move. Starts half-way through a minute. */
@TestConfiguration(proxyBeanMethods = false)
public class QuotaTestConfiguration {

    public static final Instant START = Instant.parse("2026-03-15T12:00:30Z");

    @Bean
    MutableClock quotaTestClock() {
        return new MutableClock(START);
    }
}
