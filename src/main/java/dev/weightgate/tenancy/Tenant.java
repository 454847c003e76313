package dev.weightgate.tenancy;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** An organisation unit that uses the gateway: the owner of keys, quotas, a compliance profile and audit records. */
@Entity
@Table(name = "tenant")
public class Tenant {

    @Id
    private UUID id;

    @Column(nullable = false, unique = true, length = 200)
    private String name;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 20)
    private TenantStatus status;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Enumerated(EnumType.STRING)
    @Column(name = "logging_mode", nullable = false, length = 20)
    private LoggingMode loggingMode = LoggingMode.REDACTED;

    @Column(name = "content_retention_days", nullable = false)
    private int contentRetentionDays = 90;

    @Column(name = "metadata_retention_days", nullable = false)
    private int metadataRetentionDays = 400;

    @Column(name = "serve_when_audit_unavailable", nullable = false)
    private boolean serveWhenAuditUnavailable;

    @Version
    private long version;

    protected Tenant() {
        // for JPA
    }

    private Tenant(UUID id, String name, Instant createdAt) {
        this.id = id;
        this.name = name;
        this.status = TenantStatus.ACTIVE;
        this.createdAt = createdAt;
    }

    /** A new, active tenant. */
    public static Tenant create(String name, Instant now) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank() || name.length() > 200) {
            throw new IllegalArgumentException("a tenant name has 1 to 200 characters");
        }
        return new Tenant(UUID.randomUUID(), name.strip(), now);
    }

    public void rename(String newName) {
        Objects.requireNonNull(newName, "name");
        if (newName.isBlank() || newName.length() > 200) {
            throw new IllegalArgumentException("a tenant name has 1 to 200 characters");
        }
        this.name = newName.strip();
    }

    public void disable() {
        status = TenantStatus.DISABLED;
    }

    public void enable() {
        status = TenantStatus.ACTIVE;
    }

    /**
     * Sets what the audit trail keeps of this tenant's content and for how long. Metadata is kept at least as long as
     * content, and at least 180 days: the EU AI Act's minimum for deployers' logs.
     */
    public void setAuditPolicy(LoggingMode mode, int contentRetentionDays, int metadataRetentionDays) {
        Objects.requireNonNull(mode, "mode");
        if (contentRetentionDays < 0 || metadataRetentionDays < 180 || metadataRetentionDays < contentRetentionDays) {
            throw new IllegalArgumentException("retention: content 0 days or more, metadata at least 180 days and "
                    + "at least as long as content");
        }
        this.loggingMode = mode;
        this.contentRetentionDays = contentRetentionDays;
        this.metadataRetentionDays = metadataRetentionDays;
    }

    /** Whether requests are still served when the audit trail can keep no records; off unless a tenant opts out. */
    public void setServeWhenAuditUnavailable(boolean serve) {
        this.serveWhenAuditUnavailable = serve;
    }

    public boolean serveWhenAuditUnavailable() {
        return serveWhenAuditUnavailable;
    }

    public LoggingMode loggingMode() {
        return loggingMode;
    }

    public int contentRetentionDays() {
        return contentRetentionDays;
    }

    public int metadataRetentionDays() {
        return metadataRetentionDays;
    }

    public UUID id() {
        return id;
    }

    public String name() {
        return name;
    }

    public TenantStatus status() {
        return status;
    }

    public Instant createdAt() {
        return createdAt;
    }
}
