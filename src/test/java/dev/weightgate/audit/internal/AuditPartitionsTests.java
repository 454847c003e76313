package dev.weightgate.audit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weightgate.audit.AuditKind;
import dev.weightgate.audit.AuditRecord;
import dev.weightgate.audit.AuditTrail;
import dev.weightgate.support.Eventually;
import dev.weightgate.support.PostgresTest;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

/** On PostgreSQL the audit table is partitioned by month, with the coming months ready, and records land in theirs. */
@SpringBootTest
@PostgresTest
class AuditPartitionsTests {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    AuditTrail trail;

    @Test
    void theAuditTableIsPartitionedByMonth() {
        assertThat(jdbc.queryForObject("SELECT count(*) FROM pg_partitioned_table "
                + "WHERE partrelid = 'audit_record'::regclass", Integer.class)).isEqualTo(1);
        YearMonth now = YearMonth.now(ZoneOffset.UTC);
        for (YearMonth month : new YearMonth[] {now, now.plusMonths(1), now.plusMonths(3)}) {
            String partition = "audit_record_y%04dm%02d".formatted(month.getYear(), month.getMonthValue());
            assertThat(jdbc.queryForObject("SELECT to_regclass(?) IS NOT NULL", Boolean.class, partition))
                    .as(partition).isTrue();
        }
    }

    @Test
    void aRecordLandsInItsMonthsPartition() {
        String id = "partition-" + UUID.randomUUID();
        trail.record(AuditRecord.builder(id, AuditKind.ADMIN, Instant.now()).action("test", null).build());
        Eventually.waitUntil(Duration.ofSeconds(15), "record written",
                () -> jdbc.queryForObject("SELECT count(*) FROM audit_record WHERE id = ?", Integer.class, id) == 1);
        YearMonth now = YearMonth.now(ZoneOffset.UTC);
        assertThat(jdbc.queryForObject("SELECT tableoid::regclass::text FROM audit_record WHERE id = ?", String.class, id))
                .isEqualTo("audit_record_y%04dm%02d".formatted(now.getYear(), now.getMonthValue()));
    }
}
