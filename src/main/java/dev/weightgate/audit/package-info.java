/**
 * The audit trail: one tamper-evident record for every request, admin action and content access, written off the
 * request path, never lost. Other modules call {@link dev.weightgate.audit.AuditTrail#record}.
 */
package dev.weightgate.audit;
