/**
 * Per-tenant quotas: limits per tenant, API key and model ({@link dev.weightgate.quota.QuotaSettings}), reservation of a
 * request's worst case before it runs and settlement of its actual usage afterwards ({@link dev.weightgate.quota.Quotas}),
 * exact across replicas that share one database, and usage for the admin API ({@link dev.weightgate.quota.QuotaUsage}).
 */
@NullMarked
package dev.weightgate.quota;

import org.jspecify.annotations.NullMarked;
