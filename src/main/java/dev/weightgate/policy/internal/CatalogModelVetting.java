package dev.weightgate.policy.internal;

import dev.weightgate.backend.ModelVetting;
import dev.weightgate.policy.LicenseCatalog;
import dev.weightgate.policy.ModelEntry;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The license catalog's say on an embedded model's file: a file whose SHA-256 differs from the one its catalog entry
 * pins, or whose GGUF metadata declares a license that contradicts its entry's, is not served. Serving it would mean
 * deciding every request against the facts of a license the weights are not under.
 */
@Component
class CatalogModelVetting implements ModelVetting {

    private final LicenseCatalog catalog;

    CatalogModelVetting(LicenseCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public Optional<String> refusal(String modelId, Map<String, String> metadata, String sha256) {
        Optional<ModelEntry> entry = catalog.identify(modelId);
        if (entry.isPresent() && entry.get().sha256() != null && !entry.get().sha256().equalsIgnoreCase(sha256)) {
            return Optional.of("the file's SHA-256 is " + sha256 + " but license catalog entry '" + entry.get().id()
                    + "' pins " + entry.get().sha256().toLowerCase() + "; correct the catalog entry or the file");
        }
        LicenseCatalog.GgufCheck check = catalog.checkGguf(metadata);
        if (!check.consistent()) {
            return Optional.of(check.message());
        }
        return Optional.empty();
    }
}
