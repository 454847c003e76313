-- Per-tenant data keys that encrypt stored prompts and completions (issue 7). Only wrapped keys are stored, each
-- encrypted by the master key named in master_key_id; the master key itself never reaches the database.
-- active is TRUE for the key new content is encrypted with and NULL once a key is retired. UNIQUE (tenant_id,
-- active) then allows one active key per tenant and any number of retired ones (NULLs never collide), on PostgreSQL
-- and H2 alike, where a partial unique index would not be portable. Two replicas creating a tenant's first key at
-- once both insert with ON CONFLICT DO NOTHING and read back the one that won.
CREATE TABLE audit_data_key (
    id            UUID        NOT NULL PRIMARY KEY,
    tenant_id     UUID        NOT NULL,
    master_key_id VARCHAR(64) NOT NULL,
    wrapped_key   BYTEA       NOT NULL,
    active        BOOLEAN,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT audit_data_key_one_active UNIQUE (tenant_id, active),
    CONSTRAINT audit_data_key_active_or_retired CHECK (active IS NULL OR active)
);
