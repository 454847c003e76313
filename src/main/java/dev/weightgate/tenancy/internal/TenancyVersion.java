package dev.weightgate.tenancy.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Tells every replica when tenants or keys change anywhere: each change bumps one version row in the same
 * transaction, and each replica polls that row (a primary-key read, a few times a second) and drops its caches when
 * the number moves. Works the same on PostgreSQL and on the quick start's H2, with no broker.
 */
@Component
class TenancyVersion {

    private final JdbcTemplate jdbc;
    private final AtomicLong seen = new AtomicLong(Long.MIN_VALUE);
    private final List<Runnable> listeners = new ArrayList<>();

    TenancyVersion(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        // Known before anything is cached: otherwise the first poll would empty the caches for nothing, and a
        // database outage right after it would leave keys that cannot be checked.
        Long current = jdbc.queryForObject("SELECT version FROM tenancy_version WHERE id = 1", Long.class);
        seen.set(current == null ? 0 : current);
    }

    void onChange(Runnable listener) {
        listeners.add(listener);
    }

    /** Records a change; call inside the transaction that makes it. Drops this replica's caches at once. */
    void bump() {
        jdbc.update("UPDATE tenancy_version SET version = version + 1 WHERE id = 1");
        // This replica already knows of its own change; the next poll need not empty the caches again.
        Long bumped = jdbc.queryForObject("SELECT version FROM tenancy_version WHERE id = 1", Long.class);
        if (bumped != null) {
            seen.set(bumped);
        }
        notifyListeners();
    }

    @Scheduled(fixedDelayString = "${weightgate.security.change-poll-interval:200ms}")
    void poll() {
        Long current = jdbc.queryForObject("SELECT version FROM tenancy_version WHERE id = 1", Long.class);
        // Versions only grow. A poll that reads the row while this replica's own change is still uncommitted sees
        // the old number; taking it would move "seen" back, and the poll after the commit would drop the caches a
        // second time (and a key cached in between could then not be checked during a database outage).
        if (current != null && seen.getAndAccumulate(current, Math::max) < current) {
            notifyListeners();
        }
    }

    private void notifyListeners() {
        listeners.forEach(Runnable::run);
    }
}
