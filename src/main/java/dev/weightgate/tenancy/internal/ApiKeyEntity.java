package dev.weightgate.tenancy.internal;

import dev.weightgate.tenancy.Role;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** A stored API key: everything about it but the key itself, of which only a hash is kept. */
@Entity
@Table(name = "api_key")
public class ApiKeyEntity {

    @Id
    private UUID id;

    @Column(name = "tenant_id", nullable = false)
    private UUID tenantId;

    @Column(name = "lookup_id", nullable = false, unique = true)
    private String lookupId;

    @Column(name = "secret_hash", nullable = false)
    private String secretHash;

    @Column(nullable = false)
    private String name;

    private String owner;

    @Column(nullable = false)
    private String roles;

    @Column(name = "allowed_models")
    private String allowedModels;

    @Column(name = "allowed_endpoints")
    private String allowedEndpoints;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "expires_at")
    private Instant expiresAt;

    @Column(name = "revoked_at")
    private Instant revokedAt;

    @Column(name = "last_used_at")
    private Instant lastUsedAt;

    @Column(name = "replaced_by")
    private UUID replacedBy;

    @Version
    private long version;

    protected ApiKeyEntity() {
        // for JPA
    }

    ApiKeyEntity(UUID tenantId, String key, String name, String owner, Set<Role> roles, Set<String> allowedModels,
                 Set<String> allowedEndpoints, Instant createdAt, Instant expiresAt) {
        this.id = UUID.randomUUID();
        this.tenantId = tenantId;
        this.lookupId = KeyMaterial.lookupId(key);
        this.secretHash = KeyMaterial.hash(key);
        this.name = name;
        this.owner = owner;
        this.roles = roles.stream().map(Role::name).sorted().collect(Collectors.joining(","));
        this.allowedModels = join(allowedModels);
        this.allowedEndpoints = join(allowedEndpoints);
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
    }

    boolean isUsableAt(Instant now) {
        return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
    }

    void revoke(Instant now) {
        if (revokedAt == null) {
            revokedAt = now;
        }
    }

    /** Keeps the old key working until the overlap ends, so clients can switch to its replacement without downtime. */
    void replaceWith(UUID successor, Instant overlapEnds) {
        replacedBy = successor;
        if (expiresAt == null || overlapEnds.isBefore(expiresAt)) {
            expiresAt = overlapEnds;
        }
    }

    private static String join(Collection<String> values) {
        return values == null || values.isEmpty() ? null : String.join(",", values);
    }

    static Set<String> split(String joined) {
        if (joined == null || joined.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(joined.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    Set<Role> roleSet() {
        return split(roles).stream().map(Role::valueOf).collect(Collectors.toUnmodifiableSet());
    }

    UUID id() { return id; }
    UUID tenantId() { return tenantId; }
    String lookupId() { return lookupId; }
    String secretHash() { return secretHash; }
    String name() { return name; }
    String owner() { return owner; }
    Set<String> allowedModelSet() { return split(allowedModels); }
    Set<String> allowedEndpointSet() { return split(allowedEndpoints); }
    Instant createdAt() { return createdAt; }
    Instant expiresAt() { return expiresAt; }
    Instant revokedAt() { return revokedAt; }
    Instant lastUsedAt() { return lastUsedAt; }
    UUID replacedBy() { return replacedBy; }
}
