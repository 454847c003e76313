package dev.weightgate.quota.internal;

import dev.weightgate.quota.QuotaLevel;
import dev.weightgate.quota.QuotaLimit;
import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;
import java.util.UUID;

/**
 * One counted limit in one window: a row of {@code quota_counter}.
 *
 * @param subject     empty for the tenant level, the key id for a key, the model id for a model
 * @param windowStart see {@link Windows#start}; the epoch for concurrency, which has no window
 */
public record CounterKey(UUID tenantId, QuotaLevel level, String subject, QuotaLimit limit, Instant windowStart)
        implements Comparable<CounterKey> {

    // Every transaction that locks several counter rows locks them in this order, so two of them never deadlock.
    private static final Comparator<CounterKey> ORDER = Comparator.comparing(CounterKey::tenantId)
            .thenComparing(CounterKey::level).thenComparing(CounterKey::subject).thenComparing(CounterKey::limit)
            .thenComparing(CounterKey::windowStart);

    public CounterKey {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(windowStart, "windowStart");
    }

    @Override
    public int compareTo(CounterKey other) {
        return ORDER.compare(this, other);
    }
}
