package dev.weightgate.audit.internal;

import dev.weightgate.audit.AuditRecord;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Appends records to the chain in PostgreSQL. One transaction per batch: lock the chain head, skip records already
 * stored (a replayed spool may hold some: each is stored exactly once), link the rest to the head, insert them and
 * move the head. Replicas take turns per batch, not per record.
 */
@Component
class AuditStore {

    static final String COLUMNS = "seq, id, kind, occurred_at, tenant_id, key_id, subject, client_address, endpoint, "
            + "model, backend, decision, decision_reasons, prompt_tokens, completion_tokens, total_tokens, ttft_ms, "
            + "latency_ms, status, error_code, finish_reason, action, details, logging_mode, content_hash, "
            + "content_key_id, content_iv, content, content_erased_at, purged_at, prev_hash, record_hash";

    static final RowMapper<StoredRecord> ROWS = (rs, n) -> new StoredRecord(rs.getLong("seq"), rs.getString("id"),
            rs.getString("kind"), instant(rs, "occurred_at"), uuid(rs, "tenant_id"), uuid(rs, "key_id"),
            rs.getString("subject"), rs.getString("client_address"), rs.getString("endpoint"), rs.getString("model"),
            rs.getString("backend"), rs.getString("decision"), rs.getString("decision_reasons"),
            longOrNull(rs, "prompt_tokens"), longOrNull(rs, "completion_tokens"), longOrNull(rs, "total_tokens"),
            longOrNull(rs, "ttft_ms"), longOrNull(rs, "latency_ms"), intOrNull(rs, "status"), rs.getString("error_code"),
            rs.getString("finish_reason"), rs.getString("action"), rs.getString("details"), rs.getString("logging_mode"),
            rs.getString("content_hash"), uuid(rs, "content_key_id"), rs.getString("content_iv"), rs.getString("content"),
            instant(rs, "content_erased_at"), instant(rs, "purged_at"), rs.getString("prev_hash"),
            rs.getString("record_hash"));

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final ContentSealer sealer;
    private final AuditPartitions partitions;

    AuditStore(JdbcTemplate jdbc, PlatformTransactionManager transactionManager, ContentSealer sealer,
               AuditPartitions partitions) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
        this.sealer = sealer;
        this.partitions = partitions;
    }

    /** Appends the batch; answers how many records were new. Throws when the database cannot take it. */
    int append(List<AuditRecord> batch) {
        // Sealed before the chain is locked: encryption is the slow part, and needs no lock.
        List<StoredRecord> sealed = batch.stream().map(sealer::seal).toList();
        Integer appended = transactions.execute(status -> {
            if (partitions.partitioned()) {
                // A plan PostgreSQL caches for the duplicate check while the month's partition is young is a
                // sequential scan, and it keeps it as the partition grows: every batch then read the whole month
                // (seen in a load test: PostgreSQL's CPU climbing with the row count). Planned per batch, the check
                // uses the (id, occurred_at) index.
                jdbc.execute("SET LOCAL plan_cache_mode = force_custom_plan");
            }
            ChainHead head = jdbc.queryForObject("SELECT seq, hash FROM audit_chain_head WHERE id = 1 FOR UPDATE",
                    (rs, n) -> new ChainHead(rs.getLong(1), rs.getString(2)));
            Set<String> stored = alreadyStored(sealed);
            List<StoredRecord> linked = new ArrayList<>(sealed.size());
            long seq = head.seq();
            String prev = head.hash();
            for (StoredRecord record : sealed) {
                if (stored.add(record.id())) {
                    StoredRecord chained = record.withChain(++seq, prev);
                    prev = chained.recordHash();
                    linked.add(chained);
                }
            }
            if (!linked.isEmpty()) {
                insert(linked);
                jdbc.update("UPDATE audit_chain_head SET seq = ?, hash = ? WHERE id = 1", seq, prev);
            }
            return linked.size();
        });
        return appended == null ? 0 : appended;
    }

    private record ChainHead(long seq, String hash) {
    }


    /**
     * The ids of the batch already in the chain. One array parameter rather than an IN list: PostgreSQL plans a
     * 500-value IN list for longer than it takes to insert the whole batch.
     */
    private Set<String> alreadyStored(List<StoredRecord> records) {
        Object[] ids = records.stream().map(StoredRecord::id).distinct().toArray();
        return new HashSet<>(jdbc.query(connection -> {
            PreparedStatement statement = connection.prepareStatement("SELECT id FROM audit_record WHERE id = ANY (?)");
            statement.setArray(1, connection.createArrayOf("VARCHAR", ids));
            return statement;
        }, (rs, n) -> rs.getString(1)));
    }

    private void insert(List<StoredRecord> rows) {
        jdbc.batchUpdate("INSERT INTO audit_record (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                rows, rows.size(), AuditStore::bind);
    }

    private static void bind(PreparedStatement ps, StoredRecord r) throws SQLException {
        int i = 0;
        ps.setLong(++i, r.seq());
        ps.setString(++i, r.id());
        ps.setString(++i, r.kind());
        ps.setTimestamp(++i, Timestamp.from(r.occurredAt()));
        ps.setObject(++i, r.tenantId());
        ps.setObject(++i, r.keyId());
        ps.setString(++i, r.subject());
        ps.setString(++i, r.clientAddress());
        ps.setString(++i, r.endpoint());
        ps.setString(++i, r.model());
        ps.setString(++i, r.backend());
        ps.setString(++i, r.decision());
        ps.setString(++i, r.decisionReasons());
        setLong(ps, ++i, r.promptTokens());
        setLong(ps, ++i, r.completionTokens());
        setLong(ps, ++i, r.totalTokens());
        setLong(ps, ++i, r.ttftMs());
        setLong(ps, ++i, r.latencyMs());
        if (r.status() == null) {
            ps.setNull(++i, Types.INTEGER);
        } else {
            ps.setInt(++i, r.status());
        }
        ps.setString(++i, r.errorCode());
        ps.setString(++i, r.finishReason());
        ps.setString(++i, r.action());
        ps.setString(++i, r.details());
        ps.setString(++i, r.loggingMode());
        ps.setString(++i, r.contentHash());
        ps.setObject(++i, r.contentKeyId());
        ps.setString(++i, r.contentIv());
        ps.setString(++i, r.content());
        ps.setTimestamp(++i, r.contentErasedAt() == null ? null : Timestamp.from(r.contentErasedAt()));
        ps.setTimestamp(++i, r.purgedAt() == null ? null : Timestamp.from(r.purgedAt()));
        ps.setString(++i, r.prevHash());
        ps.setString(++i, r.recordHash());
    }

    private static void setLong(PreparedStatement ps, int index, Long value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, value);
        }
    }

    private static java.time.Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static UUID uuid(ResultSet rs, String column) throws SQLException {
        Object value = rs.getObject(column);
        return value == null ? null : value instanceof UUID u ? u : UUID.fromString(value.toString());
    }

    private static Long longOrNull(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private static Integer intOrNull(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }
}
