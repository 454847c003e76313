package dev.weightgate.quota;

import static dev.weightgate.quota.QuotaFixtures.acmeTenant;
import static dev.weightgate.quota.QuotaFixtures.concurrentRequests;
import static dev.weightgate.quota.QuotaFixtures.tokensPerDay;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weightgate.quota.internal.Allowances;
import dev.weightgate.quota.internal.CounterKey;
import dev.weightgate.quota.internal.CounterStore;
import dev.weightgate.quota.internal.Windows;
import dev.weightgate.support.PostgresTest;
import dev.weightgate.tenancy.Tenants;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * Reserving and settling against real PostgreSQL, through the beans the request pipeline will use. Each test has a
 * tenant of its own; the clock only moves forward. Refusals are not remembered here (refusal-memory 0), so that what
 * a test reserves after a refusal is decided by the counters alone.
 */
@SpringBootTest(properties = "weightgate.quota.refusal-memory=0ms")
@PostgresTest
@Import(QuotaTestConfiguration.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QuotasTests {

    static final String ADMIN = "admin@acme.test";

    @Autowired
    Quotas quotas;

    @Autowired
    QuotaSettings settings;

    @Autowired
    QuotaUsage usage;

    @Autowired
    Allowances allowances;

    @Autowired
    CounterStore store;

    @Autowired
    MutableClock clock;

    @Autowired
    Tenants tenants;

    UUID tenant;
    UUID key;
    QuotaSubject subject;

    @BeforeEach
    void freshTenant() {
        tenant = acmeTenant(tenants);
        key = UUID.randomUUID();
        subject = new QuotaSubject(tenant, key, "llama-3.2-3b");
    }

    @AfterAll
    void giveEverythingBack() {
        // The shared context is closed at the end of the JVM, after its database is dropped: leave nothing to return.
        allowances.stop();
    }

    CounterStore.CounterSnapshot storedCounter(QuotaLevel level, String name, QuotaLimit limit) {
        allowances.flush(true);
        CounterKey counterKey = new CounterKey(tenant, level, name, limit, Windows.start(limit, clock.instant()));
        return store.counter(counterKey).orElseThrow();
    }

    @Test
    void twoHundredConcurrentRequestsNeverOverspendADailyBudget() throws InterruptedException {
        settings.setTenantLimits(tenant, tokensPerDay(5_000), ADMIN);
        AtomicInteger granted = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger ended = new AtomicInteger();
        AtomicLong charged = new AtomicLong();

        ConcurrentScenario.run(200, index -> {
            for (int attempt = 0; attempt < 3; attempt++) {
                Reservation reservation;
                try {
                    reservation = quotas.reserve(subject, 40, 60);
                } catch (QuotaExceededException e) {
                    assertThat(e.limit()).isEqualTo(QuotaLimit.TOKENS_PER_DAY);
                    refused.incrementAndGet();
                    continue;
                }
                granted.incrementAndGet();
                try {
                    if (index % 10 == 0) {
                        reservation.release();
                    } else {
                        int used = ThreadLocalRandom.current().nextInt(101);
                        reservation.settle(used / 2, used - used / 2);
                        charged.addAndGet(used);
                    }
                } finally {
                    reservation.release();
                    ended.incrementAndGet();
                }
            }
        });

        CounterStore.CounterSnapshot budget = storedCounter(QuotaLevel.TENANT, "", QuotaLimit.TOKENS_PER_DAY);
        assertThat(granted.get() + refused.get()).isEqualTo(600);
        assertThat(refused.get()).isPositive();
        assertThat(ended.get()).isEqualTo(granted.get());
        assertThat(budget.used()).isEqualTo(charged.get()).isLessThanOrEqualTo(5_000);
        assertThat(budget.leased()).isZero();
        assertThat(budget.inUse()).isZero();
        // What is left can be reserved to the last token, and not one more.
        long remaining = 5_000 - budget.used();
        quotas.reserve(subject, 0, remaining).settle(0, remaining);
        assertThatThrownBy(() -> quotas.reserve(subject, 0, 1)).isInstanceOf(QuotaExceededException.class);
        assertThat(storedCounter(QuotaLevel.TENANT, "", QuotaLimit.TOKENS_PER_DAY).used()).isEqualTo(5_000);
    }

    @Test
    void aConcurrencyLimitAdmitsExactlyThatManyRequestsAtOnce() throws InterruptedException {
        settings.setKeyLimits(tenant, key, concurrentRequests(5), ADMIN);
        int threads = 60;
        CountDownLatch everyoneTried = new CountDownLatch(threads);
        AtomicInteger admitted = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();

        ConcurrentScenario.run(threads, index -> {
            Reservation reservation = null;
            try {
                reservation = quotas.reserve(subject, 10, 10);
                admitted.incrementAndGet();
            } catch (QuotaExceededException e) {
                assertThat(e.limit()).isEqualTo(QuotaLimit.CONCURRENT_REQUESTS);
                assertThat(e.level()).isEqualTo(QuotaLevel.KEY);
                assertThat(e.kind()).isEqualTo(QuotaExceededException.Kind.RATE_LIMIT);
                refused.incrementAndGet();
            } finally {
                everyoneTried.countDown();
            }
            if (reservation != null) {
                // Admitted requests run until every thread has tried, so no slot frees up during the attempt.
                ConcurrentScenario.await(everyoneTried);
                reservation.settle(10, 10);
            }
        });

        assertThat(admitted.get()).isEqualTo(5);
        assertThat(refused.get()).isEqualTo(threads - 5);
        assertThat(storedCounter(QuotaLevel.KEY, key.toString(), QuotaLimit.CONCURRENT_REQUESTS).inUse()).isZero();
        for (int i = 0; i < 5; i++) {
            quotas.reserve(subject, 10, 10);
        }
        assertThatThrownBy(() -> quotas.reserve(subject, 10, 10)).isInstanceOf(QuotaExceededException.class);
    }

    @Nested
    class MaxTokens {

        @Test
        void aRequestWithinTheCeilingIsReserved() {
            settings.setModelLimits(tenant, subject.model(), QuotaLimits.UNLIMITED.withMaxTokensPerRequest(500), ADMIN);

            quotas.reserve(subject, 10_000, 500).release();
        }

        @Test
        void aRequestOverTheCeilingIsRefusedAsTooLargeAndReservesNothing() {
            settings.setTenantLimits(tenant, concurrentRequests(1).withTokensPerDay(1_000L), ADMIN);
            settings.setModelLimits(tenant, subject.model(), QuotaLimits.UNLIMITED.withMaxTokensPerRequest(500), ADMIN);

            assertThatThrownBy(() -> quotas.reserve(subject, 10, 501)).isInstanceOfSatisfying(QuotaExceededException.class, e -> {
                assertThat(e.limit()).isEqualTo(QuotaLimit.MAX_TOKENS);
                assertThat(e.level()).isEqualTo(QuotaLevel.MODEL);
                assertThat(e.limitValue()).isEqualTo(500);
                assertThat(e.kind()).isEqualTo(QuotaExceededException.Kind.REQUEST_TOO_LARGE);
                assertThat(e.retryAfter()).isZero();
            });
            // The one slot and the whole budget are still free.
            quotas.reserve(subject, 500, 500).release();
        }
    }

    @Test
    void aRefusalAtOneLevelReservesNothingAtTheOthers() {
        settings.setTenantLimits(tenant, concurrentRequests(1).withTokensPerDay(10_000L), ADMIN);
        settings.setModelLimits(tenant, subject.model(), tokensPerDay(100), ADMIN);

        assertThatThrownBy(() -> quotas.reserve(subject, 0, 200)).isInstanceOfSatisfying(QuotaExceededException.class, e -> {
            assertThat(e.limit()).isEqualTo(QuotaLimit.TOKENS_PER_DAY);
            assertThat(e.level()).isEqualTo(QuotaLevel.MODEL);
            assertThat(e.kind()).isEqualTo(QuotaExceededException.Kind.INSUFFICIENT_QUOTA);
        });

        quotas.reserve(subject, 0, 100).settle(0, 100);
        assertThat(storedCounter(QuotaLevel.TENANT, "", QuotaLimit.TOKENS_PER_DAY).used()).isEqualTo(100);
        assertThat(storedCounter(QuotaLevel.TENANT, "", QuotaLimit.CONCURRENT_REQUESTS).inUse()).isZero();
    }

    @Nested
    class WindowsTurn {

        @Test
        void aMinuteLimitRefusesUntilTheMinuteEndsAndThenAdmits() {
            clock.set(clock.instant().plus(Duration.ofDays(1)).truncatedTo(java.time.temporal.ChronoUnit.MINUTES)
                    .plusSeconds(45));
            settings.setTenantLimits(tenant, QuotaLimits.UNLIMITED.withTokensPerMinute(1_000L), ADMIN);
            quotas.reserve(subject, 0, 1_000).settle(0, 1_000);

            assertThatThrownBy(() -> quotas.reserve(subject, 0, 1)).isInstanceOfSatisfying(QuotaExceededException.class, e -> {
                assertThat(e.limit()).isEqualTo(QuotaLimit.TOKENS_PER_MINUTE);
                assertThat(e.kind()).isEqualTo(QuotaExceededException.Kind.RATE_LIMIT);
                assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(15));
            });
            clock.advance(Duration.ofSeconds(14));
            assertThatThrownBy(() -> quotas.reserve(subject, 0, 1)).isInstanceOf(QuotaExceededException.class);

            clock.advance(Duration.ofSeconds(1));
            quotas.reserve(subject, 0, 1_000).settle(0, 1_000);
        }

        @Test
        void aDailyBudgetIsSpentUntilMidnightUtc() {
            clock.set(Instant.parse("2027-06-10T23:59:00Z"));
            settings.setTenantLimits(tenant, tokensPerDay(500), ADMIN);
            quotas.reserve(subject, 0, 500).settle(0, 500);

            assertThatThrownBy(() -> quotas.reserve(subject, 0, 1)).isInstanceOfSatisfying(QuotaExceededException.class,
                    e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofMinutes(1)));

            clock.set(Instant.parse("2027-06-11T00:00:00Z"));
            quotas.reserve(subject, 0, 500).settle(0, 500);
        }

        @Test
        void aMonthlyBudgetIsSpentUntilTheNextMonthBegins() {
            clock.set(Instant.parse("2028-01-15T10:00:00Z"));
            settings.setTenantLimits(tenant, QuotaLimits.UNLIMITED.withTokensPerMonth(300L), ADMIN);
            quotas.reserve(subject, 0, 300).settle(100, 200);

            clock.set(Instant.parse("2028-01-31T23:59:59Z"));
            assertThatThrownBy(() -> quotas.reserve(subject, 0, 1)).isInstanceOfSatisfying(QuotaExceededException.class, e -> {
                assertThat(e.limit()).isEqualTo(QuotaLimit.TOKENS_PER_MONTH);
                assertThat(e.kind()).isEqualTo(QuotaExceededException.Kind.INSUFFICIENT_QUOTA);
                assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(1));
            });

            clock.set(Instant.parse("2028-02-01T00:00:00Z"));
            quotas.reserve(subject, 0, 300).release();
        }
    }

    @Nested
    class Settlement {

        @Test
        void releasingAFailedRequestReturnsItsWholeReservation() {
            settings.setTenantLimits(tenant, tokensPerDay(1_000), ADMIN);
            Reservation failed = quotas.reserve(subject, 100, 800);

            failed.release();

            quotas.reserve(subject, 200, 800).settle(0, 0);
            assertThat(storedCounter(QuotaLevel.TENANT, "", QuotaLimit.TOKENS_PER_DAY).used()).isZero();
        }

        @Test
        void settlingChargesWhatWasUsedAndReturnsTheRest() {
            settings.setTenantLimits(tenant, tokensPerDay(1_000), ADMIN);

            quotas.reserve(subject, 100, 800).settle(100, 50);

            quotas.reserve(subject, 0, 850).release();
            assertThatThrownBy(() -> quotas.reserve(subject, 0, 851)).isInstanceOf(QuotaExceededException.class);
            assertThat(storedCounter(QuotaLevel.TENANT, "", QuotaLimit.TOKENS_PER_DAY).used()).isEqualTo(150);
        }

        @Test
        void aReservationEndsOnceHoweverOftenItIsEnded() {
            settings.setTenantLimits(tenant, tokensPerDay(1_000).withRequestsPerMinute(10L), ADMIN);
            Reservation reservation = quotas.reserve(subject, 0, 600);

            reservation.settle(0, 100);
            reservation.release();
            reservation.settle(0, 100);

            quotas.reserve(subject, 0, 900).release();
            assertThatThrownBy(() -> quotas.reserve(subject, 0, 901)).isInstanceOf(QuotaExceededException.class);
            assertThat(storedCounter(QuotaLevel.TENANT, "", QuotaLimit.TOKENS_PER_DAY).used()).isEqualTo(100);
            assertThat(storedCounter(QuotaLevel.TENANT, "", QuotaLimit.REQUESTS_PER_MINUTE).used()).isEqualTo(2);
        }

        @Test
        void aPromptLongerThanEstimatedIsChargedInFull() {
            settings.setTenantLimits(tenant, tokensPerDay(1_000), ADMIN);

            quotas.reserve(subject, 10, 90).settle(300, 90);

            assertThat(storedCounter(QuotaLevel.TENANT, "", QuotaLimit.TOKENS_PER_DAY).used()).isEqualTo(390);
        }
    }

    @Test
    void aRequestLimitCountsReleasedRequestsToo() {
        settings.setKeyLimits(tenant, key, QuotaLimits.UNLIMITED.withRequestsPerMinute(2L), ADMIN);

        quotas.reserve(subject, 1, 1).release();
        quotas.reserve(subject, 1, 1).settle(1, 1);

        assertThatThrownBy(() -> quotas.reserve(subject, 1, 1)).isInstanceOfSatisfying(QuotaExceededException.class,
                e -> assertThat(e.limit()).isEqualTo(QuotaLimit.REQUESTS_PER_MINUTE));
    }

    @Test
    void anUnlimitedSubjectIsNeverCounted() {
        for (int i = 0; i < 1_000; i++) {
            quotas.reserve(subject, 1_000_000, 1_000_000).settle(1_000_000, 1_000_000);
        }

        assertThat(usage.usageOf(tenant).counters()).isEmpty();
        assertThat(quotas.status(subject)).isEqualTo(RateLimitStatus.NONE);
    }

    @Test
    void statusReportsTheTightestMinuteLimitsAsOpenAiHeaders() {
        clock.set(clock.instant().plus(Duration.ofDays(2)).truncatedTo(java.time.temporal.ChronoUnit.MINUTES)
                .plusSeconds(30));
        settings.setTenantLimits(tenant, QuotaLimits.UNLIMITED.withRequestsPerMinute(10L), ADMIN);
        settings.setKeyLimits(tenant, key, QuotaLimits.UNLIMITED.withRequestsPerMinute(5L), ADMIN);
        settings.setModelLimits(tenant, subject.model(), QuotaLimits.UNLIMITED.withTokensPerMinute(1_000L), ADMIN);

        Reservation reservation = quotas.reserve(subject, 60, 40);

        assertThat(reservation.status().headers()).containsExactly(
                java.util.Map.entry("x-ratelimit-limit-requests", "5"),
                java.util.Map.entry("x-ratelimit-remaining-requests", "4"),
                java.util.Map.entry("x-ratelimit-reset-requests", "30s"),
                java.util.Map.entry("x-ratelimit-limit-tokens", "1000"),
                java.util.Map.entry("x-ratelimit-remaining-tokens", "900"),
                java.util.Map.entry("x-ratelimit-reset-tokens", "30s"));
        reservation.settle(60, 10);
        assertThat(quotas.status(subject).remainingTokens()).isEqualTo(930);
    }

    @Test
    void usageShowsWhatWasChargedAndWhatIsStillRunning() {
        settings.setTenantLimits(tenant, tokensPerDay(10_000).withConcurrentRequests(4), ADMIN);
        settings.setKeyLimits(tenant, key, QuotaLimits.UNLIMITED.withRequestsPerMinute(100L), ADMIN);
        quotas.reserve(subject, 100, 200).settle(100, 150);
        Reservation running = quotas.reserve(subject, 100, 200);

        TenantUsage now = usage.usageOf(tenant);

        assertThat(now.counters()).extracting(TenantUsage.Counter::level, TenantUsage.Counter::limit,
                        TenantUsage.Counter::used, TenantUsage.Counter::outstanding, TenantUsage.Counter::limitValue)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(QuotaLevel.TENANT, QuotaLimit.TOKENS_PER_DAY, 250L, 300L, 10_000L),
                        org.assertj.core.groups.Tuple.tuple(QuotaLevel.TENANT, QuotaLimit.CONCURRENT_REQUESTS, 0L, 1L, 4L),
                        org.assertj.core.groups.Tuple.tuple(QuotaLevel.KEY, QuotaLimit.REQUESTS_PER_MINUTE, 1L, 1L, 100L));
        running.release();
    }
}
