package dev.weightgate.quota.internal;

import dev.weightgate.quota.QuotaLevel;
import dev.weightgate.quota.QuotaLimits;
import dev.weightgate.quota.QuotaSettings;
import dev.weightgate.quota.QuotaSettingsChanged;
import dev.weightgate.quota.TenantQuotaSettings;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Limits in {@code quota_limits}, cached by every replica. Each change bumps the single row of
 * {@code quota_settings_version} in its transaction; every replica polls that row ({@link #pollForChanges}, about
 * every second) and drops its cache when it moved. Polling works the same on PostgreSQL and H2 and costs one indexed
 * read per second per replica; LISTEN/NOTIFY would save that read but not the polling fallback.
 */
@Service
class JdbcQuotaSettings implements QuotaSettings, LimitsLookup {

    // Enough for every key and model of many tenants; past it the cache starts afresh rather than grow without bound.
    private static final int MAX_CACHED = 100_000;

    private static final String COLUMNS = "requests_per_minute, tokens_per_minute, tokens_per_day, tokens_per_month, "
            + "concurrent_requests, max_tokens_per_request";

    private record LimitsKey(UUID tenantId, QuotaLevel level, String subject) {
    }

    private final JdbcTemplate jdbc;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    // Replaced whole on invalidation: a lookup that read the database before a change fills the map it started with,
    // which is no longer the cache, so it cannot put a stale value back.
    private volatile Map<LimitsKey, QuotaLimits> cache = new ConcurrentHashMap<>();
    private volatile long knownVersion = -1;

    JdbcQuotaSettings(JdbcTemplate jdbc, ApplicationEventPublisher events, ObjectProvider<Clock> clock) {
        this.jdbc = jdbc;
        this.events = events;
        this.clock = clock.getIfUnique(Clock::systemUTC);
    }

    @Override
    public QuotaLimits limits(UUID tenantId, QuotaLevel level, String subject) {
        LimitsKey key = new LimitsKey(tenantId, level, subject);
        Map<LimitsKey, QuotaLimits> current = cache;
        QuotaLimits found = current.get(key);
        if (found != null) {
            return found;
        }
        if (current.size() >= MAX_CACHED) {
            invalidate();
            current = cache;
        }
        if (knownVersion < 0) {
            // Learn the version before the first row is cached, or the first poll would empty the cache for nothing,
            // and a database outage right after it would find nothing cached.
            knownVersion = currentVersion();
        }
        List<QuotaLimits> rows = jdbc.query("SELECT " + COLUMNS + " FROM quota_limits WHERE tenant_id = ? AND level = ? "
                + "AND subject = ?", (row, i) -> limitsOf(row), tenantId, level.name(), subject);
        QuotaLimits loaded = rows.isEmpty() ? QuotaLimits.UNLIMITED : rows.getFirst();
        current.put(key, loaded);
        return loaded;
    }

    @Override
    public QuotaLimits tenantLimits(UUID tenantId) {
        return limits(tenantId, QuotaLevel.TENANT, "");
    }

    @Override
    public QuotaLimits keyLimits(UUID tenantId, UUID keyId) {
        return limits(tenantId, QuotaLevel.KEY, keyId.toString());
    }

    @Override
    public QuotaLimits modelLimits(UUID tenantId, String model) {
        return limits(tenantId, QuotaLevel.MODEL, model);
    }

    @Override
    @Transactional
    public void setTenantLimits(UUID tenantId, QuotaLimits limits, String actor) {
        write(new LimitsKey(tenantId, QuotaLevel.TENANT, ""), limits, actor, "tenant");
    }

    @Override
    @Transactional
    public void setKeyLimits(UUID tenantId, UUID keyId, QuotaLimits limits, String actor) {
        write(new LimitsKey(tenantId, QuotaLevel.KEY, keyId.toString()), limits, actor, "key:" + keyId);
    }

    @Override
    @Transactional
    public void setModelLimits(UUID tenantId, String model, QuotaLimits limits, String actor) {
        if (model.isBlank() || model.length() > 200) {
            throw new IllegalArgumentException("a model id has 1 to 200 characters");
        }
        write(new LimitsKey(tenantId, QuotaLevel.MODEL, model), limits, actor, "model:" + model);
    }

    @Override
    @Transactional(readOnly = true)
    public TenantQuotaSettings settingsOf(UUID tenantId) {
        QuotaLimits[] tenant = {QuotaLimits.UNLIMITED};
        Map<UUID, QuotaLimits> keys = new HashMap<>();
        Map<String, QuotaLimits> models = new HashMap<>();
        jdbc.query("SELECT level, subject, " + COLUMNS + " FROM quota_limits WHERE tenant_id = ?", row -> {
            QuotaLimits limits = limitsOf(row);
            switch (QuotaLevel.valueOf(row.getString("level"))) {
                case TENANT -> tenant[0] = limits;
                case KEY -> keys.put(UUID.fromString(row.getString("subject")), limits);
                case MODEL -> models.put(row.getString("subject"), limits);
            }
        }, tenantId);
        return new TenantQuotaSettings(tenantId, tenant[0], keys, models);
    }

    /** Drops the cache if another replica changed a limit since the last poll; whether it did. */
    boolean pollForChanges() {
        long version = currentVersion();
        if (version == knownVersion) {
            return false;
        }
        knownVersion = version;
        invalidate();
        return true;
    }

    private long currentVersion() {
        Long version = jdbc.queryForObject("SELECT version FROM quota_settings_version WHERE id = 1", Long.class);
        return version == null ? 0 : version;
    }

    private void write(LimitsKey key, QuotaLimits limits, String actor, String scope) {
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(actor, "actor");
        // First, so that concurrent changes queue here rather than collide on the primary key below.
        jdbc.update("UPDATE quota_settings_version SET version = version + 1 WHERE id = 1");
        // This replica knows of its own change; its next poll need not empty the cache again.
        knownVersion = currentVersion();
        jdbc.update("DELETE FROM quota_limits WHERE tenant_id = ? AND level = ? AND subject = ?",
                key.tenantId(), key.level().name(), key.subject());
        if (!limits.isUnlimited()) {
            jdbc.update("INSERT INTO quota_limits (tenant_id, level, subject, " + COLUMNS + ", updated_at, updated_by) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    key.tenantId(), key.level().name(), key.subject(), limits.requestsPerMinute(),
                    limits.tokensPerMinute(), limits.tokensPerDay(), limits.tokensPerMonth(),
                    limits.concurrentRequests(), limits.maxTokensPerRequest(),
                    clock.instant().atOffset(ZoneOffset.UTC), actor);
        }
        events.publishEvent(new QuotaSettingsChanged(key.tenantId(), scope, actor));
        invalidateAfterCommit();
    }

    private void invalidateAfterCommit() {
        invalidate();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            // Again after commit: a lookup between the first invalidation and the commit read the old row.
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    invalidate();
                }
            });
        }
    }

    private void invalidate() {
        cache = new ConcurrentHashMap<>();
    }

    private static QuotaLimits limitsOf(ResultSet row) throws SQLException {
        return new QuotaLimits(row.getObject("requests_per_minute", Long.class),
                row.getObject("tokens_per_minute", Long.class), row.getObject("tokens_per_day", Long.class),
                row.getObject("tokens_per_month", Long.class), row.getObject("concurrent_requests", Integer.class),
                row.getObject("max_tokens_per_request", Integer.class));
    }
}
