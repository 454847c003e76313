package dev.weightgate.audit.internal;

import java.time.Instant;
import java.util.UUID;

/** A row of {@code audit_record}: the record as the chain holds it, its content already sealed. */
record StoredRecord(
        long seq, String id, String kind, Instant occurredAt, UUID tenantId, UUID keyId, String subject,
        String clientAddress, String endpoint, String model, String backend, String decision, String decisionReasons,
        Long promptTokens, Long completionTokens, Long totalTokens, Long ttftMs, Long latencyMs, Integer status,
        String errorCode, String finishReason, String action, String details, String loggingMode, String contentHash,
        UUID contentKeyId, String contentIv, String content, Instant contentErasedAt, Instant purgedAt, String prevHash,
        String recordHash) {

    StoredRecord withChain(long newSeq, String newPrevHash) {
        StoredRecord unhashed = new StoredRecord(newSeq, id, kind, occurredAt, tenantId, keyId, subject, clientAddress,
                endpoint, model, backend, decision, decisionReasons, promptTokens, completionTokens, totalTokens, ttftMs,
                latencyMs, status, errorCode, finishReason, action, details, loggingMode, contentHash, contentKeyId,
                contentIv, content, contentErasedAt, purgedAt, newPrevHash, null);
        return new StoredRecord(newSeq, id, kind, occurredAt, tenantId, keyId, subject, clientAddress, endpoint, model,
                backend, decision, decisionReasons, promptTokens, completionTokens, totalTokens, ttftMs, latencyMs,
                status, errorCode, finishReason, action, details, loggingMode, contentHash, contentKeyId, contentIv,
                content, contentErasedAt, purgedAt, newPrevHash, HashChain.hash(unhashed));
    }
}
