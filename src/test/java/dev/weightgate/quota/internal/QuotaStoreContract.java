package dev.weightgate.quota.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weightgate.quota.ConcurrentScenario;
import dev.weightgate.quota.QuotaLevel;
import dev.weightgate.quota.QuotaLimit;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link CounterStore} does, Bucket4j's TCK shape: each store's test class extends this and says how to
 * make the store. Stores are created with a lease share of 4. Every test uses a tenant and replicas of its own.
 */
abstract class QuotaStoreContract {

    static final int SHARE = 4;
    static final Instant MINUTE = Instant.parse("2026-03-15T12:00:00Z");

    CounterStore store;
    UUID tenant;
    UUID replicaA;
    UUID replicaB;
    Instant now;

    /** A store with a lease share of {@link #SHARE}. */
    abstract CounterStore createStore();

    @BeforeEach
    void registerTwoReplicas() {
        store = createStore();
        tenant = UUID.randomUUID();
        replicaA = UUID.randomUUID();
        replicaB = UUID.randomUUID();
        now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        store.register(replicaA, now);
        store.register(replicaB, now);
    }

    CounterKey tokensPerDay() {
        return new CounterKey(tenant, QuotaLevel.TENANT, "", QuotaLimit.TOKENS_PER_DAY, MINUTE.truncatedTo(ChronoUnit.DAYS));
    }

    CounterKey requestsPerMinute(Instant minute) {
        return new CounterKey(tenant, QuotaLevel.KEY, UUID.randomUUID().toString(), QuotaLimit.REQUESTS_PER_MINUTE, minute);
    }

    CounterStore.CounterSnapshot counter(CounterKey key) {
        return store.counter(key).orElseThrow();
    }

    @Test
    void leasesNoMoreThanAShareOfWhatNoReplicaHolds() {
        CounterStore.Grant grant = store.lease(replicaA, tokensPerDay(), 1000, 10, 1000);

        assertThat(grant).isEqualTo(new CounterStore.Grant(250, 250));
        assertThat(store.lease(replicaB, tokensPerDay(), 1000, 10, 1000)).isEqualTo(new CounterStore.Grant(187, 437));
    }

    @Test
    void leasesTheMinimumWhenAShareIsLess() {
        assertThat(store.lease(replicaA, tokensPerDay(), 100, 60, 60)).isEqualTo(new CounterStore.Grant(60, 60));
    }

    @Test
    void leasesNoMoreThanTheMaximumAsked() {
        assertThat(store.lease(replicaA, tokensPerDay(), 1_000_000, 10, 40)).isEqualTo(new CounterStore.Grant(40, 40));
    }

    @Test
    void refusesALeaseThatWouldPassTheLimitAndGrantsOneThatFitsExactly() {
        store.lease(replicaA, tokensPerDay(), 100, 60, 60);

        assertThat(store.lease(replicaB, tokensPerDay(), 100, 41, 41)).isEqualTo(new CounterStore.Grant(0, 60));
        assertThat(store.lease(replicaB, tokensPerDay(), 100, 40, 40)).isEqualTo(new CounterStore.Grant(40, 100));
        assertThat(counter(tokensPerDay()).leased()).isEqualTo(100);
    }

    @Test
    void refusesEverythingWhenTheLimitIsZero() {
        assertThat(store.lease(replicaA, tokensPerDay(), 0, 1, 1).granted()).isZero();
    }

    @Test
    void givingBackMakesRoomForOtherReplicas() {
        store.lease(replicaA, tokensPerDay(), 100, 100, 100);
        assertThat(store.lease(replicaB, tokensPerDay(), 100, 30, 30).granted()).isZero();

        store.apply(replicaA, List.of(new CounterStore.LeaseChange(tokensPerDay(), 0, 0, 30, 0)));

        assertThat(store.lease(replicaB, tokensPerDay(), 100, 30, 30).granted()).isEqualTo(30);
        assertThat(store.leases(tokensPerDay())).isEqualTo(Map.of(replicaA, 70L, replicaB, 30L));
    }

    @Test
    void chargingMovesUsageFromTheLeaseToUsed() {
        store.lease(replicaA, tokensPerDay(), 1000, 100, 100);

        store.apply(replicaA, List.of(new CounterStore.LeaseChange(tokensPerDay(), 70, 0, 30, 0)));

        assertThat(counter(tokensPerDay())).isEqualTo(new CounterStore.CounterSnapshot(tokensPerDay(), 70, 0, 0));
        assertThat(store.leases(tokensPerDay())).isEqualTo(Map.of(replicaA, 0L));
    }

    @Test
    void usedCountsAgainstLaterLeases() {
        store.lease(replicaA, tokensPerDay(), 100, 100, 100);
        store.apply(replicaA, List.of(new CounterStore.LeaseChange(tokensPerDay(), 80, 0, 20, 0)));

        assertThat(store.lease(replicaB, tokensPerDay(), 100, 21, 21).granted()).isZero();
        assertThat(store.lease(replicaB, tokensPerDay(), 100, 20, 20).granted()).isEqualTo(20);
    }

    @Test
    void overageIsChargedToUsedWithoutTouchingTheLease() {
        store.lease(replicaA, tokensPerDay(), 1000, 100, 100);

        store.apply(replicaA, List.of(new CounterStore.LeaseChange(tokensPerDay(), 100, 50, 0, 0)));

        assertThat(counter(tokensPerDay())).isEqualTo(new CounterStore.CounterSnapshot(tokensPerDay(), 150, 0, 0));
    }

    @Test
    void inUseIsSummedOverReplicas() {
        store.lease(replicaA, tokensPerDay(), 1000, 100, 100);
        store.lease(replicaB, tokensPerDay(), 1000, 100, 100);

        store.apply(replicaA, List.of(new CounterStore.LeaseChange(tokensPerDay(), 0, 0, 0, 30)));
        store.apply(replicaB, List.of(new CounterStore.LeaseChange(tokensPerDay(), 0, 0, 0, 12)));

        assertThat(counter(tokensPerDay()).inUse()).isEqualTo(42);
    }

    @Test
    void concurrentLeasesFromManyThreadsNeverPassTheLimit() throws InterruptedException {
        long limit = 10_007;
        AtomicLong granted = new AtomicLong();
        ConcurrentScenario.run(16, index -> {
            UUID replica = index % 2 == 0 ? replicaA : replicaB;
            long grant;
            do {
                grant = store.lease(replica, tokensPerDay(), limit, 7, 7).granted();
                granted.addAndGet(grant);
            } while (grant > 0);
        });

        assertThat(granted.get()).isEqualTo(limit / 7 * 7);
        assertThat(counter(tokensPerDay()).leased()).isEqualTo(granted.get());
        assertThat(store.leases(tokensPerDay()).values().stream().mapToLong(Long::longValue).sum()).isEqualTo(granted.get());
    }

    @Test
    void reclaimsTheLeasesOfASilentReplicaOnly() {
        UUID silent = UUID.randomUUID();
        store.register(silent, now.minus(1, ChronoUnit.HOURS));
        store.lease(silent, tokensPerDay(), 1000, 100, 100);
        store.lease(replicaB, tokensPerDay(), 1000, 50, 50);

        store.reclaimSilentReplicas(now.minus(1, ChronoUnit.MINUTES));

        assertThat(counter(tokensPerDay()).leased()).isEqualTo(50);
        assertThat(store.leases(tokensPerDay())).isEqualTo(Map.of(replicaB, 50L));
        assertThat(store.heartbeat(silent, now)).isFalse();
        assertThat(store.heartbeat(replicaB, now)).isTrue();
    }

    @Test
    void aReclaimedReplicaCannotLeaseUntilItRegistersAgain() {
        UUID silent = UUID.randomUUID();
        store.register(silent, now.minus(1, ChronoUnit.HOURS));
        store.reclaimSilentReplicas(now.minus(1, ChronoUnit.MINUTES));

        assertThatThrownBy(() -> store.lease(silent, tokensPerDay(), 1000, 10, 10))
                .isInstanceOf(ReplicaReclaimedException.class);
        assertThat(store.counter(tokensPerDay()).map(CounterStore.CounterSnapshot::leased).orElse(0L)).isZero();

        store.register(silent, now);
        assertThat(store.lease(silent, tokensPerDay(), 1000, 10, 10).granted()).isEqualTo(10);
    }

    @Test
    void chargesFromAReclaimedLeaseCountAsUsedOnly() {
        UUID silent = UUID.randomUUID();
        store.register(silent, now.minus(1, ChronoUnit.HOURS));
        store.lease(silent, tokensPerDay(), 1000, 100, 100);
        store.reclaimSilentReplicas(now.minus(1, ChronoUnit.MINUTES));

        store.apply(silent, List.of(new CounterStore.LeaseChange(tokensPerDay(), 40, 0, 60, 0)));

        assertThat(counter(tokensPerDay())).isEqualTo(new CounterStore.CounterSnapshot(tokensPerDay(), 40, 0, 0));
    }

    @Test
    void unregisteringGivesBackEverythingTheReplicaHeld() {
        store.lease(replicaA, tokensPerDay(), 1000, 100, 100);
        store.lease(replicaB, tokensPerDay(), 1000, 10, 10);

        store.unregister(replicaA);

        assertThat(counter(tokensPerDay()).leased()).isEqualTo(10);
        assertThat(store.heartbeat(replicaA, now)).isFalse();
    }

    @Test
    void listsATenantsCountersInTheGivenWindowsAndItsConcurrencyCounters() {
        Instant previous = MINUTE.minus(1, ChronoUnit.MINUTES);
        CounterKey current = requestsPerMinute(MINUTE);
        CounterKey old = new CounterKey(tenant, current.level(), current.subject(), current.limit(), previous);
        CounterKey slots = new CounterKey(tenant, QuotaLevel.TENANT, "", QuotaLimit.CONCURRENT_REQUESTS, Instant.EPOCH);
        CounterKey otherTenant = new CounterKey(UUID.randomUUID(), QuotaLevel.TENANT, "", QuotaLimit.REQUESTS_PER_MINUTE, MINUTE);
        for (CounterKey key : List.of(current, old, slots, otherTenant)) {
            store.lease(replicaA, key, 100, 5, 5);
        }

        List<CounterStore.CounterSnapshot> listed = store.counters(tenant, Map.of(QuotaLimit.REQUESTS_PER_MINUTE, MINUTE));

        assertThat(listed).extracting(CounterStore.CounterSnapshot::key).containsExactlyInAnyOrder(current, slots);
    }

    @Test
    void purgeDeletesTheCountersOfOldWindowsOnly() {
        CounterKey current = requestsPerMinute(MINUTE);
        CounterKey old = requestsPerMinute(MINUTE.minus(2, ChronoUnit.HOURS));
        store.lease(replicaA, current, 100, 5, 5);
        store.lease(replicaA, old, 100, 5, 5);

        store.purge(QuotaLimit.REQUESTS_PER_MINUTE, MINUTE.minus(1, ChronoUnit.HOURS));

        assertThat(store.counter(old)).isEmpty();
        assertThat(store.leases(old)).isEmpty();
        assertThat(store.counter(current)).isPresent();
    }
}
