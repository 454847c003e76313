package dev.weightgate.api;

import dev.weightgate.audit.AuditContent;
import dev.weightgate.audit.AuditKind;
import dev.weightgate.audit.AuditRecord;
import dev.weightgate.audit.AuditTrail;
import dev.weightgate.audit.AuditUnavailableException;
import io.micrometer.core.instrument.Counter;
import java.time.Instant;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Records every completion request, successful or not: one log line and the metrics (never the prompt or the
 * answer), and the audit record with the content, which the audit trail keeps under the tenant's logging mode.
 */
@Component
class RequestLog {

    private static final Logger log = LoggerFactory.getLogger("weightgate.requests");

    private final MeterRegistry meters;
    private final AuditTrail audit;

    RequestLog(MeterRegistry meters, AuditTrail audit) {
        this.meters = meters;
        this.audit = audit;
    }

    void record(CompletionRecord r) {
        String model = r.model == null ? "none" : r.model;
        log.info("request={} tenant={} key={} model={} stream={} outcome={} status={} error={} finish={} prompt_tokens={} "
                        + "completion_tokens={} ttft_ms={} latency_ms={}",
                r.requestId, r.tenantId, r.keyId, model, r.stream, r.outcome, r.status, r.errorCode, r.finishReason,
                r.usage == null ? null : r.usage.promptTokens(), r.usage == null ? null : r.usage.completionTokens(),
                r.timeToFirstChunkMillis(), r.latencyMillis());
        Timer.builder("weightgate.completions")
                .description("Chat completion requests by model and outcome")
                .tag("model", model)
                .tag("outcome", r.outcome.name().toLowerCase())
                .tag("status", Integer.toString(r.status))
                .register(meters)
                .record(System.nanoTime() - r.startNanos, TimeUnit.NANOSECONDS);
        if (r.usage != null) {
            tokens(model, "prompt").increment(r.usage.promptTokens());
            tokens(model, "completion").increment(r.usage.completionTokens());
        }
        audit(r);
    }

    private void audit(CompletionRecord r) {
        AuditRecord.Builder record = AuditRecord.builder(r.requestId, AuditKind.REQUEST, Instant.now())
                .caller(r.tenantId, r.keyId, r.subject)
                .clientAddress(r.clientAddress)
                .endpoint("POST /v1/chat/completions")
                .model(r.model, r.backend)
                .timings(r.timeToFirstChunkMillis(), r.latencyMillis())
                .outcome(r.status, r.errorCode, r.finishReason);
        if (r.decision != null) {
            record.decision(r.decision.outcome().name(), r.decision.summary());
        }
        if (r.usage != null) {
            record.tokens(r.usage.promptTokens(), r.usage.completionTokens(), r.usage.totalTokens());
        }
        if (r.prompt != null) {
            record.content(new AuditContent(r.prompt, r.completionText()));
        }
        try {
            audit.record(record.build());
        } catch (AuditUnavailableException e) {
            // Checked before serving; only a burst past the queue's capacity lands here.
            log.error("request={} could not be audited: {}", r.requestId, e.getMessage());
        }
    }

    private Counter tokens(String model, String kind) {
        return Counter.builder("weightgate.tokens")
                .description("Tokens consumed by model and kind")
                .tag("model", model)
                .tag("kind", kind)
                .register(meters);
    }
}
