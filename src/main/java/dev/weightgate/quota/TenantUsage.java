package dev.weightgate.quota;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A tenant's usage in the current minute, day and month, per level, across all replicas.
 *
 * @param tenantId the tenant
 * @param at       the moment the windows were chosen for
 * @param counters one line per level, subject and limit that has been counted in its current window
 */
public record TenantUsage(UUID tenantId, Instant at, List<Counter> counters) {

    public TenantUsage {
        counters = List.copyOf(counters);
    }

    /**
     * Usage of one limit at one level.
     *
     * @param level       tenant, key or model
     * @param subject     empty for the tenant level, the key id, or the model id
     * @param limit       which limit ({@link QuotaLimit#CONCURRENT_REQUESTS} has no window)
     * @param windowStart the start of the current window; {@code null} for concurrency
     * @param used        what was charged in the window (requests or tokens); always 0 for concurrency
     * @param outstanding what running requests hold: reserved tokens or requests not yet settled, or, for
     *                    concurrency, requests in flight
     * @param limitValue  the limit now in force; {@code null} when it has since been unset
     */
    public record Counter(QuotaLevel level, String subject, QuotaLimit limit, @Nullable Instant windowStart, long used,
                          long outstanding, @Nullable Long limitValue) {
    }
}
