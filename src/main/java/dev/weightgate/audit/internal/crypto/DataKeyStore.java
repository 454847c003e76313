package dev.weightgate.audit.internal.crypto;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.SecretKey;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Per-tenant data keys in table {@code audit_data_key}, stored wrapped by the master key and kept unwrapped in
 * bounded in-memory caches. Each tenant has at most one active key, which the database enforces, so replicas that
 * create a tenant's first key at the same moment agree on one.
 */
final class DataKeyStore {

    /** An unwrapped data key and the tenant it belongs to. */
    record DataKey(UUID id, UUID tenantId, SecretKey key) {
    }

    record StoredKey(UUID id, UUID tenantId, String masterKeyId, byte[] wrappedKey) {
    }

    private static final String COLUMNS = "id, tenant_id, master_key_id, wrapped_key";
    private static final String ACTIVE_OF_TENANT =
            "SELECT " + COLUMNS + " FROM audit_data_key WHERE tenant_id = ? AND active = TRUE";
    private static final String BY_ID = "SELECT " + COLUMNS + " FROM audit_data_key WHERE id = ?";
    // The unique (tenant_id, active) constraint turns the second of two racing inserts into a no-op.
    private static final String INSERT_UNLESS_ACTIVE_EXISTS = "INSERT INTO audit_data_key "
            + "(" + COLUMNS + ", active, created_at) VALUES (?, ?, ?, ?, TRUE, ?) ON CONFLICT DO NOTHING";

    private final KeyWrapper wrapper;
    private final JdbcTemplate jdbc;
    private final DataSource dataSource;
    private final LruCache<UUID, DataKey> activeByTenant;
    private final LruCache<UUID, DataKey> byId;

    DataKeyStore(KeyWrapper wrapper, JdbcTemplate jdbc, int cacheSize) {
        this.wrapper = Objects.requireNonNull(wrapper, "wrapper");
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
        this.dataSource = Objects.requireNonNull(jdbc.getDataSource(), "the JdbcTemplate has no DataSource");
        this.activeByTenant = new LruCache<>(cacheSize);
        this.byId = new LruCache<>(cacheSize);
    }

    /** The key new content of a tenant is encrypted with, created on first use. */
    DataKey activeKeyOf(UUID tenantId) {
        DataKey cached = activeByTenant.get(tenantId);
        if (cached != null) {
            return cached;
        }
        StoredKey stored = first(jdbc.query(ACTIVE_OF_TENANT, DataKeyStore::storedKey, tenantId))
                .orElseGet(() -> createOrFindActive(tenantId));
        DataKey key = unwrap(stored);
        activeByTenant.put(tenantId, key);
        byId.put(key.id(), key);
        return key;
    }

    /** The key with this id, whichever tenant it belongs to (the caller checks). */
    DataKey keyById(UUID id) {
        DataKey cached = byId.get(id);
        if (cached != null) {
            return cached;
        }
        StoredKey stored = first(jdbc.query(BY_ID, DataKeyStore::storedKey, id))
                .orElseThrow(() -> new DecryptionException("No data key " + id + " is stored"));
        DataKey key = unwrap(stored);
        byId.put(id, key);
        return key;
    }

    /**
     * Inserts a new active key for the tenant unless another replica (or thread) got there first, then reads
     * whichever won. This runs on a connection of its own, committed at once: inside the caller's transaction a
     * rollback would erase the key while this replica kept using it from its cache, leaving content that nobody
     * can decrypt. Package-private so that a test can lose the race on purpose.
     */
    StoredKey createOrFindActive(UUID tenantId) {
        byte[] fresh = AesGcm.randomBytes(AesGcm.KEY_BYTES);
        byte[] wrapped;
        try {
            wrapped = wrapper.wrap(fresh);
        } finally {
            Arrays.fill(fresh, (byte) 0);
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            try (PreparedStatement insert = connection.prepareStatement(INSERT_UNLESS_ACTIVE_EXISTS)) {
                insert.setObject(1, UUID.randomUUID());
                insert.setObject(2, tenantId);
                insert.setString(3, wrapper.keyId());
                insert.setBytes(4, wrapped);
                insert.setObject(5, OffsetDateTime.now(ZoneOffset.UTC));
                insert.executeUpdate();
            }
            try (PreparedStatement select = connection.prepareStatement(ACTIVE_OF_TENANT)) {
                select.setObject(1, tenantId);
                try (ResultSet rows = select.executeQuery()) {
                    if (!rows.next()) {
                        throw new IllegalStateException("The active data key of tenant " + tenantId
                                + " vanished right after it was created");
                    }
                    return storedKey(rows, 0);
                }
            }
        } catch (SQLException e) {
            throw Objects.requireNonNull(jdbc.getExceptionTranslator().translate(
                    "creating the data key of tenant " + tenantId, INSERT_UNLESS_ACTIVE_EXISTS, e));
        }
    }

    private DataKey unwrap(StoredKey stored) {
        byte[] keyBytes = wrapper.unwrap(stored.masterKeyId(), stored.wrappedKey());
        try {
            return new DataKey(stored.id(), stored.tenantId(), AesGcm.key(keyBytes));
        } catch (IllegalArgumentException wrongLength) {
            throw new DecryptionException("Data key " + stored.id() + " does not unwrap to an AES-256 key");
        } finally {
            Arrays.fill(keyBytes, (byte) 0);
        }
    }

    private static StoredKey storedKey(ResultSet row, int rowNumber) throws SQLException {
        return new StoredKey(row.getObject("id", UUID.class), row.getObject("tenant_id", UUID.class),
                row.getString("master_key_id"), row.getBytes("wrapped_key"));
    }

    private static <T> Optional<T> first(List<T> rows) {
        return rows.stream().findFirst();
    }
}
