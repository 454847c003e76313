-- Policy module (issue 8): the license catalog, tenants' compliance profiles and license acceptances, organisation
-- rules, and one version row that every change moves. Runs on PostgreSQL and on H2 in PostgreSQL mode: keep to the
-- common SQL subset. Catalog entries and rules are JSON documents (TEXT), validated by the application.

-- Licenses, seeded from policy/catalog.yaml (source 'catalog', catalog_version = the file's version) or edited by a
-- platform administrator (source 'admin'; seeding never overwrites those).
CREATE TABLE policy_license (
    id              VARCHAR(100) NOT NULL PRIMARY KEY,
    catalog_version INT          NOT NULL,
    source          VARCHAR(20)  NOT NULL,
    body            TEXT         NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_by      VARCHAR(400) NOT NULL,
    CONSTRAINT policy_license_source_known CHECK (source IN ('catalog', 'admin'))
);

-- Model entries (a model or a family) mapping model ids and GGUF names to a license; position keeps the catalog's
-- order, which breaks ties between equally specific patterns.
CREATE TABLE policy_model (
    id              VARCHAR(300) NOT NULL PRIMARY KEY,
    position        INT          NOT NULL,
    catalog_version INT          NOT NULL,
    source          VARCHAR(20)  NOT NULL,
    body            TEXT         NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_by      VARCHAR(400) NOT NULL,
    CONSTRAINT policy_model_source_known CHECK (source IN ('catalog', 'admin'))
);

-- What a tenant declares about itself. NULL means "not declared" (commercial NULL is read as commercial).
CREATE TABLE policy_profile (
    tenant_id            UUID          NOT NULL PRIMARY KEY REFERENCES tenant (id),
    jurisdiction         VARCHAR(2),
    legal_entity_region  VARCHAR(10),
    commercial           BOOLEAN,
    monthly_active_users BIGINT,
    industry             VARCHAR(100),
    purposes             VARCHAR(4000) NOT NULL,
    updated_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_by           VARCHAR(400)  NOT NULL
);

-- License terms and acceptable-use policies a tenant has accepted: by whom (as they gave it), when, and which
-- caller recorded it. Withdrawing deletes the row; the PolicyChanged event keeps the history.
CREATE TABLE policy_acceptance (
    tenant_id   UUID         NOT NULL REFERENCES tenant (id),
    license_id  VARCHAR(100) NOT NULL,
    accepted_by VARCHAR(200) NOT NULL,
    accepted_at TIMESTAMP WITH TIME ZONE NOT NULL,
    recorded_by VARCHAR(400) NOT NULL,
    CONSTRAINT policy_acceptance_pk PRIMARY KEY (tenant_id, license_id)
);

-- Organisation rules in their declarative JSON form; version goes up with every change.
CREATE TABLE policy_rule (
    id         VARCHAR(100) NOT NULL PRIMARY KEY,
    version    BIGINT       NOT NULL,
    enabled    BOOLEAN      NOT NULL,
    definition TEXT         NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_by VARCHAR(400) NOT NULL
);

-- One row whose version goes up with every change above; each replica polls it and recompiles when it moves. It is
-- the policy_version every decision reports.
CREATE TABLE policy_version (
    id      INT    NOT NULL PRIMARY KEY,
    version BIGINT NOT NULL
);
INSERT INTO policy_version (id, version) VALUES (1, 0);
