package dev.weightgate.api;

import dev.weightgate.backend.Backends;
import dev.weightgate.backend.ServedModel;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /v1/models} and {@code GET /v1/models/{id}}, in OpenAI's list and model shapes. */
@RestController
class ModelsController {

    record ModelObject(String id, String object, long created, String owned_by) {
        static ModelObject of(ServedModel model) {
            return new ModelObject(model.id(), "model", model.created(), model.ownedBy());
        }
    }

    record ModelList(String object, List<ModelObject> data) {
    }

    private final Backends backends;

    ModelsController(Backends backends) {
        this.backends = backends;
    }

    @GetMapping("/v1/models")
    ModelList list() {
        return new ModelList("list", backends.all().stream().map(ModelObject::of).toList());
    }

    // Model ids such as "meta-llama/Llama-3.2-1B" contain slashes, so the id is the rest of the path.
    @GetMapping("/v1/models/{*id}")
    ModelObject get(@PathVariable String id) {
        String modelId = id.startsWith("/") ? id.substring(1) : id;
        return backends.find(modelId).map(ModelObject::of).orElseThrow(() -> ApiException.modelNotFound(modelId));
    }
}
