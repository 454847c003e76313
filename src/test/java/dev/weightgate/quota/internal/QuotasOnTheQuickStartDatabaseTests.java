package dev.weightgate.quota.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weightgate.WeightgateApplication;
import dev.weightgate.quota.QuotaExceededException;
import dev.weightgate.quota.QuotaLevel;
import dev.weightgate.quota.QuotaLimit;
import dev.weightgate.quota.QuotaLimits;
import dev.weightgate.quota.QuotaSettings;
import dev.weightgate.quota.QuotaSubject;
import dev.weightgate.quota.Quotas;
import dev.weightgate.tenancy.Tenant;
import dev.weightgate.tenancy.Tenants;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The quick start's embedded H2 (PostgreSQL mode) runs the same V3 migration and the store's H2 path (no
 * {@code RETURNING}): a budget is leased, charged and refused there as on PostgreSQL. Correctness under concurrency
 * is proven on PostgreSQL; this only proves the SQL runs.
 */
class QuotasOnTheQuickStartDatabaseTests {

    @TempDir
    Path dataDir;

    @Test
    void reservesAndChargesABudgetOnTheEmbeddedDatabase() {
        String url = "jdbc:h2:file:" + dataDir.toAbsolutePath() + "/weightgate;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH;AUTO_SERVER=FALSE";
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(WeightgateApplication.class)
                .run("--server.port=0", "--spring.datasource.url=" + url,
                        // Generated keys and the spool stay in the test's folder, never in the project's ./data.
                        "--weightgate.security.bootstrap-key-file=" + dataDir.resolve("bootstrap-admin-key"),
                        "--weightgate.audit.master-key-file=" + dataDir.resolve("audit-master-key"),
                        "--weightgate.audit.signing-key-file=" + dataDir.resolve("audit-signing-key"),
                        "--weightgate.audit.spool-file=" + dataDir.resolve("audit-spool.log"),
                        "--weightgate.engine.models-dir=" + dataDir.resolve("models"))) {
            UUID tenant = context.getBean(Tenants.class).saveAndFlush(Tenant.create("h2-" + UUID.randomUUID(), Instant.now())).id();
            context.getBean(QuotaSettings.class).setTenantLimits(tenant,
                    QuotaLimits.UNLIMITED.withTokensPerDay(1_000L).withConcurrentRequests(2), "admin");
            Quotas quotas = context.getBean(Quotas.class);
            QuotaSubject subject = new QuotaSubject(tenant, null, "m");

            quotas.reserve(subject, 100, 500).settle(100, 200);
            quotas.reserve(subject, 0, 700).release();
            assertThatThrownBy(() -> quotas.reserve(subject, 0, 701)).isInstanceOf(QuotaExceededException.class);

            Allowances allowances = context.getBean(Allowances.class);
            allowances.flush(true);
            CounterKey budget = new CounterKey(tenant, QuotaLevel.TENANT, "", QuotaLimit.TOKENS_PER_DAY,
                    Windows.start(QuotaLimit.TOKENS_PER_DAY, Instant.now()));
            CounterStore.CounterSnapshot stored = context.getBean(CounterStore.class).counter(budget).orElseThrow();
            assertThat(stored.used()).isEqualTo(300);
            assertThat(stored.leased()).isZero();
            allowances.stop();
        }
    }
}
