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
