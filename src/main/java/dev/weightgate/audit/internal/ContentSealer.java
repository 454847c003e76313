package dev.weightgate.audit.internal;

import dev.weightgate.audit.AuditContent;
import dev.weightgate.audit.AuditRecord;
import dev.weightgate.audit.internal.crypto.ContentCipher;
import dev.weightgate.audit.internal.crypto.EncryptedContent;
import dev.weightgate.audit.internal.redaction.Redactor;
import dev.weightgate.tenancy.LoggingMode;
import dev.weightgate.tenancy.Tenant;
import dev.weightgate.tenancy.TenantDirectory;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Applies a tenant's logging mode to a record's content before it is stored: keeps it (encrypted), redacts then
 * encrypts it, keeps only its SHA-256, or drops it. The hash is always of what was really said, so it can prove that
 * later whatever the mode kept.
 */
@Component
class ContentSealer {

    private static final Duration MODE_CACHE = Duration.ofSeconds(10);

    private record CachedMode(LoggingMode mode, Instant readAt) {
    }

    private final TenantDirectory tenants;
    private final ContentCipher cipher;
    private final Redactor redactor;
    private final ObjectMapper json;
    private final Clock clock = Clock.systemUTC();
    private final Map<UUID, CachedMode> modes = new ConcurrentHashMap<>();

    ContentSealer(TenantDirectory tenants, ContentCipher cipher, Redactor redactor, ObjectMapper json) {
        this.tenants = tenants;
        this.cipher = cipher;
        this.redactor = redactor;
        this.json = json;
    }

    StoredRecord seal(AuditRecord r) {
        AuditContent content = r.content();
        LoggingMode mode = content == null ? null : modeOf(r.tenantId());
        String contentHash = null;
        UUID keyId = null;
        String iv = null;
        String sealed = null;
        if (content != null && mode != LoggingMode.NONE) {
            contentHash = HashChain.sha256Hex(canonical(content));
            if (mode == LoggingMode.FULL || mode == LoggingMode.REDACTED) {
                AuditContent kept = mode == LoggingMode.FULL ? content : new AuditContent(
                        content.prompt() == null ? null : redactor.redact(content.prompt()),
                        content.completion() == null ? null : redactor.redact(content.completion()));
                EncryptedContent encrypted = cipher.encrypt(r.tenantId(), r.id(),
                        canonical(kept).getBytes(StandardCharsets.UTF_8));
                keyId = encrypted.dataKeyId();
                iv = Base64.getEncoder().encodeToString(encrypted.iv());
                sealed = Base64.getEncoder().encodeToString(encrypted.ciphertext());
            }
        }
        // The database keeps microseconds; the hash must cover the time exactly as it will be read back.
        Instant occurredAt = r.occurredAt().truncatedTo(ChronoUnit.MICROS);
        return new StoredRecord(0, r.id(), r.kind().name(), occurredAt, r.tenantId(), r.keyId(), r.subject(),
                r.clientAddress(), r.endpoint(), r.model(), r.backend(), r.decision(), r.decisionReasons(),
                r.promptTokens(), r.completionTokens(), r.totalTokens(), r.timeToFirstTokenMs(), r.latencyMs(),
                r.status(), r.errorCode(), r.finishReason(), r.action(), r.details(),
                mode == null ? null : mode.name(), contentHash, keyId, iv, sealed, null, null, null, null);
    }

    /** Reads sealed content back; the caller has checked that the reader may see it. */
    AuditContent open(StoredRecord stored) {
        if (stored.content() == null) {
            return null;
        }
        byte[] plain = cipher.decrypt(stored.tenantId(), stored.id(), new EncryptedContent(stored.contentKeyId(),
                Base64.getDecoder().decode(stored.contentIv()), Base64.getDecoder().decode(stored.content())));
        var node = json.readTree(plain);
        return new AuditContent(node.path("prompt").isString() ? node.path("prompt").asString() : null,
                node.path("completion").isString() ? node.path("completion").asString() : null);
    }

    /** The one text form of content that is hashed and encrypted. */
    private String canonical(AuditContent content) {
        ObjectNode node = json.createObjectNode();
        node.put("prompt", content.prompt());
        node.put("completion", content.completion());
        return json.writeValueAsString(node);
    }

    private LoggingMode modeOf(UUID tenantId) {
        if (tenantId == null) {
            return LoggingMode.NONE;
        }
        CachedMode cached = modes.get(tenantId);
        Instant now = clock.instant();
        if (cached == null || now.isAfter(cached.readAt().plus(MODE_CACHE))) {
            LoggingMode mode = tenants.find(tenantId).map(Tenant::loggingMode).orElse(LoggingMode.NONE);
            cached = new CachedMode(mode, now);
            modes.put(tenantId, cached);
        }
        return cached.mode();
    }
}
