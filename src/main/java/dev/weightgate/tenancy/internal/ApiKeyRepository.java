package dev.weightgate.tenancy.internal;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

interface ApiKeyRepository extends JpaRepository<ApiKeyEntity, UUID> {

    /** The key a presented token names; empty when no key has that lookup id. */
    Optional<ApiKeyEntity> findByLookupId(String lookupId);

    /** A tenant's keys, newest first. */
    List<ApiKeyEntity> findByTenantIdOrderByCreatedAtDesc(UUID tenantId);

    /** The key with this id, but only when it belongs to this tenant: every lookup is by tenant and id. */
    Optional<ApiKeyEntity> findByIdAndTenantId(UUID id, UUID tenantId);

    boolean existsByRolesContaining(String role);
}
