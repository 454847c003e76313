package dev.weightgate.tenancy;

/** Whether a tenant's callers may use the gateway. */
public enum TenantStatus {
    ACTIVE,
    DISABLED
}
