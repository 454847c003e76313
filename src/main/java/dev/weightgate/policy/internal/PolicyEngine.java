package dev.weightgate.policy.internal;

import dev.weightgate.policy.ComplianceProfile;
import dev.weightgate.policy.Decision;
import dev.weightgate.policy.LicenseAcceptance;
import dev.weightgate.policy.LicenseCatalog;
import dev.weightgate.policy.LicenseEntry;
import dev.weightgate.policy.ModelEntry;
import dev.weightgate.policy.ModelLicense;
import dev.weightgate.policy.Obligation;
import dev.weightgate.policy.PolicyRequest;
import dev.weightgate.policy.Reason;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything decisions depend on, at one policy version, compiled: the catalog, a rule chain per catalog entry,
 * organisation rules and tenants' profiles. Immutable apart from its caches, so any number of threads decide at once;
 * a change anywhere produces a new engine (and with it empty caches) rather than mutating this one.
 */
public final class PolicyEngine {

    private static final Logger log = LoggerFactory.getLogger(PolicyEngine.class);
    private static final Pattern PURPOSE = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final int MAX_RESOLUTIONS = 10_000;

    private record Key(UUID tenantId, String model, String purpose) {
    }

    /** A model id resolved to its catalog entry, license and rule chain. */
    private record Resolution(String normalizedId, ModelEntry entry, LicenseEntry license, Set<String> licenseKeys,
                              List<CompiledRule> chain) {
    }

    private final long version;
    private final PolicyProperties settings;
    private final List<LicenseEntry> licenseList;
    private final Map<String, LicenseEntry> licenses = new LinkedHashMap<>();
    private final List<ModelEntry> models;
    private final ModelMatcher matcher;
    private final Map<String, List<CompiledRule>> chains = new HashMap<>();
    private final List<CompiledRule> unknownChain;
    private final List<OrganisationRules.Compiled> rules = new ArrayList<>();
    private final List<OrganisationRules.Compiled> waivers = new ArrayList<>();
    private final Map<UUID, ComplianceProfile> profiles;
    private final ConcurrentHashMap<Key, Decision> decisions = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Resolution> resolutions = new ConcurrentHashMap<>();

    public PolicyEngine(long version, List<LicenseEntry> licenses, List<ModelEntry> models, List<StoredRule> rules,
                        Map<UUID, ComplianceProfile> profiles, PolicyProperties settings) {
        this.version = version;
        this.settings = settings;
        this.licenseList = List.copyOf(licenses);
        licenses.forEach(license -> this.licenses.put(license.id(), license));
        this.models = List.copyOf(models);
        this.matcher = new ModelMatcher(models);
        for (ModelEntry model : models) {
            LicenseEntry license = this.licenses.get(model.license());
            if (license != null) {
                chains.put(model.id(), BuiltinRules.forModel(model, license, settings));
            }
        }
        this.unknownChain = BuiltinRules.forUnknownModel(settings);
        for (StoredRule rule : rules.stream().sorted(Comparator.comparing(StoredRule::id)).toList()) {
            if (!rule.enabled()) {
                continue;
            }
            try {
                OrganisationRules.Compiled compiled = OrganisationRules.compile(rule.id(), rule.definition());
                (compiled.effect().equals("waive") ? waivers : this.rules).add(compiled);
            } catch (IllegalArgumentException e) {
                log.error("Organisation rule '{}' does not compile and takes no part in decisions: {}", rule.id(),
                        e.getMessage());
            }
        }
        this.profiles = Map.copyOf(profiles);
    }

    public long version() {
        return version;
    }

    /** The decision, from the cache when this tenant, model and purpose were decided before at this version. */
    public Decision decide(PolicyRequest request) {
        Key key = new Key(request.tenantId(), request.model(), request.purpose());
        Decision decision = decisions.get(key);
        if (decision == null) {
            decision = evaluate(request);
            if (decisions.size() >= settings.maxCachedDecisions()) {
                decisions.clear();
            }
            decisions.put(key, decision);
        }
        return decision;
    }

    /** The decision, worked out afresh. */
    public Decision evaluate(PolicyRequest request) {
        ComplianceProfile profile = profile(request.tenantId());
        Resolution resolution = resolve(request.model());
        String licenseId = resolution.license() == null ? null : resolution.license().id();
        if (request.purpose() != null && !PURPOSE.matcher(request.purpose()).matches()) {
            return new Decision(Decision.Outcome.DENY, List.of(new Reason("builtin.request", Reason.Effect.DENY,
                    "invalid_purpose", "The purpose header (x-weightgate-purpose) must be a lower-case slug of at most "
                    + "64 characters, e.g. customer-support.", Map.of(), Map.of())), List.of(), licenseId, version);
        }
        EvaluationContext context = new EvaluationContext(request.tenantId(), profile, request.model(),
                resolution.normalizedId(), resolution.entry(), resolution.license(), resolution.licenseKeys(),
                request.purpose());
        Map<String, String> waived = Map.of();
        for (OrganisationRules.Compiled waiver : waivers) {
            if (waiver.matches(context)) {
                if (waived.isEmpty()) {
                    waived = new HashMap<>();
                }
                for (String rule : waiver.waives()) {
                    waived.putIfAbsent(rule, waiver.id());
                }
            }
        }
        DecisionBuilder decision = new DecisionBuilder(waived);
        for (CompiledRule rule : resolution.chain()) {
            rule.apply(context, decision);
        }
        for (OrganisationRules.Compiled rule : rules) {
            rule.apply(context, decision);
        }
        if (!profile.declared()) {
            decision.note("builtin.profile", "profile_not_declared", "The tenant has not declared a compliance profile: "
                    + "it is treated as commercial, with unknown jurisdiction and user numbers.", Map.of(), Map.of());
        }
        return decision.build(licenseId, version);
    }

    public ComplianceProfile profile(UUID tenantId) {
        ComplianceProfile profile = profiles.get(tenantId);
        return profile != null ? profile : ComplianceProfile.undeclared(tenantId, List.of());
    }

    public List<LicenseEntry> licenses() {
        return licenseList;
    }

    public Optional<LicenseEntry> license(String id) {
        return Optional.ofNullable(licenses.get(id));
    }

    public List<ModelEntry> models() {
        return models;
    }

    public Optional<ModelEntry> identify(String modelId) {
        return Optional.ofNullable(resolve(modelId).entry());
    }

    /**
     * What the catalog says about a model id: its entry and license (both {@code null} when no entry matches), the
     * obligations every request for it carries, and the restrictions that deny it to some tenants.
     */
    public ModelLicense describe(String modelId) {
        Resolution resolution = resolve(modelId);
        LicenseEntry license = resolution.license();
        // Evaluated for a tenant that triggers no tenant-specific rule (declared, non-commercial, outside any excluded
        // region, no purposes, every license accepted): what remains is what every request carries.
        List<LicenseAcceptance> accepted = license == null ? List.of()
                : List.of(new LicenseAcceptance(license.id(), "-", null, "-"));
        ComplianceProfile neutral = new ComplianceProfile(new UUID(0, 0), true, "ZZ", null, false, 0L, null, Set.of(),
                accepted, null, null);
        EvaluationContext context = new EvaluationContext(neutral.tenantId(), neutral, modelId,
                resolution.normalizedId(), resolution.entry(), license, resolution.licenseKeys(), null);
        DecisionBuilder builder = new DecisionBuilder(Map.of());
        resolution.chain().forEach(rule -> rule.apply(context, builder));
        List<String> restrictions = license == null
                ? (settings.unknownModel() == PolicyProperties.UnknownModel.DENY
                        ? List.of(BuiltinRules.UNKNOWN_MODEL + ": not in the catalog; denied to every tenant")
                        : List.of())
                : restrictions(resolution.entry(), license);
        return new ModelLicense(modelId, resolution.entry(), license, builder.obligations(), restrictions);
    }

    /** What GGUF metadata resolves to, and whether the license it declares agrees with the catalog. */
    public LicenseCatalog.GgufCheck checkGguf(Map<String, String> metadata) {
        List<String> names = new ArrayList<>();
        String basename = metadata.get("general.basename");
        String size = metadata.get("general.size_label");
        if (metadata.get("general.name") != null) {
            names.add(metadata.get("general.name"));
        }
        if (basename != null && size != null) {
            names.add(basename + "-" + size);
        }
        if (basename != null) {
            names.add(basename);
        }
        Optional<ModelEntry> entry = names.stream().map(matcher::match).flatMap(Optional::stream).findFirst();
        String declared = metadata.get("general.license.name") != null ? metadata.get("general.license.name")
                : metadata.get("general.license");
        if (entry.isEmpty()) {
            return new LicenseCatalog.GgufCheck(entry, declared, true, "No catalog entry matches " + names
                    + "; the model is treated as unknown.");
        }
        LicenseEntry license = licenses.get(entry.get().license());
        if (declared == null || declared.equalsIgnoreCase("other") || license == null) {
            return new LicenseCatalog.GgufCheck(entry, declared, true, "Catalog entry '" + entry.get().id()
                    + "' (license " + entry.get().license() + "); the file declares no specific license.");
        }
        String d = declared.strip().toLowerCase(Locale.ROOT);
        boolean consistent = d.equals(license.id().toLowerCase(Locale.ROOT))
                || (license.spdx() != null && d.equals(license.spdx().toLowerCase(Locale.ROOT)))
                || license.ggufLicenses().stream().anyMatch(g -> g.equalsIgnoreCase(d));
        return new LicenseCatalog.GgufCheck(entry, declared, consistent, consistent
                ? "Catalog entry '" + entry.get().id() + "' (license " + license.id() + ") agrees with the file's '"
                        + declared + "'."
                : "The file declares license '" + declared + "' but catalog entry '" + entry.get().id() + "' says "
                        + license.id() + "; keep the model out of service until the catalog or the file is corrected.");
    }

    private Resolution resolve(String modelId) {
        Resolution resolution = resolutions.get(modelId);
        if (resolution == null) {
            String normalized = ModelIds.normalize(modelId);
            ModelEntry entry = matcher.match(modelId).orElse(null);
            LicenseEntry license = entry == null ? null : licenses.get(entry.license());
            Set<String> keys = license == null ? Set.of("unknown")
                    : license.spdx() == null || license.spdx().equals(license.id()) ? Set.of(license.id())
                    : Set.of(license.id(), license.spdx());
            List<CompiledRule> chain = license == null ? unknownChain : chains.get(entry.id());
            resolution = new Resolution(normalized, license == null ? null : entry, license, keys, chain);
            if (resolutions.size() >= MAX_RESOLUTIONS) {
                resolutions.clear();
            }
            resolutions.put(modelId, resolution);
        }
        return resolution;
    }

    private List<String> restrictions(ModelEntry entry, LicenseEntry license) {
        LicenseEntry.Facts facts = license.facts();
        List<String> restrictions = new ArrayList<>();
        if (!Boolean.TRUE.equals(facts.commercialUse())) {
            restrictions.add(BuiltinRules.COMMERCIAL_USE + ": " + (facts.commercialUse() == null
                    ? "commercial use unverified; denied to commercial tenants" : "non-commercial use only"));
        }
        if (!Boolean.TRUE.equals(facts.commercialHosting())) {
            restrictions.add(BuiltinRules.COMMERCIAL_HOSTING + ": " + (facts.commercialHosting() == null
                    ? "hosting by a commercial entity unverified" : "no hosting by a commercial entity")
                    + (settings.operatorCommercial() ? "; denied on this gateway (operator is commercial)" : ""));
        }
        if (facts.mauCap() != null) {
            restrictions.add(BuiltinRules.MAU_CAP + ": tenants above " + facts.mauCap()
                    + " monthly active users need a separate license");
        }
        for (LicenseEntry.RegionExclusion exclusion : facts.excludedRegions()) {
            boolean applies = !"multimodal".equals(exclusion.appliesTo()) || !Boolean.FALSE.equals(entry.multimodal());
            restrictions.add(BuiltinRules.EXCLUDED_REGION + ": " + exclusion.region() + " excluded"
                    + ("multimodal".equals(exclusion.appliesTo()) ? " for multimodal models" : "")
                    + (applies ? " (applies to this model)" : " (does not apply to this model)"));
        }
        if (!facts.prohibitedPurposes().isEmpty()) {
            restrictions.add(BuiltinRules.PROHIBITED_PURPOSE + ": " + String.join(", ", facts.prohibitedPurposes()));
        }
        if (facts.aup() != null && Boolean.TRUE.equals(facts.aup().acceptanceRequired())) {
            restrictions.add(BuiltinRules.AUP_ACCEPTANCE + ": tenants must accept '" + license.id()
                    + "' before first use");
        }
        if ("no".equals(facts.outputsTrainOtherModels())) {
            restrictions.add(BuiltinRules.TRAINING_USE + ": outputs may not train other models (purpose model-training)");
        }
        return restrictions;
    }
}
