package dev.weightgate.audit.internal;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Whether the audit trail takes records. Part of readiness: a replica that would refuse every request for want of
 * an audit trail should receive none.
 */
@Component
class AuditHealthIndicator implements HealthIndicator {

    private final AuditWriter writer;

    AuditHealthIndicator(AuditWriter writer) {
        this.writer = writer;
    }

    @Override
    public Health health() {
        Health.Builder health = writer.isAccepting() ? Health.up() : Health.down();
        return health.withDetail("queued", writer.queued())
                .withDetail("spooling", writer.isSpooling())
                .withDetail("databaseReachable", !writer.isDatabaseDown())
                .build();
    }
}
