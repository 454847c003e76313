package dev.weightgate.api;

import dev.weightgate.backend.Backends;
import dev.weightgate.backend.ServedModel;
import dev.weightgate.tenancy.Caller;
import dev.weightgate.tenancy.CallerAuthentication;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /v1/models} and {@code GET /v1/models/{id}}, in OpenAI's list and model shapes: only the models the caller may use. */
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
        Caller caller = allowedCaller();
        return new ModelList("list", backends.all().stream().filter(m -> caller.mayUseModel(m.id()))
                .map(ModelObject::of).toList());
    }

    // Model ids such as "meta-llama/Llama-3.2-1B" contain slashes, so the id is the rest of the path.
    @GetMapping("/v1/models/{*id}")
    ModelObject get(@PathVariable String id) {
        String modelId = id.startsWith("/") ? id.substring(1) : id;
        Caller caller = allowedCaller();
        return backends.find(modelId).filter(m -> caller.mayUseModel(m.id())).map(ModelObject::of)
                .orElseThrow(() -> ApiException.modelNotFound(modelId));
    }

    /** The caller, if its key may list models; a key scoped to other endpoints gets a 403. */
    private static Caller allowedCaller() {
        Caller caller = CallerAuthentication.current();
        if (!caller.mayUseEndpoint("models")) {
            throw new ApiException(HttpStatus.FORBIDDEN, "invalid_request_error", "This key may not use models.", null,
                    "insufficient_scope");
        }
        return caller;
    }
}
