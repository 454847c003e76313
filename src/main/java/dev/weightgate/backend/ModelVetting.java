package dev.weightgate.backend;

import java.util.Map;
import java.util.Optional;

/**
 * A check an embedded model's file must pass before it is served, such as the license catalog's (its pinned SHA-256
 * and its declared license). Beans of this type are asked once per file, at load.
 */
public interface ModelVetting {

    /**
     * @param modelId  the id the model is served under
     * @param metadata the file's {@code general.*} metadata, as strings
     * @param sha256   the file's SHA-256, lower-case hex
     * @return why the file must not be served, or empty when it may
     */
    Optional<String> refusal(String modelId, Map<String, String> metadata, String sha256);
}
