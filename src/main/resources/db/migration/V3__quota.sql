-- Quotas (module quota). Runs on PostgreSQL and on H2 in PostgreSQL mode: keep to the common SQL subset.

-- The limits set per tenant, per (tenant, API key) and per (tenant, model); NULL means unlimited.
-- subject is '' for the tenant level, the key id for a key, the model id for a model.
CREATE TABLE quota_limits (
    tenant_id              UUID         NOT NULL,
    level                  VARCHAR(10)  NOT NULL,
    subject                VARCHAR(200) NOT NULL,
    requests_per_minute    BIGINT,
    tokens_per_minute      BIGINT,
    tokens_per_day         BIGINT,
    tokens_per_month       BIGINT,
    concurrent_requests    INTEGER,
    max_tokens_per_request INTEGER,
    updated_at             TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_by             VARCHAR(200) NOT NULL,
    CONSTRAINT quota_limits_pk PRIMARY KEY (tenant_id, level, subject),
    CONSTRAINT quota_limits_tenant FOREIGN KEY (tenant_id) REFERENCES tenant (id) ON DELETE CASCADE,
    CONSTRAINT quota_limits_level_known CHECK (level IN ('TENANT', 'KEY', 'MODEL')),
    CONSTRAINT quota_limits_not_negative CHECK (
        (requests_per_minute IS NULL OR requests_per_minute >= 0)
        AND (tokens_per_minute IS NULL OR tokens_per_minute >= 0)
        AND (tokens_per_day IS NULL OR tokens_per_day >= 0)
        AND (tokens_per_month IS NULL OR tokens_per_month >= 0)
        AND (concurrent_requests IS NULL OR concurrent_requests >= 0)
        AND (max_tokens_per_request IS NULL OR max_tokens_per_request >= 0))
);

-- One row, bumped by every change of quota_limits; each replica polls it to drop its cache of limits.
CREATE TABLE quota_settings_version (
    id      INTEGER NOT NULL PRIMARY KEY,
    version BIGINT  NOT NULL,
    CONSTRAINT quota_settings_version_single_row CHECK (id = 1)
);
INSERT INTO quota_settings_version (id, version) VALUES (1, 0);

-- One counter per (tenant, level, subject, limit, window). Replicas lease pieces of the limit (leased) and charge
-- actual usage (used) from their leases; every lease checks used + leased + grant <= limit, so together they never
-- overspend. Concurrency counters have no window: their window_start is the epoch and used stays 0.
CREATE TABLE quota_counter (
    tenant_id    UUID         NOT NULL,
    level        VARCHAR(10)  NOT NULL,
    subject      VARCHAR(200) NOT NULL,
    limit_name   VARCHAR(30)  NOT NULL,
    window_start TIMESTAMP WITH TIME ZONE NOT NULL,
    used         BIGINT       NOT NULL DEFAULT 0,
    leased       BIGINT       NOT NULL DEFAULT 0,
    last_grant   BIGINT       NOT NULL DEFAULT 0,
    CONSTRAINT quota_counter_pk PRIMARY KEY (tenant_id, level, subject, limit_name, window_start),
    CONSTRAINT quota_counter_used_not_negative CHECK (used >= 0)
);
CREATE INDEX quota_counter_by_window ON quota_counter (limit_name, window_start);

-- The replicas holding leases, with their last heartbeat; a silent replica's leases are given back.
CREATE TABLE quota_replica (
    id           UUID NOT NULL PRIMARY KEY,
    heartbeat_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- What each replica holds of each counter (amount), and what its running requests hold of that (in_use).
-- For every counter, quota_counter.leased = SUM(quota_lease.amount).
CREATE TABLE quota_lease (
    replica_id   UUID         NOT NULL,
    tenant_id    UUID         NOT NULL,
    level        VARCHAR(10)  NOT NULL,
    subject      VARCHAR(200) NOT NULL,
    limit_name   VARCHAR(30)  NOT NULL,
    window_start TIMESTAMP WITH TIME ZONE NOT NULL,
    amount       BIGINT       NOT NULL,
    in_use       BIGINT       NOT NULL DEFAULT 0,
    CONSTRAINT quota_lease_pk PRIMARY KEY (replica_id, tenant_id, level, subject, limit_name, window_start),
    CONSTRAINT quota_lease_replica FOREIGN KEY (replica_id) REFERENCES quota_replica (id) ON DELETE CASCADE,
    CONSTRAINT quota_lease_counter FOREIGN KEY (tenant_id, level, subject, limit_name, window_start)
        REFERENCES quota_counter (tenant_id, level, subject, limit_name, window_start) ON DELETE CASCADE
);
CREATE INDEX quota_lease_by_counter ON quota_lease (tenant_id, level, subject, limit_name, window_start);
