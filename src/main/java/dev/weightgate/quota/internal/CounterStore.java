package dev.weightgate.quota.internal;

import dev.weightgate.quota.QuotaLimit;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Where replicas lease pieces of each counter's limit, and where usage is finally charged. For every counter,
 * {@code used + leased <= limit} holds after every lease, and {@code leased} is the sum of the replicas' leases: no
 * replica can spend an allowance it was not leased, so the replicas together never overspend.
 */
public interface CounterStore {

    /** Makes a replica known, so that it can hold leases. */
    void register(UUID replica, Instant now);

    /** Records that a replica is alive; {@code false} when its leases were reclaimed and it must register again. */
    boolean heartbeat(UUID replica, Instant now);

    /** Gives the leases of every replica silent since before {@code silentSince} back to the pool; how many replicas. */
    int reclaimSilentReplicas(Instant silentSince);

    /** Gives back everything a replica holds and forgets it, as at an orderly shutdown. */
    void unregister(UUID replica);

    /**
     * Leases at least {@code min} and at most {@code max} of a counter's limit to a replica: as much as possible up to
     * {@code max}, but no more than a fraction of what no replica holds yet (and never less than {@code min}).
     * Creates the counter when it is new.
     *
     * @return the grant; {@link Grant#granted()} is 0 when even {@code min} is not left
     * @throws ReplicaReclaimedException when the replica is not registered (any more)
     */
    Grant lease(UUID replica, CounterKey key, long limit, long min, long max);

    /** Applies a replica's charges, give-backs and in-use figures, all in one transaction. */
    void apply(UUID replica, List<LeaseChange> changes);

    /** The counters of a tenant in the given windows (concurrency counters always), with what is in use. */
    List<CounterSnapshot> counters(UUID tenantId, Map<QuotaLimit, Instant> windowStarts);

    Optional<CounterSnapshot> counter(CounterKey key);

    /** What each replica holds of a counter. */
    Map<UUID, Long> leases(CounterKey key);

    /** Deletes the counters of a limit whose windows started before {@code windowStartBefore}; how many. */
    int purge(QuotaLimit limit, Instant windowStartBefore);

    /**
     * A lease's outcome.
     *
     * @param granted   what the replica now holds in addition; 0 when refused
     * @param allocated the counter's {@code used + leased} across all replicas after the lease
     */
    record Grant(long granted, long allocated) {
    }

    /**
     * What a replica reports about one counter.
     *
     * @param charged  usage taken from its lease: moves from {@code leased} to {@code used}
     * @param overage  usage beyond its lease (a prompt longer than estimated): added to {@code used} only
     * @param returned allowance given back: leaves {@code leased}
     * @param inUse    what its running requests hold now (reserved tokens or requests, or slots)
     */
    record LeaseChange(CounterKey key, long charged, long overage, long returned, long inUse) {
    }

    /**
     * A counter as stored.
     *
     * @param inUse what running requests hold, summed over replicas, as they last reported it
     */
    record CounterSnapshot(CounterKey key, long used, long leased, long inUse) {
    }
}
