package dev.weightgate.audit.internal;

import dev.weightgate.audit.AuditKind;
import dev.weightgate.audit.AuditRecord;
import dev.weightgate.audit.AuditTrail;
import dev.weightgate.quota.QuotaSettingsChanged;
import dev.weightgate.tenancy.TenancyEvents;
import java.time.Clock;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/** Puts every committed admin change (tenants, keys; quotas and policies as they land) into the audit trail. */
@Component
class AdminEventsRecorder {

    private final AuditTrail trail;
    private final Clock clock = Clock.systemUTC();

    AdminEventsRecorder(AuditTrail trail) {
        this.trail = trail;
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void on(TenancyEvents.TenantCreated event) {
        record(event.tenantId(), event.actor(), "tenant.created", "name=" + event.name());
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void on(TenancyEvents.TenantChanged event) {
        record(event.tenantId(), event.actor(), "tenant.changed", event.change());
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void on(TenancyEvents.ApiKeyCreated event) {
        record(event.tenantId(), event.actor(), "api_key.created", "key=" + event.keyId() + ", name=" + event.name());
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void on(TenancyEvents.ApiKeyRevoked event) {
        record(event.tenantId(), event.actor(), "api_key.revoked", "key=" + event.keyId());
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void on(TenancyEvents.ApiKeyRotated event) {
        record(event.tenantId(), event.actor(), "api_key.rotated", "key=" + event.oldKeyId() + ", replacement="
                + event.newKeyId() + ", old key expires " + event.oldKeyExpiresAt());
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void on(QuotaSettingsChanged event) {
        record(event.tenantId(), event.actor(), "quota.changed", "scope=" + event.scope());
    }

    private void record(UUID tenantId, String actor, String action, String details) {
        trail.record(AuditRecord.builder("admin-" + UUID.randomUUID(), AuditKind.ADMIN, clock.instant())
                .caller(tenantId, null, actor)
                .action(action, details)
                .build());
    }
}
