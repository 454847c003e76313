package dev.weightgate.quota.internal;

import dev.weightgate.quota.QuotaLimit;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The quota module's background work on one thread of its own: charging usage and giving back spare allowance,
 * heartbeats and reclaiming silent replicas' leases, noticing limit changes made on other replicas, and deleting
 * counters of long-past windows. It stops after the web server (a lower phase), so requests still running at shutdown
 * settle first; then everything this replica holds is given back.
 */
final class QuotaMaintenance implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(QuotaMaintenance.class);

    // Counters outlive their window long enough for the admin API to show the last one; usage history is the audit
    // trail's job.
    private static final Duration PURGE_INTERVAL = Duration.ofMinutes(10);
    private static final Duration GOODBYE_TIMEOUT = Duration.ofSeconds(5);

    private final Allowances allowances;
    private final JdbcQuotaSettings settings;
    private final QuotaProperties properties;
    private final Clock clock;
    private ScheduledExecutorService executor;

    QuotaMaintenance(Allowances allowances, JdbcQuotaSettings settings, QuotaProperties properties, Clock clock) {
        this.allowances = allowances;
        this.settings = settings;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public synchronized void start() {
        executor = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("quota-maintenance").factory());
        every(properties.flushInterval(), "charge usage", () -> allowances.flush(false));
        every(properties.settingsPollInterval(), "poll limit changes", () -> {
            if (settings.pollForChanges()) {
                // Spare allowance was leased under the old limits: give it back so that a lowered limit binds soon.
                allowances.flush(true);
            }
        });
        every(properties.heartbeatInterval(), "heartbeat", () -> {
            // A replica registers at its first lease; until then it has nothing to keep alive, and others reap.
            if (allowances.isRegistered()) {
                allowances.heartbeat();
                allowances.reclaimSilentReplicas();
            }
        });
        every(PURGE_INTERVAL, "purge old counters", this::purge);
    }

    @Override
    public synchronized void stop() {
        if (executor == null) {
            return;
        }
        executor.shutdownNow();
        executor = null;
        if (!allowances.holdsAnything()) {
            return;
        }
        // Bounded: if the database is gone, the leases come back anyway when other replicas find this one silent.
        Thread goodbye = Thread.ofPlatform().daemon().name("quota-goodbye").start(() -> {
            try {
                allowances.stop();
            } catch (RuntimeException e) {
                log.warn("Could not give back this replica's quota leases; other replicas will reclaim them: {}",
                        e.getMessage());
            }
        });
        try {
            if (!goodbye.join(GOODBYE_TIMEOUT)) {
                log.warn("Could not give back this replica's quota leases within {}; other replicas will reclaim them",
                        GOODBYE_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }

    @Override
    public int getPhase() {
        // Below the web server's graceful shutdown phases, so this stops after running requests have finished.
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }

    private void purge() {
        Instant now = clock.instant();
        var store = allowances.store();
        store.purge(QuotaLimit.REQUESTS_PER_MINUTE, now.minus(1, ChronoUnit.HOURS));
        store.purge(QuotaLimit.TOKENS_PER_MINUTE, now.minus(1, ChronoUnit.HOURS));
        store.purge(QuotaLimit.TOKENS_PER_DAY, now.minus(35, ChronoUnit.DAYS));
        store.purge(QuotaLimit.TOKENS_PER_MONTH, now.minus(400, ChronoUnit.DAYS));
    }

    private void every(Duration interval, String task, Runnable work) {
        long millis = Math.max(1, interval.toMillis());
        executor.scheduleWithFixedDelay(() -> {
            try {
                work.run();
            } catch (RuntimeException e) {
                log.warn("Quota maintenance could not {}: {}", task, e.getMessage());
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
    }
}
