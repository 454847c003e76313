-- API keys: only a SHA-256 hash of each key is stored. lookup_id is the public part of the key (or, for keys not in
-- Weightgate's format such as a configured bootstrap key, derived from the key's hash), so a key is found by index.
CREATE TABLE api_key (
    id                UUID          NOT NULL PRIMARY KEY,
    tenant_id         UUID          NOT NULL REFERENCES tenant (id),
    lookup_id         VARCHAR(64)   NOT NULL,
    secret_hash       VARCHAR(64)   NOT NULL,
    name              VARCHAR(200)  NOT NULL,
    owner             VARCHAR(200),
    roles             VARCHAR(200)  NOT NULL,
    allowed_models    VARCHAR(4000),
    allowed_endpoints VARCHAR(500),
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at        TIMESTAMP WITH TIME ZONE,
    revoked_at        TIMESTAMP WITH TIME ZONE,
    last_used_at      TIMESTAMP WITH TIME ZONE,
    replaced_by       UUID,
    version           BIGINT        NOT NULL DEFAULT 0,
    CONSTRAINT api_key_lookup_unique UNIQUE (lookup_id)
);

CREATE INDEX api_key_tenant ON api_key (tenant_id);

-- One row whose version goes up with every change to tenants or keys; replicas compare it to drop cached callers.
CREATE TABLE tenancy_version (
    id      INT    NOT NULL PRIMARY KEY,
    version BIGINT NOT NULL
);
INSERT INTO tenancy_version (id, version) VALUES (1, 0);
