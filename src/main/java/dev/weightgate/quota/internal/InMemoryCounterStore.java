package dev.weightgate.quota.internal;

import dev.weightgate.quota.QuotaLimit;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The counter store in one JVM's memory, under one lock: the reference the PostgreSQL store is held to by
 * {@code QuotaStoreContract}, and a store for tests that need no database.
 */
public final class InMemoryCounterStore implements CounterStore {

    private final int leaseShare;
    private final Map<CounterKey, Counter> counters = new HashMap<>();
    private final Map<UUID, Instant> heartbeats = new HashMap<>();
    private final Map<UUID, Map<CounterKey, Lease>> leases = new HashMap<>();

    private static final class Counter {
        long used;
        long leased;
    }

    private static final class Lease {
        long amount;
        long inUse;
    }

    /** @param leaseShare a lease takes at most 1/leaseShare of what no replica holds (but always the minimum asked) */
    public InMemoryCounterStore(int leaseShare) {
        if (leaseShare < 1) {
            throw new IllegalArgumentException("leaseShare must be 1 or more; it is " + leaseShare);
        }
        this.leaseShare = leaseShare;
    }

    @Override
    public synchronized void register(UUID replica, Instant now) {
        heartbeats.put(replica, now);
        leases.putIfAbsent(replica, new HashMap<>());
    }

    @Override
    public synchronized boolean heartbeat(UUID replica, Instant now) {
        return heartbeats.replace(replica, now) != null;
    }

    @Override
    public synchronized int reclaimSilentReplicas(Instant silentSince) {
        List<UUID> silent = heartbeats.entrySet().stream().filter(e -> e.getValue().isBefore(silentSince))
                .map(Map.Entry::getKey).toList();
        silent.forEach(this::unregister);
        return silent.size();
    }

    @Override
    public synchronized void unregister(UUID replica) {
        Map<CounterKey, Lease> held = leases.remove(replica);
        heartbeats.remove(replica);
        if (held != null) {
            held.forEach((key, lease) -> counters.get(key).leased -= lease.amount);
        }
    }

    @Override
    public synchronized Grant lease(UUID replica, CounterKey key, long limit, long min, long max) {
        Map<CounterKey, Lease> held = leases.get(replica);
        if (held == null || !heartbeats.containsKey(replica)) {
            throw new ReplicaReclaimedException("replica " + replica + " is not registered");
        }
        Counter counter = counters.computeIfAbsent(key, k -> new Counter());
        long unallocated = limit - counter.used - counter.leased;
        if (unallocated < min) {
            return new Grant(0, counter.used + counter.leased);
        }
        long granted = Math.min(max, Math.max(min, unallocated / leaseShare));
        counter.leased += granted;
        held.computeIfAbsent(key, k -> new Lease()).amount += granted;
        return new Grant(granted, counter.used + counter.leased);
    }

    @Override
    public synchronized void apply(UUID replica, List<LeaseChange> changes) {
        Map<CounterKey, Lease> held = leases.getOrDefault(replica, Map.of());
        for (LeaseChange change : changes) {
            Counter counter = counters.get(change.key());
            if (counter == null) {
                continue;
            }
            Lease lease = held.get(change.key());
            counter.used += change.charged() + change.overage();
            if (lease != null) {
                // Without its lease (reclaimed), the replica's charge was already taken out of `leased`.
                counter.leased -= change.charged() + change.returned();
                lease.amount -= change.charged() + change.returned();
                lease.inUse = change.inUse();
            }
        }
    }

    @Override
    public synchronized List<CounterSnapshot> counters(UUID tenantId, Map<QuotaLimit, Instant> windowStarts) {
        List<CounterSnapshot> found = new ArrayList<>();
        counters.forEach((key, counter) -> {
            if (key.tenantId().equals(tenantId) && (key.limit() == QuotaLimit.CONCURRENT_REQUESTS
                    || key.windowStart().equals(windowStarts.get(key.limit())))) {
                found.add(snapshot(key, counter));
            }
        });
        found.sort((a, b) -> a.key().compareTo(b.key()));
        return found;
    }

    @Override
    public synchronized Optional<CounterSnapshot> counter(CounterKey key) {
        return Optional.ofNullable(counters.get(key)).map(counter -> snapshot(key, counter));
    }

    @Override
    public synchronized Map<UUID, Long> leases(CounterKey key) {
        Map<UUID, Long> found = new HashMap<>();
        leases.forEach((replica, held) -> {
            Lease lease = held.get(key);
            if (lease != null) {
                found.put(replica, lease.amount);
            }
        });
        return found;
    }

    @Override
    public synchronized int purge(QuotaLimit limit, Instant windowStartBefore) {
        List<CounterKey> old = counters.keySet().stream()
                .filter(key -> key.limit() == limit && key.windowStart().isBefore(windowStartBefore)).toList();
        old.forEach(key -> {
            counters.remove(key);
            leases.values().forEach(held -> held.remove(key));
        });
        return old.size();
    }

    private CounterSnapshot snapshot(CounterKey key, Counter counter) {
        long inUse = leases.values().stream().map(held -> held.get(key)).filter(lease -> lease != null)
                .mapToLong(lease -> lease.inUse).sum();
        return new CounterSnapshot(key, counter.used, counter.leased, inUse);
    }
}
