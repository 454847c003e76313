package dev.weightgate.policy.internal;

import dev.weightgate.policy.Decision;
import dev.weightgate.policy.ModelLicense;
import dev.weightgate.policy.PolicyDecisions;
import dev.weightgate.policy.PolicyRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Decides from a compiled {@link PolicyEngine} held in memory. Every change to rules, catalog, profiles or acceptances
 * bumps {@code policy_version} in its transaction; this replica recompiles at once after its own changes, and polls
 * the row (a primary-key read, every {@code weightgate.policy.change-poll-interval}) to pick up other replicas'.
 */
@Service
class DecisionService implements PolicyDecisions, SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(DecisionService.class);

    private final PolicyStore store;
    private final CatalogSeeder seeder;
    private final PolicyProperties settings;
    private final TransactionTemplate readOnly;
    private volatile PolicyEngine engine;
    private volatile boolean pollFailing;

    DecisionService(PolicyStore store, CatalogSeeder seeder, PolicyProperties settings, TransactionTemplate transactions) {
        this.store = store;
        this.seeder = seeder;
        this.settings = settings;
        this.readOnly = new TransactionTemplate(transactions.getTransactionManager());
        this.readOnly.setReadOnly(true);
    }

    /** Seeds the catalog and compiles the first engine before the web server takes requests. */
    @Override
    public void afterSingletonsInstantiated() {
        seeder.seed();
        refresh();
    }

    @Override
    public Decision decide(PolicyRequest request) {
        return engine().decide(request);
    }

    @Override
    public long policyVersion() {
        return engine().version();
    }

    @Override
    public ModelLicense describe(String modelId) {
        return engine().describe(modelId);
    }

    PolicyEngine engine() {
        PolicyEngine current = engine;
        if (current == null) {
            refresh();
            current = engine;
        }
        return current;
    }

    @Scheduled(fixedDelayString = "${weightgate.policy.change-poll-interval:200ms}")
    void poll() {
        try {
            long version = store.version();
            PolicyEngine current = engine;
            if (current == null || current.version() != version) {
                refresh();
            }
            pollFailing = false;
        } catch (DataAccessException e) {
            if (!pollFailing) {
                log.warn("Cannot check the policy version; deciding from version {} until the database answers: {}",
                        engine == null ? "none" : engine.version(), e.getMessage());
            }
            pollFailing = true;
        }
    }

    /** Compiles a new engine from the database: everything read in one transaction, the version first. */
    synchronized void refresh() {
        engine = readOnly.execute(status -> {
            long version = store.version();
            return new PolicyEngine(version,
                    store.licenses().stream().map(PolicyStore.CatalogRow::entry).toList(),
                    store.models().stream().map(PolicyStore.CatalogRow::entry).toList(),
                    store.rules(), store.profiles(), settings);
        });
    }
}
