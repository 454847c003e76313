package dev.weightgate.backend.internal;

import dev.weightgate.backend.Backends;
import dev.weightgate.backend.Reachability;
import dev.weightgate.backend.ServedModel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Reports, under {@code /actuator/health}, whether each model's backend answers. Probes are remembered for a few
 * seconds so that frequent health checks do not become load on the model servers. Not part of the readiness group:
 * one unreachable upstream must not take every gateway replica out of service.
 */
@Component
class BackendsHealthIndicator implements HealthIndicator {

    private static final Duration REMEMBER_FOR = Duration.ofSeconds(10);

    private final Backends backends;
    private final Clock clock;
    private volatile Health remembered;
    private volatile Instant probedAt = Instant.MIN;

    @Autowired
    BackendsHealthIndicator(Backends backends) {
        this(backends, Clock.systemUTC());
    }

    BackendsHealthIndicator(Backends backends, Clock clock) {
        this.backends = backends;
        this.clock = clock;
    }

    @Override
    public Health health() {
        Instant now = clock.instant();
        Health last = remembered;
        if (last != null && now.isBefore(probedAt.plus(REMEMBER_FOR))) {
            return last;
        }
        Health fresh = probeAll();
        remembered = fresh;
        probedAt = now;
        return fresh;
    }

    private Health probeAll() {
        // Probed side by side, so one slow upstream costs its timeout once, not once per model behind it.
        Map<ServedModel, Future<Reachability>> probes = new LinkedHashMap<>();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (ServedModel model : backends.all()) {
                probes.put(model, executor.submit(() -> model.backend().probe()));
            }
        }
        Map<String, Object> details = new LinkedHashMap<>();
        boolean allUp = true;
        for (Map.Entry<ServedModel, Future<Reachability>> probe : probes.entrySet()) {
            ServedModel model = probe.getKey();
            Reachability reachability = probe.getValue().resultNow();
            allUp &= reachability.up();
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("status", reachability.up() ? "UP" : "DOWN");
            detail.put("backend", model.backendType());
            detail.put("target", reachability.target());
            if (reachability.problem() != null) {
                detail.put("problem", reachability.problem());
            }
            details.put(model.id(), detail);
        }
        return (allUp ? Health.up() : Health.down()).withDetails(details).build();
    }
}
