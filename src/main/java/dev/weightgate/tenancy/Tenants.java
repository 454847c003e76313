package dev.weightgate.tenancy;

import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

/** Tenants by id and by their unique name. */
public interface Tenants extends JpaRepository<Tenant, UUID> {

    /** The tenant with exactly this name; empty when there is none. */
    Optional<Tenant> findByName(String name);
}
