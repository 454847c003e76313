-- Each tenant chooses what of its prompts and completions is kept, and for how long.
ALTER TABLE tenant ADD COLUMN logging_mode VARCHAR(20) DEFAULT 'REDACTED' NOT NULL;
ALTER TABLE tenant ADD COLUMN content_retention_days INT DEFAULT 90 NOT NULL;
ALTER TABLE tenant ADD COLUMN metadata_retention_days INT DEFAULT 400 NOT NULL;

-- The audit trail: one row per request, admin action or content access, in one hash chain ordered by seq.
-- record_hash covers every column below except the stored content itself and its erasure time, so content can be
-- erased (GDPR, retention) while the chain stays verifiable through content_hash.
CREATE TABLE audit_record (
    seq               BIGINT        NOT NULL PRIMARY KEY,
    id                VARCHAR(64)   NOT NULL,
    kind              VARCHAR(20)   NOT NULL,
    occurred_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    tenant_id         UUID,
    key_id            UUID,
    subject           VARCHAR(200),
    client_address    VARCHAR(64),
    endpoint          VARCHAR(200),
    model             VARCHAR(200),
    backend           VARCHAR(50),
    decision          VARCHAR(20),
    decision_reasons  VARCHAR(4000),
    prompt_tokens     BIGINT,
    completion_tokens BIGINT,
    total_tokens      BIGINT,
    ttft_ms           BIGINT,
    latency_ms        BIGINT,
    status            INT,
    error_code        VARCHAR(100),
    finish_reason     VARCHAR(50),
    action            VARCHAR(100),
    details           VARCHAR(4000),
    logging_mode      VARCHAR(20),
    content_hash      VARCHAR(64),
    content_key_id    UUID,
    content_iv        VARCHAR(32),
    content           VARCHAR,
    content_erased_at TIMESTAMP WITH TIME ZONE,
    -- Past its tenant's metadata retention a record becomes a tombstone: every field but seq and the two hashes is
    -- cleared, so the records around it still link and verify.
    purged_at         TIMESTAMP WITH TIME ZONE,
    prev_hash         VARCHAR(64)   NOT NULL,
    record_hash       VARCHAR(64)   NOT NULL,
    CONSTRAINT audit_record_id_unique UNIQUE (id)
);

CREATE INDEX audit_record_tenant_time ON audit_record (tenant_id, occurred_at);
CREATE INDEX audit_record_time ON audit_record (occurred_at);

-- The chain's head: the writer of each batch locks this row, so replicas append one batch at a time.
CREATE TABLE audit_chain_head (
    id   INT         NOT NULL PRIMARY KEY,
    seq  BIGINT      NOT NULL,
    hash VARCHAR(64) NOT NULL
);
INSERT INTO audit_chain_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- Signed statements of the chain head at a point in time: a later rewrite of the whole chain cannot match them.
CREATE TABLE audit_checkpoint (
    seq        BIGINT        NOT NULL PRIMARY KEY,
    head_hash  VARCHAR(64)   NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    key_id     VARCHAR(64)   NOT NULL,
    public_key VARCHAR(200)  NOT NULL,
    signature  VARCHAR(200)  NOT NULL
);
