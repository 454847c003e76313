package dev.weightgate.policy;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The license catalog: seeded from {@code policy/catalog.yaml} at start-up, kept in the database, changed by
 * platform administrators. Entries an administrator has changed are never overwritten by a newer catalog file.
 */
public interface LicenseCatalog {

    /** The version of the catalog file last seeded. */
    int catalogVersion();

    List<LicenseEntry> licenses();

    Optional<LicenseEntry> license(String id);

    List<ModelEntry> models();

    Optional<ModelEntry> model(String id);

    /** The catalog entry a model id resolves to, by exact id first and then the most specific pattern. */
    Optional<ModelEntry> identify(String modelId);

    /**
     * The entry GGUF metadata resolves to, and whether its {@code general.license} (or {@code general.license.name})
     * agrees with the entry's license, for the embedded engine to check a file at load.
     */
    GgufCheck checkGguf(Map<String, String> metadata);

    /** Adds or replaces a license; validated, then marked as edited by an administrator. */
    LicenseEntry putLicense(LicenseEntry license, String actor);

    /** Adds or replaces a model entry; its license must be in the catalog. */
    ModelEntry putModel(ModelEntry model, String actor);

    /** Removes a model entry; false when there was none. */
    boolean deleteModel(String id, String actor);

    /**
     * @param entry the entry the metadata's name resolves to, if any
     * @param declaredLicense the file's {@code general.license} (or {@code general.license.name}), if any
     * @param consistent false only when the file names a license that contradicts the entry's; "other" or a missing
     *     value is not a contradiction
     * @param message for the load log or error
     */
    record GgufCheck(Optional<ModelEntry> entry, String declaredLicense, boolean consistent, String message) {
    }
}
