package dev.weightgate.audit.internal;

import dev.weightgate.audit.AuditProperties;
import dev.weightgate.audit.AuditRecord;
import dev.weightgate.audit.AuditTrail;
import dev.weightgate.audit.AuditUnavailableException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The audit trail's writer: requests hand records to a bounded queue and move on; one thread drains it in batches
 * into PostgreSQL. When a batch cannot be written it goes to the spool, and while the spool holds anything, newer
 * batches queue behind it there, so records reach the database in the order they were taken. Every retry interval
 * the spool is replayed; a spool left by a crash is replayed at start. On shutdown the queue is drained before the
 * database goes away. Only when both the database and the spool fail does the trail stop accepting records.
 */
@Component
class AuditWriter implements AuditTrail, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AuditWriter.class);
    /** Stops after the web server has let running requests finish, so their records are in the queue. */
    private static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private final AuditStore store;
    private final AuditSpool spool;
    private final BlockingQueue<AuditRecord> queue;
    private final int batchSize;
    private final long retryNanos;
    private final Counter written;
    private final Counter spooled;

    private final List<AuditRecord> unwritten = new ArrayList<>();
    private volatile boolean running;
    private volatile boolean databaseDown;
    private volatile boolean spoolFailing;
    private boolean spoolHasRecords;
    private long nextReplay;
    private Thread thread;

    AuditWriter(AuditStore store, AuditSpool spool, AuditProperties properties, MeterRegistry meters) {
        this.store = store;
        this.spool = spool;
        this.queue = new ArrayBlockingQueue<>(properties.queueCapacity());
        this.batchSize = properties.batchSize();
        this.retryNanos = properties.retryInterval().toNanos();
        this.written = Counter.builder("weightgate.audit.records").tag("to", "database").register(meters);
        this.spooled = Counter.builder("weightgate.audit.records").tag("to", "spool").register(meters);
        Gauge.builder("weightgate.audit.queue", queue, BlockingQueue::size).register(meters);
    }

    @Override
    public void record(AuditRecord record) {
        if (!isAccepting() || !queue.offer(record)) {
            throw new AuditUnavailableException("the audit trail cannot keep records now: "
                    + (databaseDown ? "the database is unreachable and the spool is failing" : "its queue is full"), null);
        }
    }

    @Override
    public boolean isAccepting() {
        return !(databaseDown && spoolFailing) && queue.remainingCapacity() > 0;
    }

    /** Whether records are waiting in the spool for the database; for health reporting. */
    boolean isSpooling() {
        return spoolHasRecords;
    }

    boolean isDatabaseDown() {
        return databaseDown;
    }

    int queued() {
        return queue.size();
    }

    @Override
    public void start() {
        spoolHasRecords = !spool.isEmpty();
        running = true;
        thread = Thread.ofPlatform().name("audit-writer").daemon(true).start(this::run);
    }

    @Override
    public void stop() {
        running = false;
        try {
            thread.join(Duration.ofSeconds(60));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!queue.isEmpty() || !unwritten.isEmpty()) {
            log.error("Stopped with {} audit records neither in the database nor in the spool",
                    queue.size() + unwritten.size());
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    private void run() {
        while (running || !queue.isEmpty() || (!unwritten.isEmpty() && !spoolFailing)) {
            try {
                List<AuditRecord> batch = nextBatch();
                if (!batch.isEmpty()) {
                    write(batch);
                } else if (spoolHasRecords) {
                    replayWhenDue();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException unexpected) {
                log.error("Audit writer error; retrying", unexpected);
            }
        }
        if (spoolHasRecords) {
            nextReplay = 0;
            replayWhenDue();
        }
    }

    private List<AuditRecord> nextBatch() throws InterruptedException {
        List<AuditRecord> batch = new ArrayList<>(unwritten);
        unwritten.clear();
        if (batch.size() < batchSize) {
            AuditRecord first = batch.isEmpty() ? queue.poll(100, TimeUnit.MILLISECONDS) : queue.poll();
            if (first != null) {
                batch.add(first);
                queue.drainTo(batch, batchSize - batch.size());
            }
        }
        return batch;
    }

    private void write(List<AuditRecord> batch) {
        if (spoolHasRecords) {
            toSpool(batch);
            replayWhenDue();
            return;
        }
        try {
            store.append(batch);
            written.increment(batch.size());
            databaseDown = false;
        } catch (RuntimeException databaseFailure) {
            if (!databaseDown) {
                log.warn("Audit database unreachable; spooling records until it is back: {}", databaseFailure.getMessage());
            }
            databaseDown = true;
            nextReplay = System.nanoTime() + retryNanos;
            toSpool(batch);
        }
    }

    private void toSpool(List<AuditRecord> batch) {
        try {
            spool.append(batch);
            spooled.increment(batch.size());
            spoolHasRecords = true;
            spoolFailing = false;
        } catch (IOException | RuntimeException e) {
            if (!spoolFailing) {
                log.error("Audit spool failing; records are held in memory and new requests are refused", e);
            }
            spoolFailing = true;
            unwritten.addAll(batch);
            sleepQuietly();
        }
    }

    private void replayWhenDue() {
        if (System.nanoTime() < nextReplay) {
            sleepQuietly();
            return;
        }
        nextReplay = System.nanoTime() + retryNanos;
        try {
            List<AuditRecord> records = spool.readAll();
            for (int from = 0; from < records.size(); from += batchSize) {
                List<AuditRecord> chunk = records.subList(from, Math.min(records.size(), from + batchSize));
                store.append(chunk);
                written.increment(chunk.size());
            }
            spool.clear();
            spoolHasRecords = false;
            if (databaseDown) {
                log.info("Audit database is back; replayed {} spooled records", records.size());
            }
            databaseDown = false;
        } catch (IOException | RuntimeException stillDown) {
            databaseDown = true;
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
