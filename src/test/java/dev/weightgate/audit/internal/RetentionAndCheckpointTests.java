package dev.weightgate.audit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weightgate.audit.AuditContent;
import dev.weightgate.audit.AuditKind;
import dev.weightgate.audit.AuditLog;
import dev.weightgate.audit.AuditRecord;
import dev.weightgate.audit.AuditTrail;
import dev.weightgate.audit.ChainVerification;
import dev.weightgate.support.PostgresTest;
import dev.weightgate.tenancy.LoggingMode;
import dev.weightgate.tenancy.TenantDirectory;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Retention erases old content and turns old records into tombstones without breaking the chain, and signed
 * checkpoints pin the chain: a checkpoint that no longer matches its record, or whose signature fails, is reported.
 */
@SpringBootTest
@PostgresTest
class RetentionAndCheckpointTests {

    @Autowired
    AuditTrail trail;

    @Autowired
    AuditLog log;

    @Autowired
    AuditRetention retention;

    @Autowired
    Checkpoints checkpoints;

    @Autowired
    TenantDirectory tenants;

    @Autowired
    JdbcTemplate jdbc;

    UUID tenant(int contentDays, int metadataDays) {
        UUID id = tenants.create("retention-" + UUID.randomUUID(), "test").id();
        tenants.updateAuditPolicy(id, LoggingMode.FULL, contentDays, metadataDays, "test");
        return id;
    }

    String record(UUID tenant, Instant at) {
        String id = "rt-" + UUID.randomUUID();
        trail.record(AuditRecord.builder(id, AuditKind.REQUEST, at).caller(tenant, null, "t").model("m", "remote")
                .outcome(200, null, "stop").content(new AuditContent("the prompt", "the answer")).build());
        return id;
    }

    Map<String, Object> stored(String id) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (jdbc.queryForObject("SELECT count(*) FROM audit_record WHERE id = ?", Integer.class, id) == 0) {
            assertThat(System.nanoTime()).as("record %s written", id).isLessThan(deadline);
            Thread.onSpinWait();
        }
        return jdbc.queryForMap("SELECT * FROM audit_record WHERE id = ?", id);
    }

    @Test
    void retentionErasesOldContentAndTombstonesOldRecordsKeepingTheChainVerifiable() {
        Instant now = Instant.now();
        UUID tenant = tenant(30, 200);
        String ancient = record(tenant, now.minus(Duration.ofDays(365)));
        String old = record(tenant, now.minus(Duration.ofDays(60)));
        String fresh = record(tenant, now.minus(Duration.ofDays(1)));
        stored(fresh);
        stored(old);
        stored(ancient);

        AuditRetention.Purged purged = retention.purge(now);

        assertThat(purged.contentErased()).isGreaterThanOrEqualTo(1);
        assertThat(purged.tombstoned()).isGreaterThanOrEqualTo(1);
        Map<String, Object> tombstone = stored(ancient);
        assertThat(tombstone.get("purged_at")).isNotNull();
        assertThat(tombstone.get("tenant_id")).isNull();
        assertThat(tombstone.get("record_hash")).isNotNull();
        Map<String, Object> erased = stored(old);
        assertThat(erased.get("content")).isNull();
        assertThat(erased.get("content_hash")).isNotNull();
        assertThat(erased.get("content_erased_at")).isNotNull();
        assertThat(stored(fresh).get("content")).isNotNull();

        ChainVerification verification = log.verify(1, Long.MAX_VALUE);
        assertThat(verification.intact()).as(verification.problem()).isTrue();
    }

    @Test
    void aSignedCheckpointVerifiesAndATamperedOneIsReported() {
        String id = record(tenant(90, 400), Instant.now());
        stored(id);
        long signed = checkpoints.checkpoint();
        assertThat(signed).isPositive();
        assertThat(log.verify(1, Long.MAX_VALUE).checkpointsChecked()).isPositive();
        assertThat(log.verify(1, Long.MAX_VALUE).intact()).isTrue();

        String original = jdbc.queryForObject("SELECT head_hash FROM audit_checkpoint WHERE seq = ?", String.class, signed);
        jdbc.update("UPDATE audit_checkpoint SET head_hash = ? WHERE seq = ?", "f".repeat(64), signed);
        try {
            ChainVerification broken = log.verify(1, Long.MAX_VALUE);
            assertThat(broken.intact()).isFalse();
            assertThat(broken.brokenAtSeq()).isEqualTo(signed);
        } finally {
            jdbc.update("UPDATE audit_checkpoint SET head_hash = ? WHERE seq = ?", original, signed);
        }
        assertThat(log.verify(1, Long.MAX_VALUE).intact()).isTrue();
    }

    @Test
    void aChainTruncatedAtItsEndIsReported() {
        String id = record(tenant(90, 400), Instant.now());
        long seq = ((Number) stored(id).get("seq")).longValue();
        jdbc.execute("CREATE TABLE audit_tail_backup AS SELECT * FROM audit_record WHERE seq >= " + seq);
        jdbc.update("DELETE FROM audit_record WHERE seq >= ?", seq);
        try {
            ChainVerification broken = log.verify(1, Long.MAX_VALUE);
            assertThat(broken.intact()).isFalse();
            assertThat(broken.brokenAtSeq()).isEqualTo(seq);
        } finally {
            jdbc.execute("INSERT INTO audit_record SELECT * FROM audit_tail_backup");
            jdbc.execute("DROP TABLE audit_tail_backup");
        }
    }
}
