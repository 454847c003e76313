package dev.weightgate.quota;

import static dev.weightgate.quota.QuotaFixtures.acmeTenant;
import static dev.weightgate.quota.QuotaFixtures.tokensPerDay;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weightgate.support.PostgresTest;
import dev.weightgate.tenancy.Tenants;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;

/** Limits are stored per level on real PostgreSQL, read back through the cache, and every change is announced. */
@SpringBootTest(properties = "weightgate.quota.refusal-memory=0ms")
@PostgresTest
@Import(QuotaTestConfiguration.class)
@RecordApplicationEvents
class QuotaSettingsTests {

    static final String ADMIN = "admin@acme.test";

    @Autowired
    QuotaSettings settings;

    @Autowired
    Tenants tenants;

    @Autowired
    ApplicationEvents events;

    UUID tenant;

    @BeforeEach
    void freshTenant() {
        tenant = acmeTenant(tenants);
    }

    @Test
    void aTenantWithoutLimitsIsUnlimited() {
        assertThat(settings.tenantLimits(tenant)).isEqualTo(QuotaLimits.UNLIMITED);
        assertThat(settings.settingsOf(tenant)).isEqualTo(new TenantQuotaSettings(tenant, QuotaLimits.UNLIMITED, Map.of(), Map.of()));
    }

    @Test
    void storesLimitsPerLevelAndListsThemAll() {
        UUID key = UUID.randomUUID();
        QuotaLimits everything = new QuotaLimits(60L, 100_000L, 1_000_000L, 20_000_000L, 8, 4_096);
        settings.setTenantLimits(tenant, everything, ADMIN);
        settings.setKeyLimits(tenant, key, QuotaLimits.UNLIMITED.withRequestsPerMinute(10L), ADMIN);
        settings.setModelLimits(tenant, "gpt-oss-20b", tokensPerDay(5_000), ADMIN);

        assertThat(settings.tenantLimits(tenant)).isEqualTo(everything);
        assertThat(settings.keyLimits(tenant, key)).isEqualTo(QuotaLimits.UNLIMITED.withRequestsPerMinute(10L));
        assertThat(settings.modelLimits(tenant, "gpt-oss-20b")).isEqualTo(tokensPerDay(5_000));
        assertThat(settings.modelLimits(tenant, "another-model")).isEqualTo(QuotaLimits.UNLIMITED);
        assertThat(settings.settingsOf(tenant)).isEqualTo(new TenantQuotaSettings(tenant, everything,
                Map.of(key, QuotaLimits.UNLIMITED.withRequestsPerMinute(10L)), Map.of("gpt-oss-20b", tokensPerDay(5_000))));
    }

    @Test
    void aChangeReplacesTheCachedLimitsAtOnce() {
        settings.setTenantLimits(tenant, tokensPerDay(100), ADMIN);
        assertThat(settings.tenantLimits(tenant)).isEqualTo(tokensPerDay(100));

        settings.setTenantLimits(tenant, tokensPerDay(200), ADMIN);

        assertThat(settings.tenantLimits(tenant)).isEqualTo(tokensPerDay(200));
    }

    @Test
    void settingUnlimitedClearsALevel() {
        settings.setTenantLimits(tenant, tokensPerDay(100), ADMIN);

        settings.setTenantLimits(tenant, QuotaLimits.UNLIMITED, ADMIN);

        assertThat(settings.tenantLimits(tenant)).isEqualTo(QuotaLimits.UNLIMITED);
        assertThat(settings.settingsOf(tenant).tenant()).isEqualTo(QuotaLimits.UNLIMITED);
    }

    @Test
    void everyChangeIsAnnouncedWithItsScopeAndActor() {
        UUID key = UUID.randomUUID();
        settings.setTenantLimits(tenant, tokensPerDay(100), ADMIN);
        settings.setKeyLimits(tenant, key, tokensPerDay(10), "ops@acme.test");
        settings.setModelLimits(tenant, "qwen3-8b", QuotaLimits.UNLIMITED, ADMIN);

        assertThat(events.stream(QuotaSettingsChanged.class)).containsExactly(
                new QuotaSettingsChanged(tenant, "tenant", ADMIN),
                new QuotaSettingsChanged(tenant, "key:" + key, "ops@acme.test"),
                new QuotaSettingsChanged(tenant, "model:qwen3-8b", ADMIN));
    }

    @Test
    void refusesLimitsForATenantThatDoesNotExist() {
        assertThatThrownBy(() -> settings.setTenantLimits(UUID.randomUUID(), tokensPerDay(1), ADMIN))
                .isInstanceOf(DataIntegrityViolationException.class);
        assertThat(events.stream(QuotaSettingsChanged.class)).isEmpty();
    }

    @Test
    void refusesANegativeLimit() {
        assertThatThrownBy(() -> QuotaLimits.UNLIMITED.withTokensPerDay(-1L))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tokensPerDay");
    }
}
