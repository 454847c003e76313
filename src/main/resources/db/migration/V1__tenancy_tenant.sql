-- Runs on PostgreSQL (production, tests) and on H2 in PostgreSQL mode (quick start): keep to the common SQL subset.
CREATE TABLE tenant (
    id         UUID         NOT NULL PRIMARY KEY,
    name       VARCHAR(200) NOT NULL,
    status     VARCHAR(20)  NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    version    BIGINT       NOT NULL DEFAULT 0,
    CONSTRAINT tenant_name_unique UNIQUE (name),
    CONSTRAINT tenant_status_known CHECK (status IN ('ACTIVE', 'DISABLED'))
);
