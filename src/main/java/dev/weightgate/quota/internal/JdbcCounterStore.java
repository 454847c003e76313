package dev.weightgate.quota.internal;

import dev.weightgate.quota.QuotaLevel;
import dev.weightgate.quota.QuotaLimit;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.jdbc.support.SQLExceptionTranslator;
import org.springframework.jdbc.support.SQLStateSQLExceptionTranslator;

/**
 * The counter store on PostgreSQL (and on H2 in PostgreSQL mode, for the quick start). A lease is one conditional
 * {@code UPDATE}: {@code used + leased + min <= limit} is checked and the grant added in the same statement, under the
 * row lock PostgreSQL takes for it, so concurrent leases from any number of replicas can never allocate more than the
 * limit.
 *
 * <p>Plain JDBC on connections of our own, never joined to a caller's transaction: a lease or a charge must commit
 * whatever the request's transaction does, and the round trip is the whole cost of the slow path. Transactions that
 * lock several rows lock counters before leases and counters in {@link CounterKey} order, so ours never deadlock.
 */
public final class JdbcCounterStore implements CounterStore {

    private static final String KEY = "tenant_id = ? AND level = ? AND subject = ? AND limit_name = ? AND window_start = ?";

    private static final String GRANT = "LEAST(?, GREATEST(?, (? - used - leased) / ?))";

    private static final String LEASE = "UPDATE quota_counter SET last_grant = " + GRANT + ", leased = leased + " + GRANT
            + " WHERE " + KEY + " AND used + leased + ? <= ?";

    private static final String LAST_GRANT = "SELECT last_grant, used + leased FROM quota_counter WHERE " + KEY;

    private static final String CREATE_COUNTER = "INSERT INTO quota_counter (tenant_id, level, subject, limit_name, "
            + "window_start) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";

    private static final String ALLOCATED = "SELECT used + leased FROM quota_counter WHERE " + KEY;

    private static final String ADD_TO_LEASE = "UPDATE quota_lease SET amount = amount + ? WHERE replica_id = ? AND " + KEY;

    // Inserts nothing when the replica is not registered, which is how a reclaimed replica finds out.
    private static final String CREATE_LEASE = "INSERT INTO quota_lease (replica_id, tenant_id, level, subject, "
            + "limit_name, window_start, amount) SELECT id, ?, ?, ?, ?, ?, ? FROM quota_replica WHERE id = ?";

    // Without its lease row (reclaimed), the replica's lease was already taken out of `leased`: charge `used` only.
    private static final String CHARGE_COUNTER = "UPDATE quota_counter SET used = used + ?, leased = leased - CASE WHEN "
            + "EXISTS (SELECT 1 FROM quota_lease l WHERE l.replica_id = ? AND l.tenant_id = quota_counter.tenant_id "
            + "AND l.level = quota_counter.level AND l.subject = quota_counter.subject "
            + "AND l.limit_name = quota_counter.limit_name AND l.window_start = quota_counter.window_start) "
            + "THEN ? ELSE 0 END WHERE " + KEY;

    private static final String CHARGE_LEASE = "UPDATE quota_lease SET amount = amount - ?, in_use = ? WHERE replica_id = ? AND " + KEY;

    private static final String COUNTERS_OF_TENANT = "SELECT c.level, c.subject, c.limit_name, c.window_start, c.used, "
            + "c.leased, COALESCE(SUM(l.in_use), 0) FROM quota_counter c LEFT JOIN quota_lease l ON l.tenant_id = c.tenant_id "
            + "AND l.level = c.level AND l.subject = c.subject AND l.limit_name = c.limit_name "
            + "AND l.window_start = c.window_start WHERE c.tenant_id = ? "
            + "GROUP BY c.level, c.subject, c.limit_name, c.window_start, c.used, c.leased";

    private final DataSource dataSource;
    private final int leaseShare;
    private final SQLExceptionTranslator translator = new SQLStateSQLExceptionTranslator();
    private volatile Boolean postgres;

    /** @param leaseShare a lease takes at most 1/leaseShare of what no replica holds (but always the minimum asked) */
    public JdbcCounterStore(DataSource dataSource, int leaseShare) {
        if (leaseShare < 1) {
            throw new IllegalArgumentException("leaseShare must be 1 or more; it is " + leaseShare);
        }
        this.dataSource = dataSource;
        this.leaseShare = leaseShare;
    }

    @Override
    public void register(UUID replica, Instant now) {
        inTransaction("register replica " + replica, connection -> {
            if (!heartbeat(connection, replica, now)) {
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO quota_replica (id, heartbeat_at) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
                    insert.setObject(1, replica);
                    insert.setObject(2, timestamp(now));
                    insert.executeUpdate();
                }
            }
            return null;
        });
    }

    @Override
    public boolean heartbeat(UUID replica, Instant now) {
        return inTransaction("heartbeat of replica " + replica, connection -> heartbeat(connection, replica, now));
    }

    private static boolean heartbeat(Connection connection, UUID replica, Instant now) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE quota_replica SET heartbeat_at = ? WHERE id = ?")) {
            update.setObject(1, timestamp(now));
            update.setObject(2, replica);
            return update.executeUpdate() == 1;
        }
    }

    @Override
    public int reclaimSilentReplicas(Instant silentSince) {
        List<UUID> silent = inTransaction("find silent replicas", connection -> {
            List<UUID> found = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT id FROM quota_replica WHERE heartbeat_at < ?")) {
                select.setObject(1, timestamp(silentSince));
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        found.add(rows.getObject(1, UUID.class));
                    }
                }
            }
            return found;
        });
        int reclaimed = 0;
        for (UUID replica : silent) {
            if (inTransaction("reclaim replica " + replica, connection -> reclaim(connection, replica, silentSince))) {
                reclaimed++;
            }
        }
        return reclaimed;
    }

    @Override
    public void unregister(UUID replica) {
        inTransaction("unregister replica " + replica, connection -> reclaim(connection, replica, null));
    }

    /** Gives a replica's leases back and deletes it; with {@code silentSince}, only if it is still silent. */
    private boolean reclaim(Connection connection, UUID replica, Instant silentSince) throws SQLException {
        String lockReplica = "SELECT id FROM quota_replica WHERE id = ?" + (silentSince == null ? "" : " AND heartbeat_at < ?")
                + " FOR UPDATE";
        try (PreparedStatement lock = connection.prepareStatement(lockReplica)) {
            lock.setObject(1, replica);
            if (silentSince != null) {
                lock.setObject(2, timestamp(silentSince));
            }
            try (ResultSet rows = lock.executeQuery()) {
                if (!rows.next()) {
                    return false;
                }
            }
        }
        Map<CounterKey, Long> held = new TreeMap<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT tenant_id, level, subject, limit_name, "
                + "window_start, amount FROM quota_lease WHERE replica_id = ? FOR UPDATE")) {
            select.setObject(1, replica);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    held.put(keyOfLeaseRow(rows), rows.getLong(6));
                }
            }
        }
        try (PreparedStatement giveBack = connection.prepareStatement("UPDATE quota_counter SET leased = leased - ? WHERE " + KEY)) {
            for (Map.Entry<CounterKey, Long> lease : held.entrySet()) {
                giveBack.setLong(1, lease.getValue());
                bindKey(giveBack, 2, lease.getKey());
                giveBack.addBatch();
            }
            if (!held.isEmpty()) {
                giveBack.executeBatch();
            }
        }
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM quota_replica WHERE id = ?")) {
            delete.setObject(1, replica);
            delete.executeUpdate();
        }
        return true;
    }

    @Override
    public Grant lease(UUID replica, CounterKey key, long limit, long min, long max) {
        return inTransaction("lease from " + key, connection -> {
            Grant grant = tryLease(connection, key, limit, min, max);
            if (grant == null && createCounter(connection, key)) {
                grant = tryLease(connection, key, limit, min, max);
            }
            if (grant == null) {
                return new Grant(0, allocated(connection, key));
            }
            addToLease(connection, replica, key, grant.granted());
            return grant;
        });
    }

    /** The grant, or {@code null} when the counter is missing or has less than {@code min} left. */
    private Grant tryLease(Connection connection, CounterKey key, long limit, long min, long max) throws SQLException {
        boolean returning = isPostgres(connection);
        try (PreparedStatement update = connection.prepareStatement(
                returning ? LEASE + " RETURNING last_grant, used + leased" : LEASE)) {
            int i = 1;
            for (int twice = 0; twice < 2; twice++) {
                update.setLong(i++, max);
                update.setLong(i++, min);
                update.setLong(i++, limit);
                update.setLong(i++, leaseShare);
            }
            i = bindKey(update, i, key);
            update.setLong(i++, min);
            update.setLong(i, limit);
            if (returning) {
                try (ResultSet rows = update.executeQuery()) {
                    return rows.next() ? new Grant(rows.getLong(1), rows.getLong(2)) : null;
                }
            }
            if (update.executeUpdate() == 0) {
                return null;
            }
        }
        // H2 has no RETURNING; the row is locked by our update until we commit, so reading it back is just as exact.
        try (PreparedStatement select = connection.prepareStatement(LAST_GRANT)) {
            bindKey(select, 1, key);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return new Grant(rows.getLong(1), rows.getLong(2));
            }
        }
    }

    private static boolean createCounter(Connection connection, CounterKey key) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(CREATE_COUNTER)) {
            bindKey(insert, 1, key);
            return insert.executeUpdate() == 1;
        }
    }

    private static long allocated(Connection connection, CounterKey key) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(ALLOCATED)) {
            bindKey(select, 1, key);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? rows.getLong(1) : 0;
            }
        }
    }

    private static void addToLease(Connection connection, UUID replica, CounterKey key, long amount) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(ADD_TO_LEASE)) {
            update.setLong(1, amount);
            update.setObject(2, replica);
            bindKey(update, 3, key);
            if (update.executeUpdate() == 1) {
                return;
            }
        }
        // Only this replica writes its lease rows, and the counter row lock we hold serialises its own leases of this
        // counter: nobody can insert the same row between our update and this insert.
        try (PreparedStatement insert = connection.prepareStatement(CREATE_LEASE)) {
            int i = bindKey(insert, 1, key);
            insert.setLong(i++, amount);
            insert.setObject(i, replica);
            if (insert.executeUpdate() == 0) {
                throw new ReplicaReclaimedException("replica " + replica + " is not registered (any more)");
            }
        }
    }

    @Override
    public void apply(UUID replica, List<LeaseChange> changes) {
        if (changes.isEmpty()) {
            return;
        }
        List<LeaseChange> ordered = changes.stream().sorted((a, b) -> a.key().compareTo(b.key())).toList();
        inTransaction("charge " + changes.size() + " counters", connection -> {
            try (PreparedStatement counters = connection.prepareStatement(CHARGE_COUNTER)) {
                for (LeaseChange change : ordered) {
                    counters.setLong(1, change.charged() + change.overage());
                    counters.setObject(2, replica);
                    counters.setLong(3, change.charged() + change.returned());
                    bindKey(counters, 4, change.key());
                    counters.addBatch();
                }
                counters.executeBatch();
            }
            try (PreparedStatement leases = connection.prepareStatement(CHARGE_LEASE)) {
                for (LeaseChange change : ordered) {
                    leases.setLong(1, change.charged() + change.returned());
                    leases.setLong(2, change.inUse());
                    leases.setObject(3, replica);
                    bindKey(leases, 4, change.key());
                    leases.addBatch();
                }
                leases.executeBatch();
            }
            return null;
        });
    }

    @Override
    public List<CounterSnapshot> counters(UUID tenantId, Map<QuotaLimit, Instant> windowStarts) {
        return inTransaction("read the counters of tenant " + tenantId, connection -> {
            List<CounterSnapshot> found = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(COUNTERS_OF_TENANT)) {
                select.setObject(1, tenantId);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        CounterKey key = new CounterKey(tenantId, QuotaLevel.valueOf(rows.getString(1)), rows.getString(2),
                                QuotaLimit.valueOf(rows.getString(3)), instant(rows, 4));
                        if (key.limit() == QuotaLimit.CONCURRENT_REQUESTS
                                || key.windowStart().equals(windowStarts.get(key.limit()))) {
                            found.add(new CounterSnapshot(key, rows.getLong(5), rows.getLong(6), rows.getLong(7)));
                        }
                    }
                }
            }
            found.sort((a, b) -> a.key().compareTo(b.key()));
            return found;
        });
    }

    @Override
    public Optional<CounterSnapshot> counter(CounterKey key) {
        return inTransaction("read " + key, connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT used, leased, (SELECT COALESCE(SUM(in_use), 0) "
                    + "FROM quota_lease WHERE " + KEY + ") FROM quota_counter WHERE " + KEY)) {
                bindKey(select, bindKey(select, 1, key), key);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next()
                            ? Optional.of(new CounterSnapshot(key, rows.getLong(1), rows.getLong(2), rows.getLong(3)))
                            : Optional.<CounterSnapshot>empty();
                }
            }
        });
    }

    @Override
    public Map<UUID, Long> leases(CounterKey key) {
        return inTransaction("read the leases of " + key, connection -> {
            Map<UUID, Long> found = new HashMap<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT replica_id, amount FROM quota_lease WHERE " + KEY)) {
                bindKey(select, 1, key);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        found.put(rows.getObject(1, UUID.class), rows.getLong(2));
                    }
                }
            }
            return found;
        });
    }

    @Override
    public int purge(QuotaLimit limit, Instant windowStartBefore) {
        return inTransaction("purge old " + limit + " counters", connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM quota_counter WHERE limit_name = ? AND window_start < ?")) {
                delete.setString(1, limit.name());
                delete.setObject(2, timestamp(windowStartBefore));
                return delete.executeUpdate();
            }
        });
    }

    private static int bindKey(PreparedStatement statement, int first, CounterKey key) throws SQLException {
        statement.setObject(first, key.tenantId());
        statement.setString(first + 1, key.level().name());
        statement.setString(first + 2, key.subject());
        statement.setString(first + 3, key.limit().name());
        statement.setObject(first + 4, timestamp(key.windowStart()));
        return first + 5;
    }

    /** The counter key in columns 1 to 5 (tenant_id, level, subject, limit_name, window_start). */
    private static CounterKey keyOfLeaseRow(ResultSet rows) throws SQLException {
        return new CounterKey(rows.getObject(1, UUID.class), QuotaLevel.valueOf(rows.getString(2)), rows.getString(3),
                QuotaLimit.valueOf(rows.getString(4)), instant(rows, 5));
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rows, int column) throws SQLException {
        return rows.getObject(column, OffsetDateTime.class).toInstant();
    }

    private boolean isPostgres(Connection connection) throws SQLException {
        Boolean known = postgres;
        if (known == null) {
            known = "PostgreSQL".equals(connection.getMetaData().getDatabaseProductName());
            postgres = known;
        }
        return known;
    }

    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private <T> T inTransaction(String task, Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                try {
                    connection.rollback();
                } catch (SQLException rollbackFailure) {
                    e.addSuppressed(rollbackFailure);
                }
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            DataAccessException translated = translator.translate(task, null, e);
            throw translated != null ? translated : new UncategorizedSQLException(task, null, e);
        }
    }
}
