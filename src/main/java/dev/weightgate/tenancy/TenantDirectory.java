package dev.weightgate.tenancy;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Tenants: creating them, finding them, and switching them on and off. */
public interface TenantDirectory {

    /** The tenant that owns the platform's own administrators. */
    String PLATFORM_TENANT = "platform";

    Tenant create(String name, String actor);

    List<Tenant> all();

    Optional<Tenant> find(UUID id);

    Optional<Tenant> findByName(String name);

    /** Renames and/or changes the status; {@code null} leaves a field as it is. Empty when there is no such tenant. */
    Optional<Tenant> update(UUID id, String name, TenantStatus status, String actor);

    /** Sets what the audit trail keeps of the tenant's content, and for how long. Empty when there is no such tenant. */
    Optional<Tenant> updateAuditPolicy(UUID id, LoggingMode mode, int contentRetentionDays, int metadataRetentionDays,
                                       String actor);

    /** Whether the tenant's requests are served when the audit trail cannot keep records. Empty when no such tenant. */
    Optional<Tenant> updateServeWhenAuditUnavailable(UUID id, boolean serve, String actor);
}
