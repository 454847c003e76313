package dev.weightgate.audit;

import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** Reading the audit trail: search, fetch, export, verify, erase. Every read of content is itself recorded. */
public interface AuditLog {

    /**
     * Search criteria; {@code null} fields do not filter.
     *
     * @param tenantId required unless the reader runs the platform
     */
    record Query(UUID tenantId, UUID keyId, String subject, String model, Instant from, Instant to, Integer status,
                 String decision, String kind, int limit, Long afterSeq) {
    }

    /** A record as readers see it: metadata, and content only when asked for and allowed. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Entry(long seq, String id, String kind, Instant occurredAt, UUID tenantId, UUID keyId, String subject,
                 String clientAddress, String endpoint, String model, String backend, String decision,
                 String decisionReasons, Long promptTokens, Long completionTokens, Long totalTokens,
                 Long timeToFirstTokenMs, Long latencyMs, Integer status, String errorCode, String finishReason,
                 String action, String details, String loggingMode, String contentHash, boolean contentStored,
                 Instant contentErasedAt, String recordHash, AuditContent content) {
    }

    List<Entry> search(Query query);

    /** One record with its content decrypted; recorded as a content access by {@code reader}. */
    Optional<Entry> readWithContent(UUID tenantId, String id, String reader, UUID readerTenant);

    /** Writes the matching records, oldest first, as JSON Lines or CSV, without holding them all in memory. */
    void export(Query query, String format, OutputStream out);

    ChainVerification verify(long fromSeq, long toSeq);

    /** Erases a record's stored content (the chain keeps its hash); false when there is no such record. */
    boolean eraseContent(UUID tenantId, String id, String actor);
}
