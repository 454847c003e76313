package dev.weightgate.quota.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the quota module, under {@code weightgate.quota}. The defaults suit production; tests shorten nothing.
 *
 * @param settingsPollInterval how often each replica checks whether limits changed on another replica
 * @param flushInterval        how often usage is charged to the database and spare allowance given back
 * @param idleReturnAfter      a counter unused this long gives its allowance back, for other replicas to use
 * @param heartbeatInterval    how often a replica says it is alive (and looks for silent ones)
 * @param replicaTimeout       a replica silent this long is taken for dead and its leases are given back; a replica
 *                             stops spending its allowance after half of it without a heartbeat
 * @param leaseShare           a lease takes at most 1/leaseShare of what no replica holds yet (but always what the
 *                             request needs), so that one replica cannot starve the others
 * @param refusalMemory        after the database refused a lease, requests that the allowance cannot serve are
 *                             refused for this long without asking it again
 */
@ConfigurationProperties("weightgate.quota")
public record QuotaProperties(
        @DefaultValue("1s") Duration settingsPollInterval,
        @DefaultValue("250ms") Duration flushInterval,
        @DefaultValue("2s") Duration idleReturnAfter,
        @DefaultValue("5s") Duration heartbeatInterval,
        @DefaultValue("30s") Duration replicaTimeout,
        @DefaultValue("4") int leaseShare,
        @DefaultValue("200ms") Duration refusalMemory) {

    public static QuotaProperties defaults() {
        return new QuotaProperties(Duration.ofSeconds(1), Duration.ofMillis(250), Duration.ofSeconds(2),
                Duration.ofSeconds(5), Duration.ofSeconds(30), 4, Duration.ofMillis(200));
    }

    public QuotaProperties withRefusalMemory(Duration value) {
        return new QuotaProperties(settingsPollInterval, flushInterval, idleReturnAfter, heartbeatInterval,
                replicaTimeout, leaseShare, value);
    }
}
