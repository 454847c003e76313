package dev.weightgate.api;

import dev.weightgate.audit.AuditKind;
import dev.weightgate.audit.AuditRecord;
import dev.weightgate.audit.AuditTrail;
import dev.weightgate.audit.AuditUnavailableException;
import dev.weightgate.tenancy.Caller;
import dev.weightgate.tenancy.CallerAuthentication;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.ObjectMapper;

/**
 * Puts every API and admin exchange in the audit trail. Chat completions are recorded by {@link ChatPipeline}, with
 * their tokens and content; every other exchange is recorded here when it ends; requests refused before they get
 * here (no or a bad token) are recorded by the security handlers through {@link #refused}. When the trail cannot
 * keep records, requests are refused with a 503 rather than served unaudited.
 */
@Component
class HttpAudit extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(HttpAudit.class);

    static final String RECORDED = HttpAudit.class.getName() + ".recorded";
    static final String ERROR_CODE = HttpAudit.class.getName() + ".errorCode";

    private final AuditTrail trail;
    private final ObjectMapper json;

    HttpAudit(AuditTrail trail, ObjectMapper json) {
        this.trail = trail;
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !isAudited(request);
    }

    static boolean isAudited(HttpServletRequest request) {
        String path = request.getRequestURI();
        return path.startsWith("/v1/") || path.startsWith("/admin/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long start = System.nanoTime();
        if (!trail.isAccepting() && !callerAcceptsUnaudited()) {
            ApiException unavailable = new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "server_error",
                    "The gateway cannot record requests right now, so it serves none; retry shortly.", null,
                    "audit_unavailable");
            response.setStatus(unavailable.status().value());
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            json.writeValue(response.getOutputStream(), unavailable.toError());
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            if (request.getAttribute(RECORDED) == null) {
                try {
                    record(request, response.getStatus(), (String) request.getAttribute(ERROR_CODE), currentCaller(), start);
                } catch (AuditUnavailableException lost) {
                    log.error("request={} status={} could not be audited: {}", RequestIds.of(request),
                            response.getStatus(), lost.getMessage());
                }
            }
        }
    }

    /** A tenant may choose to be served while the trail is down (its records are then lost, and logged as lost). */
    private static boolean callerAcceptsUnaudited() {
        Caller caller = currentCaller();
        return caller != null && caller.servedWhenAuditUnavailable();
    }

    /** Records a request refused by authentication or authorization. */
    void refused(HttpServletRequest request, int status, String errorCode) {
        if (isAudited(request)) {
            record(request, status, errorCode, currentCaller(), System.nanoTime());
        }
    }

    /** The authenticated caller of this request, or {@code null} before (or without) authentication. */
    private static Caller currentCaller() {
        return SecurityContextHolder.getContext().getAuthentication() instanceof CallerAuthentication a
                ? a.getPrincipal() : null;
    }

    private void record(HttpServletRequest request, int status, String errorCode, Caller caller, long startNanos) {
        request.setAttribute(RECORDED, Boolean.TRUE);
        AuditRecord.Builder record = AuditRecord.builder(RequestIds.of(request), AuditKind.REQUEST, Instant.now())
                .clientAddress(request.getRemoteAddr())
                .endpoint(request.getMethod() + " " + request.getRequestURI())
                .outcome(status, errorCode, null)
                .timings(null, (System.nanoTime() - startNanos) / 1_000_000);
        if (caller != null) {
            record.caller(caller.tenantId(), caller.keyId(), caller.subject());
        }
        trail.record(record.build());
    }
}
