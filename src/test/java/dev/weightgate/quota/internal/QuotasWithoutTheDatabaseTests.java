package dev.weightgate.quota.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weightgate.quota.QuotaLevel;
import dev.weightgate.quota.QuotaLimit;
import dev.weightgate.quota.QuotaLimits;
import dev.weightgate.quota.QuotaSubject;
import dev.weightgate.quota.QuotaUnavailableException;
import dev.weightgate.quota.Reservation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;

/**
 * When the database does not answer, a limited request is refused rather than risk overspending, except what the
 * replica's allowance already covers (it was leased, so it is exact); unlimited requests go on. Runs on the in-memory
 * store behind a switch, and a hand-moved nano clock for the replica's trust in its allowance.
 */
class QuotasWithoutTheDatabaseTests {

    static final Instant NOW = Instant.parse("2026-03-15T12:00:30Z");

    final UUID limitedTenant = UUID.randomUUID();
    final UUID unlimitedTenant = UUID.randomUUID();
    final UUID tightTenant = UUID.randomUUID();
    final SwitchableStore store = new SwitchableStore(new InMemoryCounterStore(4));
    final AtomicLong nanos = new AtomicLong(1);
    final Allowances allowances = new Allowances(store, QuotaProperties.defaults().withRefusalMemory(Duration.ZERO),
            Clock.fixed(NOW, ZoneOffset.UTC), Clock.fixed(NOW, ZoneOffset.UTC), nanos::get);
    final LeasedQuotas quotas = new LeasedQuotas(this::limitsOf, allowances, Clock.fixed(NOW, ZoneOffset.UTC));

    QuotaLimits limitsOf(UUID tenant, QuotaLevel level, String subject) {
        if (level != QuotaLevel.TENANT) {
            return QuotaLimits.UNLIMITED;
        }
        // The tight tenant's budget is too small to lease ahead: each settlement gives back at once.
        return tenant.equals(limitedTenant) ? QuotaLimits.UNLIMITED.withTokensPerDay(1_000_000L)
                : tenant.equals(tightTenant) ? QuotaLimits.UNLIMITED.withTokensPerDay(150L) : QuotaLimits.UNLIMITED;
    }

    QuotaSubject limited() {
        return new QuotaSubject(limitedTenant, null, "m");
    }

    @Test
    void aLimitedRequestIsRefusedAsUnavailableWhenTheDatabaseIsDown() {
        store.down = true;

        assertThatThrownBy(() -> quotas.reserve(limited(), 10, 10)).isInstanceOf(QuotaUnavailableException.class);
    }

    @Test
    void anUnlimitedRequestGoesOnWhenTheDatabaseIsDown() {
        store.down = true;

        quotas.reserve(new QuotaSubject(unlimitedTenant, UUID.randomUUID(), "m"), 10, 10).settle(10, 10);
    }

    @Test
    void theAllowanceAlreadyLeasedServesUntilItRunsOutAndIsChargedWhenTheDatabaseIsBack() {
        quotas.reserve(limited(), 0, 100).settle(0, 100);
        long leased = store.delegate.leases(tokensPerDay()).get(allowances.replica());
        store.down = true;

        long served = 0;
        while (true) {
            try {
                quotas.reserve(limited(), 0, 100).settle(0, 100);
                served += 100;
            } catch (QuotaUnavailableException e) {
                break;
            }
        }
        assertThat(served + 100).isLessThanOrEqualTo(leased).isGreaterThan(leased - 100);

        store.down = false;
        allowances.flush(true);
        assertThat(store.delegate.counter(tokensPerDay()).orElseThrow().used()).isEqualTo(served + 100);
    }

    @Test
    void theAllowanceIsNotSpentOnceTheReplicaMayHaveBeenTakenForDead() {
        quotas.reserve(limited(), 0, 100).settle(0, 100);
        store.down = true;
        nanos.addAndGet(QuotaProperties.defaults().replicaTimeout().toNanos() / 2);

        assertThatThrownBy(() -> quotas.reserve(limited(), 0, 1)).isInstanceOf(QuotaUnavailableException.class);
    }

    @Test
    void settlingWhileTheDatabaseIsDownNeverThrowsAndChargesOnceItIsBack() {
        Reservation reservation = quotas.reserve(new QuotaSubject(tightTenant, null, "m"), 0, 100);
        store.down = true;

        reservation.settle(0, 50);

        store.down = false;
        allowances.flush(true);
        CounterStore.CounterSnapshot budget = store.delegate.counter(tokensPerDay(tightTenant)).orElseThrow();
        assertThat(budget.used()).isEqualTo(50);
        assertThat(budget.leased()).isZero();
    }

    CounterKey tokensPerDay() {
        return tokensPerDay(limitedTenant);
    }

    CounterKey tokensPerDay(UUID tenant) {
        return new CounterKey(tenant, QuotaLevel.TENANT, "", QuotaLimit.TOKENS_PER_DAY,
                Windows.start(QuotaLimit.TOKENS_PER_DAY, NOW));
    }

    /** A store that fails like an unreachable database while {@link #down}. */
    static final class SwitchableStore implements CounterStore {

        final CounterStore delegate;
        volatile boolean down;

        SwitchableStore(CounterStore delegate) {
            this.delegate = delegate;
        }

        private void check() {
            if (down) {
                throw new DataAccessResourceFailureException("connection refused");
            }
        }

        @Override
        public void register(UUID replica, Instant now) {
            check();
            delegate.register(replica, now);
        }

        @Override
        public boolean heartbeat(UUID replica, Instant now) {
            check();
            return delegate.heartbeat(replica, now);
        }

        @Override
        public int reclaimSilentReplicas(Instant silentSince) {
            check();
            return delegate.reclaimSilentReplicas(silentSince);
        }

        @Override
        public void unregister(UUID replica) {
            check();
            delegate.unregister(replica);
        }

        @Override
        public Grant lease(UUID replica, CounterKey key, long limit, long min, long max) {
            check();
            return delegate.lease(replica, key, limit, min, max);
        }

        @Override
        public void apply(UUID replica, List<LeaseChange> changes) {
            check();
            delegate.apply(replica, changes);
        }

        @Override
        public List<CounterSnapshot> counters(UUID tenantId, Map<QuotaLimit, Instant> windowStarts) {
            check();
            return delegate.counters(tenantId, windowStarts);
        }

        @Override
        public Optional<CounterSnapshot> counter(CounterKey key) {
            check();
            return delegate.counter(key);
        }

        @Override
        public Map<UUID, Long> leases(CounterKey key) {
            check();
            return delegate.leases(key);
        }

        @Override
        public int purge(QuotaLimit limit, Instant windowStartBefore) {
            check();
            return delegate.purge(limit, windowStartBefore);
        }
    }
}
