package dev.weightgate.audit;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One entry of the audit trail, as the rest of the gateway hands it over. Build it with {@link #builder}; only the
 * id, kind and time are required.
 */
public record AuditRecord(
        String id,
        AuditKind kind,
        Instant occurredAt,
        UUID tenantId,
        UUID keyId,
        String subject,
        String clientAddress,
        String endpoint,
        String model,
        String backend,
        String decision,
        String decisionReasons,
        Long promptTokens,
        Long completionTokens,
        Long totalTokens,
        Long timeToFirstTokenMs,
        Long latencyMs,
        Integer status,
        String errorCode,
        String finishReason,
        String action,
        String details,
        AuditContent content) {

    public AuditRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }

    public static Builder builder(String id, AuditKind kind, Instant occurredAt) {
        return new Builder(id, kind, occurredAt);
    }

    /** The same record without its content, for where content must not go. */
    public AuditRecord withoutContent() {
        return new AuditRecord(id, kind, occurredAt, tenantId, keyId, subject, clientAddress, endpoint, model, backend,
                decision, decisionReasons, promptTokens, completionTokens, totalTokens, timeToFirstTokenMs, latencyMs,
                status, errorCode, finishReason, action, details, null);
    }

    public static final class Builder {
        private final String id;
        private final AuditKind kind;
        private final Instant occurredAt;
        private UUID tenantId;
        private UUID keyId;
        private String subject;
        private String clientAddress;
        private String endpoint;
        private String model;
        private String backend;
        private String decision;
        private String decisionReasons;
        private Long promptTokens;
        private Long completionTokens;
        private Long totalTokens;
        private Long timeToFirstTokenMs;
        private Long latencyMs;
        private Integer status;
        private String errorCode;
        private String finishReason;
        private String action;
        private String details;
        private AuditContent content;

        private Builder(String id, AuditKind kind, Instant occurredAt) {
            this.id = id;
            this.kind = kind;
            this.occurredAt = occurredAt;
        }

        public Builder caller(UUID tenantId, UUID keyId, String subject) {
            this.tenantId = tenantId;
            this.keyId = keyId;
            this.subject = subject;
            return this;
        }

        public Builder clientAddress(String clientAddress) {
            this.clientAddress = clientAddress;
            return this;
        }

        public Builder endpoint(String endpoint) {
            this.endpoint = endpoint;
            return this;
        }

        public Builder model(String model, String backend) {
            this.model = model;
            this.backend = backend;
            return this;
        }

        public Builder decision(String decision, String reasons) {
            this.decision = decision;
            this.decisionReasons = reasons;
            return this;
        }

        public Builder tokens(Long prompt, Long completion, Long total) {
            this.promptTokens = prompt;
            this.completionTokens = completion;
            this.totalTokens = total;
            return this;
        }

        public Builder timings(Long timeToFirstTokenMs, Long latencyMs) {
            this.timeToFirstTokenMs = timeToFirstTokenMs;
            this.latencyMs = latencyMs;
            return this;
        }

        public Builder outcome(Integer status, String errorCode, String finishReason) {
            this.status = status;
            this.errorCode = errorCode;
            this.finishReason = finishReason;
            return this;
        }

        public Builder action(String action, String details) {
            this.action = action;
            this.details = details;
            return this;
        }

        public Builder content(AuditContent content) {
            this.content = content;
            return this;
        }

        public AuditRecord build() {
            return new AuditRecord(id, kind, occurredAt, tenantId, keyId, subject, clientAddress, endpoint, model,
                    backend, decision, decisionReasons, promptTokens, completionTokens, totalTokens, timeToFirstTokenMs,
                    latencyMs, status, errorCode, finishReason, action, details, content);
        }
    }
}
