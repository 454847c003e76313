package dev.weightgate.quota;

import static dev.weightgate.quota.QuotaFixtures.concurrentRequests;
import static dev.weightgate.quota.QuotaFixtures.tokensPerDay;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weightgate.WeightgateApplication;
import dev.weightgate.quota.internal.Allowances;
import dev.weightgate.quota.internal.CounterKey;
import dev.weightgate.quota.internal.CounterStore;
import dev.weightgate.quota.internal.Windows;
import dev.weightgate.tenancy.Tenants;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two replicas of the gateway, two independent application contexts on one PostgreSQL database, hammering the same
 * tenant at the same time. Each has its own allowances, caches and clock; they agree only through the database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoReplicasTests {

    static final String ADMIN = "admin@acme.test";

    SharedPostgresDatabase database;
    Replica one;
    Replica two;
    UUID tenant;
    QuotaSubject subject;

    record Replica(ConfigurableApplicationContext context) {

        Quotas quotas() {
            return context.getBean(Quotas.class);
        }

        QuotaSettings settings() {
            return context.getBean(QuotaSettings.class);
        }

        Allowances allowances() {
            return context.getBean(Allowances.class);
        }

        MutableClock clock() {
            return context.getBean(MutableClock.class);
        }

        CounterStore store() {
            return context.getBean(CounterStore.class);
        }
    }

    @BeforeAll
    void startTwoReplicas() {
        database = new SharedPostgresDatabase();
        one = new Replica(database.startReplica(WeightgateApplication.class, QuotaTestConfiguration.class));
        two = new Replica(database.startReplica(WeightgateApplication.class, QuotaTestConfiguration.class));
    }

    @AfterAll
    void stopBoth() throws Exception {
        database.close();
    }

    @BeforeEach
    void freshTenant() {
        tenant = QuotaFixtures.acmeTenant(one.context().getBean(Tenants.class));
        subject = new QuotaSubject(tenant, UUID.randomUUID(), "qwen3-8b");
    }

    CounterStore.CounterSnapshot storedCounter(QuotaLimit limit) {
        one.allowances().flush(true);
        two.allowances().flush(true);
        CounterKey key = new CounterKey(tenant, QuotaLevel.TENANT, "", limit, Windows.start(limit, one.clock().instant()));
        return one.store().counter(key).orElseThrow();
    }

    @Test
    void twoReplicasUnderLoadNeverOverspendOneBudget() throws InterruptedException {
        one.settings().setTenantLimits(tenant, tokensPerDay(5_000), ADMIN);
        AtomicInteger granted = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        AtomicLong charged = new AtomicLong();

        ConcurrentScenario.run(200, index -> {
            Quotas quotas = (index % 2 == 0 ? one : two).quotas();
            for (int attempt = 0; attempt < 3; attempt++) {
                Reservation reservation;
                try {
                    reservation = quotas.reserve(subject, 30, 70);
                } catch (QuotaExceededException e) {
                    refused.incrementAndGet();
                    continue;
                }
                granted.incrementAndGet();
                int used = ThreadLocalRandom.current().nextInt(101);
                reservation.settle(used / 3, used - used / 3);
                charged.addAndGet(used);
            }
        });

        CounterStore.CounterSnapshot budget = storedCounter(QuotaLimit.TOKENS_PER_DAY);
        assertThat(granted.get() + refused.get()).isEqualTo(600);
        assertThat(refused.get()).isPositive();
        assertThat(budget.used()).isEqualTo(charged.get()).isLessThanOrEqualTo(5_000);
        assertThat(budget.leased()).isZero();
        assertThat(budget.inUse()).isZero();
        long remaining = 5_000 - budget.used();
        two.quotas().reserve(subject, 0, remaining).settle(0, remaining);
        assertThatThrownBy(() -> one.quotas().reserve(subject, 0, 1)).isInstanceOf(QuotaExceededException.class);
        assertThatThrownBy(() -> two.quotas().reserve(subject, 0, 1)).isInstanceOf(QuotaExceededException.class);
    }

    @Test
    void aConcurrencyLimitHoldsAcrossReplicas() throws InterruptedException {
        one.settings().setTenantLimits(tenant, concurrentRequests(5), ADMIN);
        int threads = 60;
        CountDownLatch everyoneTried = new CountDownLatch(threads);
        AtomicInteger admitted = new AtomicInteger();

        ConcurrentScenario.run(threads, index -> {
            Reservation reservation = null;
            try {
                reservation = (index % 2 == 0 ? one : two).quotas().reserve(subject, 1, 1);
                admitted.incrementAndGet();
            } catch (QuotaExceededException e) {
                assertThat(e.limit()).isEqualTo(QuotaLimit.CONCURRENT_REQUESTS);
            } finally {
                everyoneTried.countDown();
            }
            if (reservation != null) {
                ConcurrentScenario.await(everyoneTried);
                reservation.release();
            }
        });

        assertThat(admitted.get()).isEqualTo(5);
        assertThat(storedCounter(QuotaLimit.CONCURRENT_REQUESTS).inUse()).isZero();
    }

    @Test
    void aLimitSetOnOneReplicaIsEnforcedByTheOtherAfterItsNextPoll() {
        two.quotas().reserve(subject, 0, 100).settle(0, 100);
        assertThat(two.settings().tenantLimits(tenant)).isEqualTo(QuotaLimits.UNLIMITED);

        one.settings().setTenantLimits(tenant, tokensPerDay(50), ADMIN);
        pollOn(two);

        assertThat(two.settings().tenantLimits(tenant)).isEqualTo(tokensPerDay(50));
        assertThatThrownBy(() -> two.quotas().reserve(subject, 0, 100)).isInstanceOf(QuotaExceededException.class);

        one.settings().setTenantLimits(tenant, QuotaLimits.UNLIMITED, ADMIN);
        pollOn(two);
        two.quotas().reserve(subject, 0, 100).settle(0, 100);
    }

    @Test
    void aLimitChangeIsSeenByTheOtherReplicaOnItsOwn() {
        assertThat(two.settings().modelLimits(tenant, "qwen3-8b")).isEqualTo(QuotaLimits.UNLIMITED);

        one.settings().setModelLimits(tenant, "qwen3-8b", concurrentRequests(3), ADMIN);

        // The poller runs every second; this only bounds the wait against a hang, it asserts no duration.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> two.settings().modelLimits(tenant, "qwen3-8b").equals(concurrentRequests(3)));
    }

    /** Runs the other replica's settings poll now, as its maintenance thread does every second. */
    private static void pollOn(Replica replica) {
        Object settings = replica.context().getBean(QuotaSettings.class);
        try {
            var poll = settings.getClass().getDeclaredMethod("pollForChanges");
            poll.setAccessible(true);
            assertThat(poll.invoke(settings)).isEqualTo(true);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
