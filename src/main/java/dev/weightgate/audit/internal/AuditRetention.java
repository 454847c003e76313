package dev.weightgate.audit.internal;

import dev.weightgate.tenancy.Tenant;
import dev.weightgate.tenancy.TenantDirectory;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Applies each tenant's retention periods once a day: content past its period is erased (its hash stays), and records
 * past the metadata period become tombstones (seq and the two hashes stay), so the chain still links end to end and
 * verifies wherever records remain. Records that belong to no tenant (refused requests) keep the default metadata
 * period.
 */
@Component
class AuditRetention {

    private static final Logger log = LoggerFactory.getLogger(AuditRetention.class);
    static final int DEFAULT_METADATA_DAYS = 400;

    /** Clears everything of a record but its place in the chain: seq, id, kind, time and the two hashes. */
    private static final String TOMBSTONE = "UPDATE audit_record SET tenant_id = NULL, key_id = NULL, subject = NULL, "
            + "client_address = NULL, endpoint = NULL, model = NULL, backend = NULL, decision = NULL, decision_reasons = NULL, "
            + "prompt_tokens = NULL, completion_tokens = NULL, total_tokens = NULL, ttft_ms = NULL, latency_ms = NULL, "
            + "status = NULL, error_code = NULL, finish_reason = NULL, action = NULL, details = NULL, "
            + "logging_mode = NULL, content_hash = NULL, content = NULL, content_iv = NULL, content_key_id = NULL, "
            + "purged_at = ? WHERE ";

    private final JdbcTemplate jdbc;
    private final TenantDirectory tenants;
    private final Clock clock = Clock.systemUTC();

    AuditRetention(JdbcTemplate jdbc, TenantDirectory tenants) {
        this.jdbc = jdbc;
        this.tenants = tenants;
    }

    record Purged(int contentErased, int tombstoned) {
    }

    @Scheduled(cron = "${weightgate.audit.retention-cron:0 17 3 * * *}", zone = "UTC")
    void daily() {
        Purged purged = purge(clock.instant());
        log.info("Audit retention: erased the content of {} records, tombstoned {}", purged.contentErased(),
                purged.tombstoned());
    }

    Purged purge(Instant now) {
        Timestamp at = Timestamp.from(now);
        int erased = 0;
        int tombstoned = 0;
        for (Tenant tenant : tenants.all()) {
            erased += jdbc.update("UPDATE audit_record SET content = NULL, content_iv = NULL, content_key_id = NULL, "
                    + "content_erased_at = ? WHERE tenant_id = ? AND occurred_at < ? AND content IS NOT NULL", at,
                    tenant.id(), Timestamp.from(now.minus(Duration.ofDays(tenant.contentRetentionDays()))));
            tombstoned += jdbc.update(TOMBSTONE + "tenant_id = ? AND occurred_at < ? AND purged_at IS NULL", at,
                    tenant.id(), Timestamp.from(now.minus(Duration.ofDays(tenant.metadataRetentionDays()))));
        }
        tombstoned += jdbc.update(TOMBSTONE + "tenant_id IS NULL AND occurred_at < ? AND purged_at IS NULL", at,
                Timestamp.from(now.minus(Duration.ofDays(DEFAULT_METADATA_DAYS))));
        return new Purged(erased, tombstoned);
    }

}
