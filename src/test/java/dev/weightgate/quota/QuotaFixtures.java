package dev.weightgate.quota;

import dev.weightgate.tenancy.Tenant;
import dev.weightgate.tenancy.Tenants;
import java.time.Instant;
import java.util.UUID;

/** Named fixtures: a fresh tenant per test, so that tests sharing a database never share counters. */
final class QuotaFixtures {

    private QuotaFixtures() {
    }

    static UUID acmeTenant(Tenants tenants) {
        return tenants.saveAndFlush(Tenant.create("acme-" + UUID.randomUUID(), Instant.now())).id();
    }

    static QuotaLimits tokensPerDay(long tokens) {
        return QuotaLimits.UNLIMITED.withTokensPerDay(tokens);
    }

    static QuotaLimits concurrentRequests(int requests) {
        return QuotaLimits.UNLIMITED.withConcurrentRequests(requests);
    }
}
