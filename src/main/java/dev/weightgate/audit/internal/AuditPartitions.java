package dev.weightgate.audit.internal;

import db.migration.V7__AuditPartitionsByMonth;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.YearMonth;
import java.time.ZoneOffset;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps the audit table's monthly partitions ready three months ahead, at start and daily, so records never land
 * in the default partition (from which a month's partition could no longer be split off). PostgreSQL only.
 */
@Component
class AuditPartitions implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(AuditPartitions.class);
    private static final int MONTHS_AHEAD = 3;

    private final JdbcTemplate jdbc;
    private final boolean partitioned;

    AuditPartitions(JdbcTemplate jdbc, DataSource dataSource) throws SQLException {
        this.jdbc = jdbc;
        try (Connection connection = dataSource.getConnection()) {
            this.partitioned = connection.getMetaData().getDatabaseProductName().toLowerCase().contains("postgresql");
        }
    }

    /** True on PostgreSQL, where {@code audit_record} is partitioned by month (V7); false on H2. */
    boolean partitioned() {
        return partitioned;
    }

    @Override
    public void run(ApplicationArguments args) {
        prepare();
    }

    @Scheduled(cron = "0 7 2 * * *", zone = "UTC")
    void prepare() {
        if (!partitioned) {
            return;
        }
        YearMonth now = YearMonth.now(ZoneOffset.UTC);
        for (int ahead = 0; ahead <= MONTHS_AHEAD; ahead++) {
            try {
                jdbc.execute(V7__AuditPartitionsByMonth.createPartition(now.plusMonths(ahead)));
            } catch (RuntimeException e) {
                log.warn("Could not prepare the audit partition for {}: {}", now.plusMonths(ahead), e.getMessage());
            }
        }
    }
}
