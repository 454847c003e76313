package dev.weightgate.bench;

import dev.weightgate.WeightgateApplication;
import dev.weightgate.audit.AuditContent;
import dev.weightgate.audit.AuditKind;
import dev.weightgate.audit.AuditRecord;
import dev.weightgate.audit.AuditTrail;
import dev.weightgate.support.PostgresTestDatabase;
import dev.weightgate.tenancy.LoggingMode;
import dev.weightgate.tenancy.TenantDirectory;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Measures the audit path: how long {@link AuditTrail#record} keeps a request thread (percentiles), and how many
 * records per second the writer stores into PostgreSQL, content sealed (redacted and encrypted) as a tenant in
 * {@code REDACTED} mode would have it. Not a test: run it by hand with the test database variables set (the exact
 * command is in docs/benchmarks.md). Arguments: number of records (default 50,000), threads (default 2) and the
 * tenant's logging mode (default REDACTED).
 */
public final class AuditThroughputBenchmark {

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        LoggingMode mode = args.length > 2 ? LoggingMode.valueOf(args[2]) : LoggingMode.REDACTED;
        try (PostgresTestDatabase.Shared database = PostgresTestDatabase.Shared.create();
             ConfigurableApplicationContext context = new SpringApplicationBuilder(WeightgateApplication.class)
                     .run(database.argumentsAnd("--server.port=0",
                             "--weightgate.bootstrap.admin-key=bench", "--logging.level.root=WARN"))) {
            TenantDirectory tenants = context.getBean(TenantDirectory.class);
            UUID tenant = tenants.create("bench-" + UUID.randomUUID(), "bench").id();
            tenants.updateAuditPolicy(tenant, mode, 90, 400, "bench");
            AuditTrail trail = context.getBean(AuditTrail.class);
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
            String prompt = "[{\"role\":\"user\",\"content\":\"Summarise the ticket from jane.doe@example.com about "
                    + "invoice 4711; call +44 20 7946 0958 if unclear.\"}]";
            String completion = "The customer asks for a corrected invoice and a refund of the duplicate charge.";

            Thread.sleep(1000);
            long startSeq = headSeq(jdbc);
            long[] latencies = new long[records];
            long start = System.nanoTime();
            Thread[] workers = new Thread[threads];
            for (int t = 0; t < threads; t++) {
                int first = t;
                workers[t] = Thread.ofPlatform().start(() -> {
                    for (int i = first; i < records; i += threads) {
                        AuditRecord record = AuditRecord.builder("bench-" + i + "-" + UUID.randomUUID(), AuditKind.REQUEST,
                                        Instant.now())
                                .caller(tenant, null, "bench").endpoint("POST /v1/chat/completions")
                                .model("model-a", "remote").tokens(120L, 40L, 160L).timings(80L, 900L)
                                .outcome(200, null, "stop").content(new AuditContent(prompt, completion)).build();
                        long before = System.nanoTime();
                        trail.record(record);
                        latencies[i] = System.nanoTime() - before;
                    }
                });
            }
            for (Thread worker : workers) {
                worker.join();
            }
            long enqueued = System.nanoTime();
            // The chain head's seq is one primary-key read; counting rows would compete with the writer.
            while (headSeq(jdbc) < startSeq + records) {
                Thread.sleep(20);
            }
            long stored = System.nanoTime();
            Arrays.sort(latencies);
            System.out.printf("{\"mode\":\"%s\",\"records\":%d,\"threads\":%d,\"record_call_p50_us\":%.1f,\"record_call_p99_us\":%.1f,"
                            + "\"record_call_p999_us\":%.1f,\"record_call_max_us\":%.1f,\"enqueue_seconds\":%.2f,"
                            + "\"stored_per_second\":%.0f}%n",
                    mode, records, threads, latencies[records / 2] / 1e3, latencies[(int) (records * 0.99)] / 1e3,
                    latencies[(int) (records * 0.999)] / 1e3, latencies[records - 1] / 1e3,
                    (enqueued - start) / 1e9, records / ((stored - start) / 1e9));
        }
    }

    private static long headSeq(JdbcTemplate jdbc) {
        Long seq = jdbc.queryForObject("SELECT seq FROM audit_chain_head WHERE id = 1", Long.class);
        return seq == null ? 0 : seq;
    }
}
