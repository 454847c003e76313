package dev.weightgate.backend;

import dev.weightgate.backend.internal.RemoteOpenAiBackend;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.util.StringUtils;

/**
 * The catalogue of served models, built once from configuration at start-up. Routing a request is a map lookup, so
 * it costs nothing on the hot path.
 */
@Service
public class Backends {

    private final Map<String, ServedModel> models = new LinkedHashMap<>();

    public Backends(BackendProperties properties, RemoteOpenAiBackend.Factory remoteBackends) {
        long created = Instant.now().getEpochSecond();
        for (ModelDefinition definition : properties.models()) {
            validate(definition);
            ChatBackend backend = remoteBackends.create(definition);
            models.put(definition.id(), new ServedModel(definition.id(), definition.ownedBy(), created, "remote", backend));
        }
    }

    private void validate(ModelDefinition definition) {
        if (!StringUtils.hasText(definition.id())) {
            throw new IllegalStateException("weightgate.models[] has an entry without an id");
        }
        if (models.containsKey(definition.id())) {
            throw new IllegalStateException("weightgate.models[] names model '" + definition.id() + "' twice");
        }
        if (definition.remote() == null || definition.remote().baseUrl() == null) {
            throw new IllegalStateException("model '" + definition.id() + "' needs remote.base-url");
        }
    }

    /** The model with this public id, if the gateway serves it. */
    public Optional<ServedModel> find(String id) {
        return Optional.ofNullable(models.get(id));
    }

    /** Every served model, in configuration order. */
    public List<ServedModel> all() {
        return List.copyOf(models.values());
    }
}
