-- Whether the tenant's requests are still served when the audit trail can keep no records (database and spool both
-- failing). Off by default: regulated tenants are refused rather than served unaudited.
ALTER TABLE tenant ADD COLUMN serve_when_audit_unavailable BOOLEAN DEFAULT FALSE NOT NULL;
