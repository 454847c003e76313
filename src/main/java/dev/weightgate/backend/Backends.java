package dev.weightgate.backend;

import dev.weightgate.backend.internal.EmbeddedBackend;
import dev.weightgate.backend.internal.EmbeddedModels;
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

    public Backends(BackendProperties properties, RemoteOpenAiBackend.Factory remoteBackends,
                    EmbeddedModels embeddedModels) {
        long created = Instant.now().getEpochSecond();
        for (ModelDefinition definition : properties.models()) {
            validate(definition);
            if (definition.remote() != null) {
                ChatBackend backend = remoteBackends.create(definition);
                models.put(definition.id(), new ServedModel(definition.id(), definition.ownedBy(), created, "remote",
                        backend));
            }
        }
        for (EmbeddedBackend embedded : embeddedModels.all()) {
            String ownedBy = properties.models().stream().filter(d -> d.id().equals(embedded.id())).findFirst()
                    .map(ModelDefinition::ownedBy)
                    .orElse(embedded.id().equals(EmbeddedModels.DEMO_MODEL_ID) ? "weightgate-demo" : "weightgate");
            if (models.containsKey(embedded.id())) {
                throw new IllegalStateException("model id '" + embedded.id() + "' is served twice: by "
                        + models.get(embedded.id()).backendType() + " and by the embedded file " + embedded.path()
                        + "; rename the file or the configured model");
            }
            models.put(embedded.id(), new ServedModel(embedded.id(), ownedBy, created, "embedded", embedded));
        }
    }

    private void validate(ModelDefinition definition) {
        if (!StringUtils.hasText(definition.id())) {
            throw new IllegalStateException("weightgate.models[] has an entry without an id");
        }
        if (models.containsKey(definition.id())) {
            throw new IllegalStateException("weightgate.models[] names model '" + definition.id() + "' twice");
        }
        if ((definition.remote() == null) == (definition.embedded() == null)) {
            throw new IllegalStateException("model '" + definition.id() + "' needs exactly one of remote.* and "
                    + "embedded.*");
        }
        if (definition.remote() != null && definition.remote().baseUrl() == null) {
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
