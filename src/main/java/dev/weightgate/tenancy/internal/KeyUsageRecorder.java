package dev.weightgate.tenancy.internal;

import jakarta.annotation.PreDestroy;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Remembers when each key was last used and writes the times in one batch every few seconds: a key's last-used time
 * is worth knowing, but not worth a database write on every request.
 */
@Component
class KeyUsageRecorder {

    private final JdbcTemplate jdbc;
    private final Map<UUID, Instant> pending = new ConcurrentHashMap<>();

    KeyUsageRecorder(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void used(UUID keyId, Instant at) {
        pending.merge(keyId, at, (a, b) -> a.isAfter(b) ? a : b);
    }

    Optional<Instant> lastUsed(UUID keyId) {
        return Optional.ofNullable(pending.get(keyId));
    }

    @Scheduled(fixedDelayString = "${weightgate.security.last-used-flush-interval:10s}")
    @PreDestroy
    void flush() {
        List<Object[]> batch = new ArrayList<>();
        for (UUID keyId : List.copyOf(pending.keySet())) {
            Instant at = pending.remove(keyId);
            if (at != null) {
                batch.add(new Object[] {Timestamp.from(at), keyId, Timestamp.from(at)});
            }
        }
        if (!batch.isEmpty()) {
            try {
                jdbc.batchUpdate("UPDATE api_key SET last_used_at = ? WHERE id = ? "
                        + "AND (last_used_at IS NULL OR last_used_at < ?)", batch);
            } catch (RuntimeException databaseDown) {
                // Kept for the next flush; newer uses recorded meanwhile win.
                batch.forEach(row -> used((UUID) row[1], ((Timestamp) row[0]).toInstant()));
                throw databaseDown;
            }
        }
    }
}
