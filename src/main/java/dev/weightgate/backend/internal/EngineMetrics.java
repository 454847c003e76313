package dev.weightgate.backend.internal;

import dev.weightgate.engine.generate.LoadedModel;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.function.ToDoubleFunction;
import org.springframework.stereotype.Component;

/**
 * How busy each embedded model is, for dashboards and autoscaling: slots in use, requests waiting, and whether the
 * model is in service. A queue that stays long means the model needs more slots or another replica.
 */
@Component
class EngineMetrics implements MeterBinder {

    private final EmbeddedModels models;

    EngineMetrics(EmbeddedModels models) {
        this.models = models;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (EmbeddedBackend backend : models.all()) {
            gauge(registry, "weightgate.engine.slots", "Slots the model generates in at once", backend,
                    m -> m.slots().size());
            gauge(registry, "weightgate.engine.slots.busy", "Slots generating now", backend, m -> m.slots().busy());
            gauge(registry, "weightgate.engine.queue", "Requests waiting for a slot", backend, m -> m.slots().queued());
            Gauge.builder("weightgate.engine.loaded", backend, b -> b.model().isPresent() ? 1 : 0)
                    .description("1 when the model is in service").tag("model", backend.id()).register(registry);
        }
    }

    private static void gauge(MeterRegistry registry, String name, String description, EmbeddedBackend backend,
                              ToDoubleFunction<LoadedModel> value) {
        Gauge.builder(name, backend, b -> b.model().map(value::applyAsDouble).orElse(0.0))
                .description(description).tag("model", backend.id()).register(registry);
    }
}
