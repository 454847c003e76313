package dev.weightgate.api;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Writes one log line and the metrics for every completion request, successful or not. Never the prompt or the
 * answer: content belongs to the audit trail, under each tenant's logging mode.
 */
@Component
class RequestLog {

    private static final Logger log = LoggerFactory.getLogger("weightgate.requests");

    private final MeterRegistry meters;

    RequestLog(MeterRegistry meters) {
        this.meters = meters;
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
    }

    private Counter tokens(String model, String kind) {
        return Counter.builder("weightgate.tokens")
                .description("Tokens consumed by model and kind")
                .tag("model", model)
                .tag("kind", kind)
                .register(meters);
    }
}
