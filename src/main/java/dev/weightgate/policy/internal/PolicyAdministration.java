package dev.weightgate.policy.internal;

import dev.weightgate.policy.ComplianceProfile;
import dev.weightgate.policy.ComplianceProfileUpdate;
import dev.weightgate.policy.ComplianceProfiles;
import dev.weightgate.policy.LicenseAcceptance;
import dev.weightgate.policy.LicenseCatalog;
import dev.weightgate.policy.LicenseEntry;
import dev.weightgate.policy.ModelEntry;
import dev.weightgate.policy.PolicyChanged;
import dev.weightgate.policy.PolicyRule;
import dev.weightgate.policy.PolicyRules;
import dev.weightgate.policy.PolicyValidationException;
import dev.weightgate.policy.RuleDefinition;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Changes to what decisions depend on. Each change is validated, written with a bump of the policy version and a
 * {@link PolicyChanged} event in one transaction, and then recompiled into this replica's engine at once (the others
 * follow within their poll interval).
 */
@Service
class PolicyAdministration implements ComplianceProfiles, PolicyRules, LicenseCatalog {

    private static final Logger log = LoggerFactory.getLogger(PolicyAdministration.class);
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

    private final PolicyStore store;
    private final DecisionService decisions;
    private final CatalogSeeder seeder;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;
    private final Clock clock = Clock.systemUTC();

    PolicyAdministration(PolicyStore store, DecisionService decisions, CatalogSeeder seeder,
                         TransactionTemplate transactions, ApplicationEventPublisher events) {
        this.store = store;
        this.decisions = decisions;
        this.seeder = seeder;
        this.transactions = transactions;
        this.events = events;
    }

    // --- compliance profiles ----------------------------------------------------------------------------------

    @Override
    public ComplianceProfile profile(UUID tenantId) {
        return store.profile(tenantId);
    }

    @Override
    public ComplianceProfile declare(UUID tenantId, ComplianceProfileUpdate update, String actor) {
        String jurisdiction = upper(update.jurisdiction());
        if (jurisdiction != null && !COUNTRIES.contains(jurisdiction)) {
            throw new PolicyValidationException("jurisdiction", "'jurisdiction' is an ISO 3166-1 alpha-2 country code, "
                    + "e.g. DE or US; got '" + update.jurisdiction() + "'.");
        }
        String region = upper(update.legalEntityRegion());
        if (region != null && !region.matches("[A-Z]{2,10}")) {
            throw new PolicyValidationException("legal_entity_region", "'legal_entity_region' is a region code of 2 to "
                    + "10 letters, e.g. EU.");
        }
        if (update.monthlyActiveUsers() != null && update.monthlyActiveUsers() < 0) {
            throw new PolicyValidationException("monthly_active_users", "'monthly_active_users' cannot be negative.");
        }
        String industry = update.industry() == null || update.industry().isBlank() ? null : update.industry().strip();
        if (industry != null && industry.length() > 100) {
            throw new PolicyValidationException("industry", "'industry' has at most 100 characters.");
        }
        Set<String> purposes = new LinkedHashSet<>();
        for (String purpose : update.purposes() == null ? Set.<String>of() : update.purposes()) {
            purposes.add(purpose == null ? null : purpose.strip().toLowerCase(Locale.ROOT));
        }
        CatalogRules.checkSlugs(purposes, "purposes", "");
        if (purposes.size() > 50) {
            throw new PolicyValidationException("purposes", "At most 50 purposes.");
        }
        change("profile.updated", tenantId.toString(), tenantId, actor, () -> {
            store.saveProfile(tenantId, jurisdiction, region, update.commercial(), update.monthlyActiveUsers(), industry,
                    purposes, actor);
            return null;
        });
        return store.profile(tenantId);
    }

    @Override
    public LicenseAcceptance accept(UUID tenantId, String licenseId, String acceptedBy, String actor) {
        if (licenseId == null || decisions.engine().license(licenseId).isEmpty()) {
            throw new PolicyValidationException("license", "'license' names a license in the catalog (GET "
                    + "/admin/v1/policy/catalog/licenses); got '" + licenseId + "'.");
        }
        if (acceptedBy == null || acceptedBy.isBlank() || acceptedBy.length() > 200) {
            throw new PolicyValidationException("accepted_by", "'accepted_by' names who accepts, in 1 to 200 characters.");
        }
        LicenseAcceptance acceptance = new LicenseAcceptance(licenseId, acceptedBy.strip(), clock.instant(), actor);
        return change("acceptance.recorded", licenseId, tenantId, actor, () -> {
            store.saveAcceptance(tenantId, acceptance);
            return acceptance;
        });
    }

    @Override
    public Optional<LicenseAcceptance> withdraw(UUID tenantId, String licenseId, String actor) {
        Optional<LicenseAcceptance> existing = store.acceptances(tenantId).stream()
                .filter(a -> a.license().equals(licenseId)).findFirst();
        if (existing.isEmpty()) {
            return existing;
        }
        change("acceptance.withdrawn", licenseId, tenantId, actor, () -> store.deleteAcceptance(tenantId, licenseId));
        return existing;
    }

    // --- organisation rules -----------------------------------------------------------------------------------

    @Override
    public List<PolicyRule> list() {
        List<PolicyRule> all = new ArrayList<>();
        BuiltinRules.DESCRIPTIONS.forEach((id, description) -> all.add(builtin(id, description)));
        store.rules().forEach(rule -> all.add(rule.view()));
        return all;
    }

    @Override
    public Optional<PolicyRule> find(String id) {
        String description = BuiltinRules.DESCRIPTIONS.get(id);
        if (description != null) {
            return Optional.of(builtin(id, description));
        }
        return store.rule(id).map(StoredRule::view);
    }

    @Override
    public PolicyRule create(String id, RuleDefinition definition, boolean enabled, String actor) {
        String ruleId = id == null ? "rule-" + UUID.randomUUID().toString().substring(0, 8) : id;
        OrganisationRules.compile(ruleId, definition);
        if (store.rule(ruleId).isPresent()) {
            throw new PolicyValidationException("id", "A rule with id '" + ruleId + "' already exists.");
        }
        change("rule.created", ruleId, null, actor, () -> {
            store.insertRule(ruleId, definition, enabled, actor);
            return null;
        });
        return store.rule(ruleId).orElseThrow().view();
    }

    @Override
    public Optional<PolicyRule> update(String id, RuleDefinition definition, boolean enabled, String actor) {
        if (BuiltinRules.DESCRIPTIONS.containsKey(id) || store.rule(id).isEmpty()) {
            return Optional.empty();
        }
        OrganisationRules.compile(id, definition);
        boolean updated = change("rule.updated", id, null, actor, () -> store.updateRule(id, definition, enabled, actor));
        return updated ? store.rule(id).map(StoredRule::view) : Optional.empty();
    }

    @Override
    public boolean delete(String id, String actor) {
        if (store.rule(id).isEmpty()) {
            return false;
        }
        return change("rule.deleted", id, null, actor, () -> store.deleteRule(id));
    }

    // --- catalog ----------------------------------------------------------------------------------------------

    @Override
    public int catalogVersion() {
        return seeder.file().version();
    }

    @Override
    public List<LicenseEntry> licenses() {
        return decisions.engine().licenses();
    }

    @Override
    public Optional<LicenseEntry> license(String id) {
        return decisions.engine().license(id);
    }

    @Override
    public List<ModelEntry> models() {
        return decisions.engine().models();
    }

    @Override
    public Optional<ModelEntry> model(String id) {
        return models().stream().filter(m -> m.id().equals(id)).findFirst();
    }

    @Override
    public Optional<ModelEntry> identify(String modelId) {
        return decisions.engine().identify(modelId);
    }

    @Override
    public GgufCheck checkGguf(Map<String, String> metadata) {
        return decisions.engine().checkGguf(metadata);
    }

    @Override
    public LicenseEntry putLicense(LicenseEntry license, String actor) {
        CatalogRules.checkLicense(license);
        change("license.updated", license.id(), null, actor, () -> {
            store.putLicense(license, seeder.file().version(), "admin", actor);
            return null;
        });
        return license;
    }

    @Override
    public ModelEntry putModel(ModelEntry model, String actor) {
        CatalogRules.checkModel(model, licenses().stream().map(LicenseEntry::id).toList());
        change("model.updated", model.id(), null, actor, () -> {
            int position = store.modelPosition(model.id()).orElseGet(store::nextModelPosition);
            store.putModel(model, position, seeder.file().version(), "admin", actor);
            return null;
        });
        return model;
    }

    @Override
    public boolean deleteModel(String id, String actor) {
        if (store.modelPosition(id).isEmpty()) {
            return false;
        }
        return change("model.deleted", id, null, actor, () -> store.deleteModel(id));
    }

    // --- helpers ----------------------------------------------------------------------------------------------

    /** Runs a change with a version bump and its event in one transaction, then recompiles this replica's engine. */
    private <T> T change(String what, String subject, UUID tenantId, String actor, Supplier<T> write) {
        T result = transactions.execute(status -> {
            T written = write.get();
            long version = store.bump();
            events.publishEvent(new PolicyChanged(what, subject, tenantId, actor, version));
            return written;
        });
        try {
            decisions.refresh();
        } catch (DataAccessException e) {
            // Committed: the poll recompiles as soon as the database answers again.
            log.warn("Policy change '{}' committed, but recompiling decisions failed: {}", what, e.getMessage());
        }
        return result;
    }

    private static PolicyRule builtin(String id, String description) {
        return new PolicyRule(id, true, true, description, null, 0, null, "weightgate");
    }

    private static String upper(String value) {
        return value == null || value.isBlank() ? null : value.strip().toUpperCase(Locale.ROOT);
    }
}
