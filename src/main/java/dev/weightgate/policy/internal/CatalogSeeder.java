package dev.weightgate.policy.internal;

import dev.weightgate.policy.LicenseEntry;
import dev.weightgate.policy.ModelEntry;
import dev.weightgate.policy.PolicyChanged;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Seeds the catalog file into the database at start-up, idempotently: an entry is inserted when missing, and
 * replaced (or, when the newer file dropped it, removed) when the file's version is newer than the one that seeded it.
 * Entries an administrator changed are left alone. Replicas starting together take turns on the version row's lock.
 */
@Component
class CatalogSeeder {

    private static final Logger log = LoggerFactory.getLogger(CatalogSeeder.class);
    private static final String ACTOR = "weightgate (" + CatalogFile.LOCATION + ")";

    private final CatalogFile file = CatalogFile.load();
    private final PolicyStore store;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;

    CatalogSeeder(PolicyStore store, TransactionTemplate transactions, ApplicationEventPublisher events) {
        this.store = store;
        this.transactions = transactions;
        this.events = events;
    }

    CatalogFile file() {
        return file;
    }

    void seed() {
        transactions.executeWithoutResult(status -> {
            store.lock();
            int version = file.version();
            int changed = 0;
            Map<String, PolicyStore.CatalogRow<LicenseEntry>> licenses = store.licenses().stream()
                    .collect(Collectors.toMap(row -> row.entry().id(), Function.identity()));
            Set<String> seen = new HashSet<>();
            for (LicenseEntry license : file.licenses()) {
                seen.add(license.id());
                var row = licenses.get(license.id());
                if (row == null || outdated(row, version)) {
                    store.putLicense(license, version, "catalog", ACTOR);
                    changed++;
                } else if (row.catalogVersion() < version) {
                    log.info("License '{}' was changed by an administrator; catalog version {} does not replace it",
                            license.id(), version);
                }
            }
            for (var row : licenses.values()) {
                if (!seen.contains(row.entry().id()) && outdated(row, version)) {
                    store.deleteLicense(row.entry().id());
                    changed++;
                }
            }
            Map<String, PolicyStore.CatalogRow<ModelEntry>> models = store.models().stream()
                    .collect(Collectors.toMap(row -> row.entry().id(), Function.identity()));
            seen.clear();
            List<ModelEntry> entries = file.models();
            for (int position = 0; position < entries.size(); position++) {
                ModelEntry model = entries.get(position);
                seen.add(model.id());
                var row = models.get(model.id());
                if (row == null || outdated(row, version)) {
                    store.putModel(model, position, version, "catalog", ACTOR);
                    changed++;
                }
            }
            for (var row : models.values()) {
                if (!seen.contains(row.entry().id()) && outdated(row, version)) {
                    store.deleteModel(row.entry().id());
                    changed++;
                }
            }
            if (changed > 0) {
                long policyVersion = store.bump();
                log.info("License catalog version {} seeded: {} entries added, replaced or retired", version, changed);
                events.publishEvent(new PolicyChanged("catalog.seeded", "catalog v" + version, null, ACTOR,
                        policyVersion));
            }
        });
    }

    private static boolean outdated(PolicyStore.CatalogRow<?> row, int version) {
        return "catalog".equals(row.source()) && row.catalogVersion() < version;
    }
}
