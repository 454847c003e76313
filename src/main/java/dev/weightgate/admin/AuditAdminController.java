package dev.weightgate.admin;

import dev.weightgate.api.ApiException;
import dev.weightgate.audit.AuditLog;
import dev.weightgate.audit.ChainVerification;
import dev.weightgate.tenancy.Caller;
import dev.weightgate.tenancy.CallerAuthentication;
import dev.weightgate.tenancy.LoggingMode;
import dev.weightgate.tenancy.Role;
import dev.weightgate.tenancy.TenantDirectory;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The audit trail for the people who answer for it. Platform administrators search every tenant; tenant
 * administrators and auditors their own. Content is decrypted only for auditors (of their tenant) and platform
 * administrators, and every such read is itself recorded.
 */
@RestController
class AuditAdminController {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record AuditPolicy(LoggingMode loggingMode, Integer contentRetentionDays, Integer metadataRetentionDays,
                       Boolean serveWhenAuditUnavailable) {
    }

    record EntryList(String object, List<AuditLog.Entry> data, Long nextAfterSeq) {
    }

    private final AuditLog audit;
    private final TenantAccess access;
    private final TenantDirectory tenants;

    AuditAdminController(AuditLog audit, TenantAccess access, TenantDirectory tenants) {
        this.audit = audit;
        this.access = access;
        this.tenants = tenants;
    }

    @GetMapping("/admin/v1/audit/records")
    EntryList search(@RequestParam(name = "tenant_id", required = false) UUID tenantId,
                     @RequestParam(name = "key_id", required = false) UUID keyId,
                     @RequestParam(name = "user", required = false) String user,
                     @RequestParam(required = false) String model,
                     @RequestParam(required = false) Instant from,
                     @RequestParam(required = false) Instant to,
                     @RequestParam(required = false) Integer status,
                     @RequestParam(required = false) String decision,
                     @RequestParam(required = false) String kind,
                     @RequestParam(defaultValue = "100") int limit,
                     @RequestParam(name = "after_seq", required = false) Long afterSeq) {
        List<AuditLog.Entry> entries = audit.search(new AuditLog.Query(scope(tenantId), keyId, user, model, from, to,
                status, decision, kind, limit, afterSeq));
        return new EntryList("list", entries, entries.isEmpty() ? null : entries.getLast().seq());
    }

    @GetMapping("/admin/v1/audit/records/{id}")
    AuditLog.Entry read(@PathVariable String id, @RequestParam(name = "tenant_id", required = false) UUID tenantId) {
        Caller caller = CallerAuthentication.current();
        UUID tenant = tenantId == null ? caller.tenantId() : tenantId;
        access.readable(tenant);
        if (!caller.isPlatformAdmin() && !caller.has(Role.AUDITOR)) {
            throw TenantAccess.forbidden("Only auditors and platform administrators may read stored content.");
        }
        return audit.readWithContent(tenant, id, TenantAccess.actor(), caller.tenantId())
                .orElseThrow(() -> new ApiException(org.springframework.http.HttpStatus.NOT_FOUND,
                        "invalid_request_error", "No audit record " + id + " in this tenant.", null, "record_not_found"));
    }

    @DeleteMapping("/admin/v1/audit/records/{id}/content")
    ResponseEntity<Void> erase(@PathVariable String id, @RequestParam(name = "tenant_id", required = false) UUID tenantId) {
        UUID tenant = tenantId == null ? CallerAuthentication.current().tenantId() : tenantId;
        access.manageable(tenant);
        if (!audit.eraseContent(tenant, id, TenantAccess.actor())) {
            throw new ApiException(org.springframework.http.HttpStatus.NOT_FOUND, "invalid_request_error",
                    "No audit record " + id + " in this tenant.", null, "record_not_found");
        }
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/admin/v1/audit/export")
    ResponseEntity<StreamingResponseBody> export(@RequestParam(defaultValue = "jsonl") String format,
                                                 @RequestParam(name = "tenant_id", required = false) UUID tenantId,
                                                 @RequestParam(required = false) Instant from,
                                                 @RequestParam(required = false) Instant to) {
        if (!format.equals("jsonl") && !format.equals("csv")) {
            throw ApiException.invalidRequest("'format' is jsonl or csv.", "format", "invalid_value");
        }
        AuditLog.Query query = new AuditLog.Query(scope(tenantId), null, null, null, from, to, null, null, null,
                Integer.MAX_VALUE, null);
        MediaType type = format.equals("csv") ? MediaType.parseMediaType("text/csv")
                : MediaType.parseMediaType("application/x-ndjson");
        return ResponseEntity.ok().contentType(type)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"audit." + format + "\"")
                .body(out -> audit.export(query, format, out));
    }

    @GetMapping("/admin/v1/audit/verify")
    ChainVerification verify(@RequestParam(name = "from_seq", defaultValue = "1") long fromSeq,
                             @RequestParam(name = "to_seq", defaultValue = "9223372036854775807") long toSeq) {
        Caller caller = CallerAuthentication.current();
        if (!caller.isPlatformAdmin() && !caller.has(Role.AUDITOR)) {
            throw TenantAccess.forbidden("Only auditors and platform administrators may verify the audit chain.");
        }
        return audit.verify(fromSeq, toSeq);
    }

    @GetMapping("/admin/v1/tenants/{tenantId}/audit-policy")
    AuditPolicy policy(@PathVariable UUID tenantId) {
        var tenant = access.readable(tenantId);
        return new AuditPolicy(tenant.loggingMode(), tenant.contentRetentionDays(), tenant.metadataRetentionDays(),
                tenant.serveWhenAuditUnavailable());
    }

    @PutMapping("/admin/v1/tenants/{tenantId}/audit-policy")
    AuditPolicy setPolicy(@PathVariable UUID tenantId, @RequestBody AuditPolicy request) {
        var tenant = access.manageable(tenantId);
        boolean changesServing = request.serveWhenAuditUnavailable() != null
                && request.serveWhenAuditUnavailable() != tenant.serveWhenAuditUnavailable();
        if (changesServing) {
            // Serving unaudited is a platform decision, not one a tenant administrator takes alone.
            access.requirePlatformAdmin();
        }
        LoggingMode mode = request.loggingMode() == null ? tenant.loggingMode() : request.loggingMode();
        int content = request.contentRetentionDays() == null ? tenant.contentRetentionDays() : request.contentRetentionDays();
        int metadata = request.metadataRetentionDays() == null ? tenant.metadataRetentionDays() : request.metadataRetentionDays();
        try {
            var saved = tenants.updateAuditPolicy(tenantId, mode, content, metadata, TenantAccess.actor()).orElseThrow();
            if (changesServing) {
                saved = tenants.updateServeWhenAuditUnavailable(tenantId, request.serveWhenAuditUnavailable(),
                        TenantAccess.actor()).orElseThrow();
            }
            return new AuditPolicy(saved.loggingMode(), saved.contentRetentionDays(), saved.metadataRetentionDays(),
                    saved.serveWhenAuditUnavailable());
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidRequest("Invalid audit policy: " + e.getMessage() + ".", null, "invalid_value");
        }
    }

    /** The tenant a search is limited to: any (or all) for platform administrators, one's own for everyone else. */
    private UUID scope(UUID requested) {
        Caller caller = CallerAuthentication.current();
        if (caller.isPlatformAdmin()) {
            return requested;
        }
        if (requested != null) {
            access.readable(requested);
        }
        return caller.tenantId();
    }
}
