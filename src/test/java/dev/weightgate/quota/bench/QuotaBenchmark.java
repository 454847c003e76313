package dev.weightgate.quota.bench;

import dev.weightgate.WeightgateApplication;
import dev.weightgate.quota.QuotaExceededException;
import dev.weightgate.quota.QuotaLimits;
import dev.weightgate.quota.QuotaSettings;
import dev.weightgate.quota.QuotaSubject;
import dev.weightgate.quota.Quotas;
import dev.weightgate.quota.Reservation;
import dev.weightgate.tenancy.Tenant;
import dev.weightgate.tenancy.Tenants;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.annotations.Mode;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Reserve + settle with 2 threads on the real gateway wiring and PostgreSQL (the server named by
 * {@code WEIGHTGATE_TEST_DATABASE_URL}, in a database created for the run):
 * <ul>
 *   <li>{@code generousLimits}: six limits (five at the tenant, one at the key) far from exhaustion, the common case:
 *       served from the replica's leased allowance;</li>
 *   <li>{@code tinyBudget}: 1,800 tokens a day, each request reserving 600 and releasing them: too small to lease
 *       ahead, so every request leases and gives back (two database transactions). Room for three requests, so that
 *       two threads are not refused while one's give-back is still committing;</li>
 *   <li>{@code naiveConditionalUpdate}: for comparison, what a store without leases does per request: one
 *       autocommitted conditional {@code UPDATE} to reserve and one to settle, on one counter row.</li>
 * </ul>
 * Run with {@link #main}; figures go to docs/benchmarks.md.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xshare:off"})
@Threads(2)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class QuotaBenchmark {

    private static final AtomicLong refusals = new AtomicLong();

    private String database;
    private ConfigurableApplicationContext gateway;
    private Quotas quotas;
    private DataSource dataSource;
    private QuotaSubject generous;
    private QuotaSubject tiny;
    private UUID naiveTenant;

    public static void main(String[] args) throws RunnerException {
        // Throughput in operations per second, then latency (mean and percentiles) in microseconds.
        new Runner(new OptionsBuilder().include(QuotaBenchmark.class.getSimpleName())
                .mode(Mode.Throughput).timeUnit(TimeUnit.SECONDS).build()).run();
        new Runner(new OptionsBuilder().include(QuotaBenchmark.class.getSimpleName())
                .mode(Mode.SampleTime).timeUnit(TimeUnit.MICROSECONDS).build()).run();
    }

    @Setup(Level.Trial)
    public void startGateway() throws SQLException {
        String adminUrl = System.getenv().getOrDefault("WEIGHTGATE_TEST_DATABASE_URL",
                "jdbc:postgresql://127.0.0.1:5432/postgres");
        String username = System.getenv().getOrDefault("WEIGHTGATE_TEST_DATABASE_USERNAME", "postgres");
        String password = System.getenv().getOrDefault("WEIGHTGATE_TEST_DATABASE_PASSWORD", "");
        database = "wg_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        admin(adminUrl, username, password, "CREATE DATABASE " + database);
        String url = adminUrl.substring(0, adminUrl.lastIndexOf('/') + 1) + database;
        gateway = new SpringApplicationBuilder(WeightgateApplication.class).run("--server.port=0",
                "--spring.datasource.url=" + url, "--spring.datasource.username=" + username,
                "--spring.datasource.password=" + password, "--logging.level.root=WARN");
        quotas = gateway.getBean(Quotas.class);
        dataSource = gateway.getBean(DataSource.class);
        Tenants tenants = gateway.getBean(Tenants.class);
        QuotaSettings settings = gateway.getBean(QuotaSettings.class);

        UUID generousTenant = tenants.saveAndFlush(Tenant.create("generous", Instant.now())).id();
        UUID key = UUID.randomUUID();
        settings.setTenantLimits(generousTenant, new QuotaLimits(1_000_000_000L, 10_000_000_000L,
                100_000_000_000L, 1_000_000_000_000L, 100_000, 4_096), "bench");
        settings.setKeyLimits(generousTenant, key, QuotaLimits.UNLIMITED.withRequestsPerMinute(1_000_000_000L), "bench");
        generous = new QuotaSubject(generousTenant, key, "llama-3.2-3b");

        UUID tinyTenant = tenants.saveAndFlush(Tenant.create("tiny", Instant.now())).id();
        settings.setTenantLimits(tinyTenant, QuotaLimits.UNLIMITED.withTokensPerDay(1_800L), "bench");
        tiny = new QuotaSubject(tinyTenant, null, "llama-3.2-3b");

        naiveTenant = UUID.randomUUID();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO quota_counter (tenant_id, level, "
                     + "subject, limit_name, window_start) VALUES (?, 'TENANT', '', 'TOKENS_PER_DAY', ?)")) {
            insert.setObject(1, naiveTenant);
            insert.setObject(2, OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC));
            insert.executeUpdate();
        }
    }

    @TearDown(Level.Trial)
    public void stopGateway() throws SQLException {
        String adminUrl = System.getenv().getOrDefault("WEIGHTGATE_TEST_DATABASE_URL",
                "jdbc:postgresql://127.0.0.1:5432/postgres");
        gateway.close();
        admin(adminUrl, System.getenv().getOrDefault("WEIGHTGATE_TEST_DATABASE_USERNAME", "postgres"),
                System.getenv().getOrDefault("WEIGHTGATE_TEST_DATABASE_PASSWORD", ""),
                "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        if (refusals.get() > 0) {
            System.out.println("refused reservations: " + refusals.get());
        }
    }

    @Benchmark
    public void generousLimits() {
        Reservation reservation = quotas.reserve(generous, 200, 300);
        reservation.settle(200, 120);
    }

    @Benchmark
    public void tinyBudget() {
        try {
            quotas.reserve(tiny, 100, 500).release();
        } catch (QuotaExceededException e) {
            refusals.incrementAndGet();
        }
    }

    @Benchmark
    public void naiveConditionalUpdate() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement reserve = connection.prepareStatement("UPDATE quota_counter SET used = used + ? "
                    + "WHERE tenant_id = ? AND level = 'TENANT' AND subject = '' AND limit_name = 'TOKENS_PER_DAY' "
                    + "AND used + ? <= ?")) {
                reserve.setLong(1, 500);
                reserve.setObject(2, naiveTenant);
                reserve.setLong(3, 500);
                reserve.setLong(4, Long.MAX_VALUE / 2);
                if (reserve.executeUpdate() == 0) {
                    refusals.incrementAndGet();
                    return;
                }
            }
            try (PreparedStatement settle = connection.prepareStatement("UPDATE quota_counter SET used = used - ? "
                    + "WHERE tenant_id = ? AND level = 'TENANT' AND subject = '' AND limit_name = 'TOKENS_PER_DAY'")) {
                settle.setLong(1, 180);
                settle.setObject(2, naiveTenant);
                settle.executeUpdate();
            }
        }
    }

    private static void admin(String url, String username, String password, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, username, password);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
