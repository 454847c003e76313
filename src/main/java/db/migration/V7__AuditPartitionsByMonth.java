package db.migration;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * On PostgreSQL, turns {@code audit_record} into a table partitioned by month of {@code occurred_at}, so that
 * retention and time-range queries touch only the months they concern at hundreds of millions of rows. On the quick
 * start's H2, which has no partitioning, it changes nothing: the migrations stay one set for both databases.
 *
 * <p>PostgreSQL requires the partition key in every unique constraint, so the primary key becomes
 * {@code (seq, occurred_at)} and the id's uniqueness {@code (id, occurred_at)}; the audit writer already checks ids
 * under the chain lock before inserting, which is what keeps each record stored once.
 */
public class V7__AuditPartitionsByMonth extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        if (!connection.getMetaData().getDatabaseProductName().toLowerCase().contains("postgresql")) {
            return;
        }
        try (Statement sql = connection.createStatement()) {
            sql.execute("ALTER TABLE audit_record RENAME TO audit_record_unpartitioned");
            sql.execute("CREATE TABLE audit_record (LIKE audit_record_unpartitioned INCLUDING DEFAULTS) "
                    + "PARTITION BY RANGE (occurred_at)");
            sql.execute("ALTER TABLE audit_record ADD CONSTRAINT audit_record_seq_key PRIMARY KEY (seq, occurred_at)");
            sql.execute("ALTER TABLE audit_record ADD CONSTRAINT audit_record_id_key UNIQUE (id, occurred_at)");
            sql.execute("CREATE INDEX audit_record_by_tenant ON audit_record (tenant_id, occurred_at)");
            sql.execute("CREATE TABLE audit_record_default PARTITION OF audit_record DEFAULT");
            YearMonth first = YearMonth.now(ZoneOffset.UTC);
            try (ResultSet oldest = sql.executeQuery("SELECT min(occurred_at) FROM audit_record_unpartitioned")) {
                if (oldest.next() && oldest.getTimestamp(1) != null) {
                    first = YearMonth.from(oldest.getTimestamp(1).toInstant().atZone(ZoneOffset.UTC));
                }
            }
            for (YearMonth month = first; !month.isAfter(YearMonth.now(ZoneOffset.UTC).plusMonths(3)); month = month.plusMonths(1)) {
                sql.execute(createPartition(month));
            }
            sql.execute("INSERT INTO audit_record SELECT * FROM audit_record_unpartitioned");
            sql.execute("DROP TABLE audit_record_unpartitioned");
        }
    }

    /** The DDL of one month's partition; also used by the job that keeps the coming months ready. */
    public static String createPartition(YearMonth month) {
        LocalDate start = month.atDay(1);
        LocalDate end = month.plusMonths(1).atDay(1);
        return "CREATE TABLE IF NOT EXISTS audit_record_y%04dm%02d PARTITION OF audit_record FOR VALUES FROM ('%s') TO ('%s')"
                .formatted(month.getYear(), month.getMonthValue(), start + " 00:00:00+00", end + " 00:00:00+00");
    }
}
