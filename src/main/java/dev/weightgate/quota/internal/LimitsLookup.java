package dev.weightgate.quota.internal;

import dev.weightgate.quota.QuotaLevel;
import dev.weightgate.quota.QuotaLimits;
import java.util.UUID;

/** The limits in force at one level; {@link QuotaLimits#UNLIMITED} when none are set. */
@FunctionalInterface
interface LimitsLookup {

    QuotaLimits limits(UUID tenantId, QuotaLevel level, String subject);
}
