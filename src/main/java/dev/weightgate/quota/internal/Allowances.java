package dev.weightgate.quota.internal;

import dev.weightgate.quota.QuotaUnavailableException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;

/**
 * This replica's allowances, one {@link LocalCounter} per counter it has used, leased from the {@link CounterStore}.
 * A reservation is served from the allowance without a database round trip; only when the allowance is short does one
 * thread per counter lease more, while the others wait for its grant.
 *
 * <p>Leases grow while demand is steady and never exceed a share of what is left, so busy counters with generous
 * limits go to the database rarely. A counter whose limit is nearly allocated turns <em>tight</em>: its leases are
 * exactly what a request needs, and what a request does not use goes back at once, so on small budgets leasing
 * degrades to a round trip per request and stays exact. Usage is charged in batches by {@link #flush}.
 *
 * <p>Leases are only as good as this replica's registration: after half the replica timeout without a successful
 * heartbeat the allowance is not spent any more, before other replicas may reclaim it (at the full timeout), and
 * without the database a limited request is refused ({@link QuotaUnavailableException}) rather than risk overspending.
 */
public final class Allowances {

    private static final Logger log = LoggerFactory.getLogger(Allowances.class);
    private static final int MAX_LEASE_ATTEMPTS = 100;

    private final CounterStore store;
    private final QuotaProperties properties;
    private final Clock windowClock;
    private final Clock livenessClock;
    private final LongSupplier nanoTime;
    private final UUID replica = UUID.randomUUID();
    private final ConcurrentHashMap<CounterKey, LocalCounter> counters = new ConcurrentHashMap<>();
    private final ReentrantLock livenessLock = new ReentrantLock();
    private final ReentrantLock flushLock = new ReentrantLock();
    private final long trustAllowanceNanos;
    private final long idleNanos;
    private final long refusalMemoryNanos;

    private volatile long lastHeartbeatNanos;
    private volatile boolean everAlive;

    /**
     * @param windowClock   decides windows (the injected clock tests move)
     * @param livenessClock stamps heartbeats, which replicas compare with each other (the system clock)
     */
    public Allowances(CounterStore store, QuotaProperties properties, Clock windowClock, Clock livenessClock,
                      LongSupplier nanoTime) {
        this.store = store;
        this.properties = properties;
        this.windowClock = windowClock;
        this.livenessClock = livenessClock;
        this.nanoTime = nanoTime;
        this.trustAllowanceNanos = properties.replicaTimeout().toNanos() / 2;
        this.idleNanos = properties.idleReturnAfter().toNanos();
        this.refusalMemoryNanos = properties.refusalMemory().toNanos();
    }

    public UUID replica() {
        return replica;
    }

    CounterStore store() {
        return store;
    }

    /**
     * Charges everything, gives every allowance back and forgets this replica, as at shutdown. A replica registers
     * again, lazily, when it next needs a lease.
     */
    public void stop() {
        livenessLock.lock();
        try {
            flush(true);
            store.unregister(replica);
            counters.clear();
            everAlive = false;
        } finally {
            livenessLock.unlock();
        }
    }

    /** Whether this replica holds or owes anything to the store: if not, it need not say goodbye. */
    public boolean holdsAnything() {
        return everAlive && !counters.isEmpty();
    }

    /** Whether this replica registered (it does so at its first lease). */
    public boolean isRegistered() {
        return everAlive;
    }

    LocalCounter counter(CounterKey key) {
        return counters.computeIfAbsent(key, k -> new LocalCounter(k, nanoTime.getAsLong()));
    }

    /** The counter if this replica has used it, else {@code null}. */
    LocalCounter existingCounter(CounterKey key) {
        return counters.get(key);
    }

    /**
     * Reserves {@code amount} of a counter whose limit is {@code limit}: from the allowance, or leasing more.
     *
     * @return the epoch of the lease reserved from, for {@link Held}; {@link LocalCounter#SHORT} when the limit leaves
     *         too little
     * @throws QuotaUnavailableException when the database is needed and does not answer
     */
    int acquire(LocalCounter counter, long amount, long limit) {
        long now = nanoTime.getAsLong();
        if (trustsAllowance(now)) {
            int epoch = counter.tryReserve(amount, now);
            if (epoch != LocalCounter.SHORT) {
                return epoch;
            }
        }
        if (counter.recentlyRefused(now)) {
            return LocalCounter.SHORT;
        }
        counter.leaseLock.lock();
        try {
            for (int attempt = 0; attempt < MAX_LEASE_ATTEMPTS; attempt++) {
                now = nanoTime.getAsLong();
                ensureAlive(now);
                int reservedIn = counter.tryReserve(amount, now);
                if (reservedIn != LocalCounter.SHORT) {
                    return reservedIn;
                }
                long shortfall = amount - counter.available();
                if (shortfall <= 0) {
                    continue;
                }
                long most = counter.isTight() ? shortfall : Math.max(shortfall, counter.leaseTarget(amount));
                int epoch = counter.epoch();
                CounterStore.Grant grant;
                try {
                    grant = store.lease(replica, counter.key(), limit, shortfall, most);
                } catch (ReplicaReclaimedException e) {
                    forfeitEverything(now);
                    continue;
                } catch (DataAccessException e) {
                    throw unavailable(e);
                }
                counter.recordGrant(grant, limit, amount, now, properties.leaseShare());
                if (grant.granted() == 0) {
                    counter.refuseUntil(now + refusalMemoryNanos);
                    return LocalCounter.SHORT;
                }
                reservedIn = counter.addGrantAndReserve(grant.granted(), amount, epoch);
                if (reservedIn != LocalCounter.SHORT) {
                    return reservedIn;
                }
            }
            return LocalCounter.SHORT;
        } finally {
            counter.leaseLock.unlock();
        }
    }

    /** Ends what a reservation holds of one counter; gives a tight counter's allowance back at once. Never throws. */
    void settle(Held held, long actual) {
        held.counter().settle(held.amount(), actual, held.epoch());
        if (held.counter().isTight()) {
            try {
                report(List.of(held.counter()), false);
            } catch (RuntimeException e) {
                log.debug("Could not give back tight allowance of {} now; the next flush will: {}", held.counter().key(),
                        e.getMessage());
            }
        }
    }

    /** Gives back what a refused reservation took of one counter: it was never used. */
    void cancel(Held held) {
        held.counter().settle(held.amount(), 0, held.epoch());
    }

    /**
     * Charges usage to the store and gives back allowance that is spare: all of it with {@code everything}, else that
     * of tight, idle and ended counters. Forgets counters whose window ended a minute ago and that hold nothing.
     */
    public void flush(boolean everything) {
        flushLock.lock();
        try {
            report(new ArrayList<>(counters.values()), everything);
            Instant forgetBefore = windowClock.instant().minusSeconds(60);
            counters.values().removeIf(counter -> counter.windowEndedBefore(forgetBefore) && counter.isIdle());
        } finally {
            flushLock.unlock();
        }
    }

    private void report(List<LocalCounter> candidates, boolean everything) {
        Instant now = windowClock.instant();
        long nowNanos = nanoTime.getAsLong();
        List<LocalCounter> reported = new ArrayList<>();
        List<LocalCounter.Drained> drained = new ArrayList<>();
        List<CounterStore.LeaseChange> changes = new ArrayList<>();
        for (LocalCounter counter : candidates) {
            boolean giveBack = everything || counter.isTight() || counter.windowEndedBefore(now)
                    || nowNanos - counter.lastUseNanos() > idleNanos;
            LocalCounter.Drained taken = counter.drain(giveBack);
            if (taken.changesNothingBut(counter.publishedInUse())) {
                continue;
            }
            reported.add(counter);
            drained.add(taken);
            changes.add(new CounterStore.LeaseChange(counter.key(), taken.charged(), taken.overage(), taken.returned(),
                    taken.inUse()));
        }
        if (changes.isEmpty()) {
            return;
        }
        try {
            store.apply(replica, changes);
        } catch (RuntimeException e) {
            for (int i = 0; i < reported.size(); i++) {
                reported.get(i).restore(drained.get(i));
            }
            throw e;
        }
        for (int i = 0; i < reported.size(); i++) {
            reported.get(i).published(drained.get(i).inUse());
        }
    }

    /** Says this replica is alive; if it was taken for dead meanwhile, forgets its allowances and registers again. */
    public void heartbeat() {
        long now = nanoTime.getAsLong();
        livenessLock.lock();
        try {
            if (store.heartbeat(replica, livenessClock.instant())) {
                markAlive(now);
            } else if (everAlive) {
                forfeitEverything(now);
            } else {
                store.register(replica, livenessClock.instant());
                markAlive(now);
            }
        } finally {
            livenessLock.unlock();
        }
    }

    /** Gives the leases of replicas silent for the replica timeout back to everyone. */
    public int reclaimSilentReplicas() {
        return store.reclaimSilentReplicas(livenessClock.instant().minus(properties.replicaTimeout()));
    }

    /** Whether the allowance may be spent: only while this replica is sure nobody reclaimed its leases. */
    private boolean trustsAllowance(long nowNanos) {
        return everAlive && nowNanos - lastHeartbeatNanos < trustAllowanceNanos;
    }

    private void ensureAlive(long nowNanos) {
        if (trustsAllowance(nowNanos)) {
            return;
        }
        try {
            heartbeat();
        } catch (DataAccessException e) {
            throw unavailable(e);
        }
    }

    private void forfeitEverything(long nowNanos) {
        livenessLock.lock();
        try {
            log.warn("Replica {} was taken for dead and its quota leases given back; leasing afresh", replica);
            counters.values().forEach(LocalCounter::forfeit);
            store.register(replica, livenessClock.instant());
            markAlive(nowNanos);
        } catch (DataAccessException e) {
            throw unavailable(e);
        } finally {
            livenessLock.unlock();
        }
    }

    private void markAlive(long nowNanos) {
        lastHeartbeatNanos = nowNanos;
        everAlive = true;
    }

    private static QuotaUnavailableException unavailable(DataAccessException e) {
        return new QuotaUnavailableException("The quota database does not answer, so limited requests are refused: "
                + e.getMessage(), e);
    }
}
