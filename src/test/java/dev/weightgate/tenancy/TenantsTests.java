package dev.weightgate.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weightgate.support.PostgresTest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;

/** Tenants persist on real PostgreSQL through the Flyway schema, which JPA validates at start-up. */
@SpringBootTest
@PostgresTest
class TenantsTests {

    @Autowired
    Tenants tenants;

    @Autowired
    JdbcTemplate jdbc;

    static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    @Test
    void runsOnPostgreSql() {
        assertThat(jdbc.queryForObject("select version()", String.class)).startsWith("PostgreSQL");
    }

    @Test
    void storesATenantAndFindsItByName() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Tenant acme = tenants.saveAndFlush(Tenant.create(uniqueName("acme"), now));

        Tenant found = tenants.findByName(acme.name()).orElseThrow();

        assertThat(found.id()).isEqualTo(acme.id());
        assertThat(found.status()).isEqualTo(TenantStatus.ACTIVE);
        assertThat(found.createdAt()).isEqualTo(now);
    }

    @Test
    void refusesTwoTenantsWithOneName() {
        String name = uniqueName("twin");
        tenants.saveAndFlush(Tenant.create(name, Instant.now()));

        assertThatThrownBy(() -> tenants.saveAndFlush(Tenant.create(name, Instant.now())))
                .isInstanceOf(DataIntegrityViolationException.class);
    }

    @Test
    void keepsADisabledTenantDisabled() {
        Tenant tenant = Tenant.create(uniqueName("paused"), Instant.now());
        tenant.disable();
        tenants.saveAndFlush(tenant);

        assertThat(tenants.findById(tenant.id()).orElseThrow().status()).isEqualTo(TenantStatus.DISABLED);
    }

    @Test
    void refusesAnUnknownStatusWrittenBehindJpasBack() {
        assertThatThrownBy(() -> jdbc.update("insert into tenant (id, name, status, created_at) values (?, ?, 'DELETED', now())",
                UUID.randomUUID(), uniqueName("ghost")))
                .isInstanceOf(DataIntegrityViolationException.class);
    }

    @Test
    void refusesABlankName() {
        assertThatThrownBy(() -> Tenant.create("  ", Instant.now())).isInstanceOf(IllegalArgumentException.class);
    }
}
