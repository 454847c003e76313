package dev.weightgate.quota;

/** Where a limit is set: for the whole tenant, for one of its API keys, or for one model as used by the tenant. */
public enum QuotaLevel {
    TENANT,
    KEY,
    MODEL
}
