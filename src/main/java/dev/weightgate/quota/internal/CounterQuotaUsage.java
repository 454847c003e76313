package dev.weightgate.quota.internal;

import dev.weightgate.quota.QuotaLimit;
import dev.weightgate.quota.QuotaUsage;
import dev.weightgate.quota.TenantUsage;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Usage as the counter store has it, after charging this replica's latest usage; other replicas' is at most one flush
 * interval old.
 */
final class CounterQuotaUsage implements QuotaUsage {

    private static final Logger log = LoggerFactory.getLogger(CounterQuotaUsage.class);

    private final CounterStore store;
    private final Allowances allowances;
    private final LimitsLookup settings;
    private final Clock clock;

    CounterQuotaUsage(CounterStore store, Allowances allowances, LimitsLookup settings, Clock clock) {
        this.store = store;
        this.allowances = allowances;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public TenantUsage usageOf(UUID tenantId) {
        try {
            allowances.flush(false);
        } catch (RuntimeException e) {
            log.debug("Usage is read without this replica's latest charges: {}", e.getMessage());
        }
        Instant now = clock.instant();
        Map<QuotaLimit, Instant> windows = new EnumMap<>(QuotaLimit.class);
        LeasedQuotas.COUNTED.forEach(limit -> windows.put(limit, Windows.start(limit, now)));
        List<TenantUsage.Counter> counters = store.counters(tenantId, windows).stream().map(counter -> {
            CounterKey key = counter.key();
            return new TenantUsage.Counter(key.level(), key.subject(), key.limit(),
                    key.limit() == QuotaLimit.CONCURRENT_REQUESTS ? null : key.windowStart(), counter.used(),
                    counter.inUse(), settings.limits(tenantId, key.level(), key.subject()).get(key.limit()));
        }).toList();
        return new TenantUsage(tenantId, now, counters);
    }
}
