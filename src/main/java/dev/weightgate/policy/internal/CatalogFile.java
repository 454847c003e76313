package dev.weightgate.policy.internal;

import dev.weightgate.policy.LicenseEntry;
import dev.weightgate.policy.ModelEntry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The versioned catalog shipped in the repository ({@code policy/catalog.yaml}), read and checked: a catalog that
 * names a missing license, repeats an id or misspells a fact stops the gateway at start-up rather than deciding from
 * it.
 *
 * @param version the file's {@code version}
 * @param purposes the purpose vocabulary, purpose to description
 * @param licenses the licenses
 * @param models the model entries
 */
public record CatalogFile(int version, Map<String, String> purposes, List<LicenseEntry> licenses,
                          List<ModelEntry> models) {

    public static final String LOCATION = "policy/catalog.yaml";

    /** The catalog in the application's classpath. */
    public static CatalogFile load() {
        try (InputStream in = CatalogFile.class.getClassLoader().getResourceAsStream(LOCATION)) {
            if (in == null) {
                throw new IllegalStateException("The license catalog " + LOCATION + " is missing from the classpath");
            }
            return parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static CatalogFile parse(InputStream yaml) {
        Object tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        CatalogFile catalog;
        try {
            catalog = PolicyJson.MAPPER.convertValue(tree, CatalogFile.class);
        } catch (RuntimeException e) {
            throw new IllegalStateException("The license catalog " + LOCATION + " is malformed: " + e.getMessage(), e);
        }
        try {
            CatalogRules.checkCatalog(catalog.licenses(), catalog.models());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("The license catalog " + LOCATION + " is invalid: " + e.getMessage(), e);
        }
        return catalog;
    }

    public CatalogFile {
        purposes = purposes == null ? Map.of() : Map.copyOf(purposes);
        licenses = licenses == null ? List.of() : List.copyOf(licenses);
        models = models == null ? List.of() : List.copyOf(models);
    }
}
