package dev.weightgate.audit.internal;

import dev.weightgate.audit.AuditContent;
import dev.weightgate.audit.AuditKind;
import dev.weightgate.audit.AuditLog;
import dev.weightgate.audit.AuditRecord;
import dev.weightgate.audit.AuditTrail;
import dev.weightgate.audit.ChainVerification;
import dev.weightgate.audit.internal.crypto.CheckpointSigner;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.ObjectMapper;

@Service
class AuditLogService implements AuditLog {

    private static final int MAX_PAGE = 1000;
    private static final String[] CSV_COLUMNS = {"seq", "id", "kind", "occurred_at", "tenant_id", "key_id", "subject",
            "client_address", "endpoint", "model", "backend", "decision", "decision_reasons", "prompt_tokens",
            "completion_tokens", "total_tokens", "ttft_ms", "latency_ms", "status", "error_code", "finish_reason",
            "action", "details", "logging_mode", "content_hash", "record_hash"};

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;
    private final NamedParameterJdbcTemplate streaming;
    private final TransactionTemplate readOnly;
    private final ContentSealer sealer;
    private final AuditTrail trail;
    private final ObjectMapper json;
    private final Clock clock = Clock.systemUTC();

    AuditLogService(JdbcTemplate jdbc, ContentSealer sealer, AuditTrail trail, ObjectMapper json,
                    PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.named = new NamedParameterJdbcTemplate(jdbc);
        // PostgreSQL streams rows with a cursor only inside a transaction and with a fetch size; exports need both.
        JdbcTemplate cursor = new JdbcTemplate(jdbc.getDataSource());
        cursor.setFetchSize(500);
        this.streaming = new NamedParameterJdbcTemplate(cursor);
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
        this.sealer = sealer;
        this.trail = trail;
        this.json = json;
    }

    @Override
    public List<Entry> search(Query query) {
        MapSqlParameterSource params = new MapSqlParameterSource();
        String sql = "SELECT " + AuditStore.COLUMNS + " FROM audit_record" + where(query, params)
                + " ORDER BY seq LIMIT " + Math.max(1, Math.min(MAX_PAGE, query.limit()));
        return named.query(sql, params, AuditStore.ROWS).stream().map(r -> entry(r, null)).toList();
    }

    @Override
    public Optional<Entry> readWithContent(UUID tenantId, String id, String reader, UUID readerTenant) {
        List<StoredRecord> rows = jdbc.query("SELECT " + AuditStore.COLUMNS + " FROM audit_record WHERE id = ? AND tenant_id = ?",
                AuditStore.ROWS, id, tenantId);
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        StoredRecord row = rows.getFirst();
        trail.record(AuditRecord.builder("access-" + UUID.randomUUID(), AuditKind.CONTENT_ACCESS, clock.instant())
                .caller(readerTenant, null, reader)
                .action("audit.content_read", "record " + id + " of tenant " + tenantId)
                .build());
        return Optional.of(entry(row, sealer.open(row)));
    }

    @Override
    public void export(Query query, String format, OutputStream out) {
        MapSqlParameterSource params = new MapSqlParameterSource();
        String sql = "SELECT " + AuditStore.COLUMNS + " FROM audit_record" + where(query, params) + " ORDER BY seq";
        boolean csv = "csv".equalsIgnoreCase(format);
        try {
            if (csv) {
                out.write((String.join(",", CSV_COLUMNS) + "\n").getBytes(StandardCharsets.UTF_8));
            }
            readOnly.executeWithoutResult(status -> streaming.query(sql, params, rs -> {
                StoredRecord row = AuditStore.ROWS.mapRow(rs, 0);
                try {
                    out.write((csv ? csvLine(row) : json.writeValueAsString(entry(row, null))).getBytes(StandardCharsets.UTF_8));
                    out.write('\n');
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public ChainVerification verify(long fromSeq, long toSeq) {
        long from = Math.max(1, fromSeq);
        Map<String, Object> head = jdbc.queryForMap("SELECT seq, hash FROM audit_chain_head WHERE id = 1");
        long headSeq = ((Number) head.get("seq")).longValue();
        long to = Math.min(toSeq, headSeq);
        String expectedPrev = from == 1 ? HashChain.GENESIS : jdbc.query(
                "SELECT record_hash FROM audit_record WHERE seq = ?", (rs, n) -> rs.getString(1), from - 1)
                .stream().findFirst().orElse(null);
        var state = new Object() {
            long expectedSeq = from;
            String prev = expectedPrev;
            long checked;
            Long brokenAt;
            String problem;
        };
        jdbc.query("SELECT " + AuditStore.COLUMNS + " FROM audit_record WHERE seq BETWEEN ? AND ? ORDER BY seq", rs -> {
            if (state.brokenAt != null) {
                return;
            }
            StoredRecord row = AuditStore.ROWS.mapRow(rs, 0);
            if (row.seq() != state.expectedSeq) {
                state.brokenAt = state.expectedSeq;
                state.problem = "records " + state.expectedSeq + " to " + (row.seq() - 1) + " are missing";
            } else if (state.prev != null && !state.prev.equals(row.prevHash())) {
                state.brokenAt = row.seq();
                state.problem = "record " + row.id() + " does not link to the record before it (deleted, inserted or reordered)";
            } else if (row.purgedAt() == null && !HashChain.hash(row).equals(row.recordHash())) {
                state.brokenAt = row.seq();
                state.problem = "record " + row.id() + " was changed after it was written";
            }
            state.prev = row.recordHash();
            state.expectedSeq = row.seq() + 1;
            state.checked++;
        }, from, to);
        if (state.brokenAt == null && state.expectedSeq <= to) {
            state.brokenAt = state.expectedSeq;
            state.problem = "records " + state.expectedSeq + " to " + to + " are missing (the chain head is at " + headSeq + ")";
        }
        long checkpoints = 0;
        if (state.brokenAt == null) {
            for (Map<String, Object> cp : jdbc.queryForList("SELECT c.seq, c.head_hash, c.created_at, c.public_key, c.signature, "
                    + "r.record_hash FROM audit_checkpoint c LEFT JOIN audit_record r ON r.seq = c.seq "
                    + "WHERE c.seq BETWEEN ? AND ? ORDER BY c.seq", from, to)) {
                long seq = ((Number) cp.get("seq")).longValue();
                String signedHash = (String) cp.get("head_hash");
                byte[] message = Checkpoints.message(seq, signedHash, ((Timestamp) cp.get("created_at")).toInstant());
                boolean signatureHolds = CheckpointSigner.verify((String) cp.get("public_key"), message,
                        Base64.getDecoder().decode((String) cp.get("signature")));
                if (!signatureHolds || !signedHash.equals(cp.get("record_hash"))) {
                    state.brokenAt = seq;
                    state.problem = signatureHolds ? "record " + seq + " does not match the signed checkpoint of the chain"
                            : "the checkpoint at " + seq + " carries a signature that does not verify";
                    break;
                }
                checkpoints++;
            }
        }
        return new ChainVerification(from, to, state.checked, checkpoints, state.brokenAt == null, state.brokenAt,
                state.problem);
    }

    @Override
    public boolean eraseContent(UUID tenantId, String id, String actor) {
        int erased = jdbc.update("UPDATE audit_record SET content = NULL, content_iv = NULL, content_key_id = NULL, "
                + "content_erased_at = ? WHERE id = ? AND tenant_id = ?", Timestamp.from(clock.instant()), id, tenantId);
        if (erased > 0) {
            trail.record(AuditRecord.builder("erase-" + UUID.randomUUID(), AuditKind.ADMIN, clock.instant())
                    .caller(tenantId, null, actor).action("audit.content_erased", "record " + id).build());
        }
        return erased > 0;
    }

    private static String where(Query q, MapSqlParameterSource params) {
        List<String> conditions = new ArrayList<>();
        add(conditions, params, "tenant_id = :tenant", "tenant", q.tenantId());
        add(conditions, params, "key_id = :key", "key", q.keyId());
        add(conditions, params, "subject = :subject", "subject", q.subject());
        add(conditions, params, "model = :model", "model", q.model());
        add(conditions, params, "occurred_at >= :from", "from", q.from() == null ? null : Timestamp.from(q.from()));
        add(conditions, params, "occurred_at < :to", "to", q.to() == null ? null : Timestamp.from(q.to()));
        add(conditions, params, "status = :status", "status", q.status());
        add(conditions, params, "decision = :decision", "decision", q.decision());
        add(conditions, params, "kind = :kind", "kind", q.kind());
        add(conditions, params, "seq > :after", "after", q.afterSeq());
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    private static void add(List<String> conditions, MapSqlParameterSource params, String condition, String name, Object value) {
        if (value != null) {
            conditions.add(condition);
            params.addValue(name, value);
        }
    }

    private static Entry entry(StoredRecord r, AuditContent content) {
        return new Entry(r.seq(), r.id(), r.kind(), r.occurredAt(), r.tenantId(), r.keyId(), r.subject(),
                r.clientAddress(), r.endpoint(), r.model(), r.backend(), r.decision(), r.decisionReasons(),
                r.promptTokens(), r.completionTokens(), r.totalTokens(), r.ttftMs(), r.latencyMs(), r.status(),
                r.errorCode(), r.finishReason(), r.action(), r.details(), r.loggingMode(), r.contentHash(),
                r.content() != null, r.contentErasedAt(), r.recordHash(), content);
    }

    private static String csvLine(StoredRecord r) {
        Object[] values = {r.seq(), r.id(), r.kind(), r.occurredAt(), r.tenantId(), r.keyId(), r.subject(),
                r.clientAddress(), r.endpoint(), r.model(), r.backend(), r.decision(), r.decisionReasons(),
                r.promptTokens(), r.completionTokens(), r.totalTokens(), r.ttftMs(), r.latencyMs(), r.status(),
                r.errorCode(), r.finishReason(), r.action(), r.details(), r.loggingMode(), r.contentHash(), r.recordHash()};
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                line.append(',');
            }
            if (values[i] != null) {
                String text = values[i].toString();
                boolean quote = text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0
                        || text.indexOf('\r') >= 0;
                // A leading =, +, - or @ makes spreadsheets evaluate the cell; a quote mark keeps it text.
                if (!text.isEmpty() && "=+-@".indexOf(text.charAt(0)) >= 0 && !(values[i] instanceof Number)) {
                    text = "'" + text;
                }
                line.append(quote ? '"' + text.replace("\"", "\"\"") + '"' : text);
            }
        }
        return line.toString();
    }
}
