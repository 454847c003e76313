package dev.weightgate.audit;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the audit trail, under {@code weightgate.audit}.
 *
 * @param spoolFile where records wait, encrypted, while the database cannot take them
 * @param queueCapacity records held in memory for the writer; past it (and with the spool failing) requests are refused
 * @param batchSize the most records written in one transaction
 * @param retryInterval how often the writer tries the database again while it is spooling
 * @param checkpointInterval how often the chain head is signed
 */
@ConfigurationProperties("weightgate.audit")
public record AuditProperties(
        @DefaultValue("./data/audit-spool.log") Path spoolFile,
        @DefaultValue("100000") int queueCapacity,
        @DefaultValue("500") int batchSize,
        @DefaultValue("1s") Duration retryInterval,
        @DefaultValue("60s") Duration checkpointInterval) {
}
