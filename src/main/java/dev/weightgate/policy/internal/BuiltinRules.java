package dev.weightgate.policy.internal;

import dev.weightgate.policy.LicenseEntry;
import dev.weightgate.policy.ModelEntry;
import dev.weightgate.policy.Obligation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The rules derived from license facts. Each model entry gets its own chain, compiled once per policy version: a
 * rule whose fact does not apply to the license is simply not in the chain, so deciding only runs the checks that can
 * fire. Unknown facts ({@code null}) are read conservatively, as each rule says.
 */
final class BuiltinRules {

    static final String UNKNOWN_MODEL = "builtin.unknown-model";
    static final String COMMERCIAL_USE = "builtin.commercial-use";
    static final String COMMERCIAL_HOSTING = "builtin.commercial-hosting";
    static final String MAU_CAP = "builtin.mau-cap";
    static final String EXCLUDED_REGION = "builtin.excluded-region";
    static final String PROHIBITED_PURPOSE = "builtin.prohibited-purpose";
    static final String AUP_ACCEPTANCE = "builtin.aup-acceptance";
    static final String TRAINING_USE = "builtin.training-use";
    static final String ATTRIBUTION = "builtin.attribution";
    static final String PASS_TERMS = "builtin.pass-terms-downstream";
    static final String AI_LABEL = "builtin.ai-generated-label";
    static final String UNVERIFIED = "builtin.unverified-facts";

    /** Every built-in rule, with what it does, in evaluation order. */
    static final Map<String, String> DESCRIPTIONS = descriptions();

    private static final Set<String> WEAK = Set.of("secondary", "unverified", "interpretation");

    private record Rule(String id, BiConsumer<EvaluationContext, DecisionBuilder> body) implements CompiledRule {
        @Override
        public void apply(EvaluationContext context, DecisionBuilder decision) {
            body.accept(context, decision);
        }
    }

    private BuiltinRules() {
    }

    /** The chain for a model the catalog does not know. */
    static List<CompiledRule> forUnknownModel(PolicyProperties settings) {
        List<CompiledRule> chain = new ArrayList<>();
        if (settings.unknownModel() == PolicyProperties.UnknownModel.DENY) {
            chain.add(new Rule(UNKNOWN_MODEL, (c, d) -> d.deny(UNKNOWN_MODEL, "license_unknown", "Model '" + c.modelId
                    + "' is not in the license catalog, and this gateway refuses models whose license has not been "
                    + "reviewed (weightgate.policy.unknown-model=deny).", Map.of(), Map.of())));
        } else {
            chain.add(new Rule(UNKNOWN_MODEL, (c, d) -> d.obligate(UNKNOWN_MODEL, Obligation.Type.LICENSE_UNREVIEWED,
                    "Model '" + c.modelId + "' is not in the license catalog", false, "Model '" + c.modelId
                            + "' is not in the license catalog; it is allowed unreviewed "
                            + "(weightgate.policy.unknown-model=allow).", Map.of(), Map.of())));
        }
        aiLabel(chain, settings);
        return List.copyOf(chain);
    }

    /** The chain for a catalog entry under a known license. */
    static List<CompiledRule> forModel(ModelEntry model, LicenseEntry license, PolicyProperties settings) {
        LicenseEntry.Facts facts = license.facts();
        String name = license.name() + " (" + license.id() + ")";
        List<CompiledRule> chain = new ArrayList<>();

        if (!Boolean.TRUE.equals(facts.commercialUse())) {
            Map<String, String> used = fact(license, "commercial_use", facts.commercialUse());
            String why = facts.commercialUse() == null
                    ? "Whether the " + name + " allows commercial use is not verified, so commercial tenants may not "
                            + "use model '%s' until a platform administrator records the verified facts."
                    : "The " + name + " allows non-commercial use only (research or evaluation), and this tenant uses "
                            + "models commercially; model '%s' needs a commercial license from its licensor.";
            String code = facts.commercialUse() == null ? "license_terms_unverified" : "license_non_commercial";
            chain.add(new Rule(COMMERCIAL_USE, (c, d) -> {
                if (c.commercial()) {
                    d.deny(COMMERCIAL_USE, code, why.replace("%s", c.modelId), used, c.attributes("commercial"));
                }
            }));
        }

        if (!Boolean.TRUE.equals(facts.commercialHosting()) && settings.operatorCommercial()) {
            Map<String, String> used = fact(license, "commercial_hosting", facts.commercialHosting());
            String code = facts.commercialHosting() == null ? "license_terms_unverified" : "license_hosting_not_permitted";
            String why = (facts.commercialHosting() == null
                    ? "Whether the " + name + " lets a commercial entity host the model as a service is not verified"
                    : "The " + name + " does not let a commercial entity host the model as a service")
                    + ", and this gateway is run by one (weightgate.policy.operator-commercial=true).";
            chain.add(new Rule(COMMERCIAL_HOSTING, (c, d) -> d.deny(COMMERCIAL_HOSTING, code, why, used, Map.of())));
        }

        if (facts.mauCap() != null) {
            long cap = facts.mauCap();
            Map<String, String> used = fact(license, "mau_cap", cap + " (" + (facts.mauCapBasis() == null
                    ? "basis unknown" : "measured " + facts.mauCapBasis()) + ")");
            chain.add(new Rule(MAU_CAP, (c, d) -> {
                Long mau = c.profile.monthlyActiveUsers();
                if (mau != null && mau > cap) {
                    d.deny(MAU_CAP, "license_mau_cap_exceeded", "The tenant declares " + mau
                            + " monthly active users; above " + cap + " the " + name
                            + " requires a separate license from its licensor.", used,
                            c.attributes("monthly_active_users"));
                } else if (mau == null) {
                    d.note(MAU_CAP, "mau_not_declared", "The " + name + " caps monthly active users at " + cap
                            + "; the tenant has not declared its number.", used, c.attributes("monthly_active_users"));
                }
            }));
        }

        for (LicenseEntry.RegionExclusion exclusion : facts.excludedRegions()) {
            boolean multimodalOnly = "multimodal".equals(exclusion.appliesTo());
            // An entry whose modality is unknown is read as multimodal: the exclusion applies.
            if (multimodalOnly && Boolean.FALSE.equals(model.multimodal())) {
                continue;
            }
            Map<String, String> used = new LinkedHashMap<>(fact(license, "excluded_regions", exclusion.region()
                    + (multimodalOnly ? " (multimodal models)" : "")));
            used.put("model_multimodal", String.valueOf(model.multimodal()));
            String region = exclusion.region();
            chain.add(new Rule(EXCLUDED_REGION, (c, d) -> {
                if (!c.located) {
                    d.deny(EXCLUDED_REGION, "compliance_profile_required", "The " + name + " withholds model '"
                            + c.modelId + "' from licensees in " + region + "; the tenant must declare its "
                            + "jurisdiction or legal-entity region in its compliance profile before using it.", used,
                            c.attributes("jurisdiction", "legal_entity_region"));
                } else if (Regions.within(region, c.profile.jurisdiction(), c.profile.legalEntityRegion())) {
                    d.deny(EXCLUDED_REGION, "license_region_excluded", "The " + name + " grants no rights in model '"
                            + c.modelId + "' to individuals domiciled in, or companies with their principal place of "
                            + "business in, " + region + " (" + exclusion.basis() + ").", used,
                            c.attributes("jurisdiction", "legal_entity_region"));
                }
            }));
        }

        if (!facts.prohibitedPurposes().isEmpty()) {
            Set<String> prohibited = Set.copyOf(facts.prohibitedPurposes());
            String policy = facts.aup() != null && facts.aup().url() != null ? facts.aup().url() : name;
            Map<String, String> used = fact(license, "prohibited_purposes", String.join(",", facts.prohibitedPurposes()));
            chain.add(new Rule(PROHIBITED_PURPOSE, (c, d) -> {
                for (String purpose : c.purposes) {
                    if (prohibited.contains(purpose)) {
                        d.deny(PROHIBITED_PURPOSE, "license_purpose_prohibited", "The purpose '" + purpose
                                + "' is prohibited for model '" + c.modelId + "' by " + policy + ".", used,
                                c.attributes("purposes"));
                        return;
                    }
                }
            }));
        }

        if (facts.aup() != null && Boolean.TRUE.equals(facts.aup().acceptanceRequired()) && settings.enforceAcceptance()) {
            Map<String, String> used = fact(license, "aup", facts.aup().url() + " (acceptance required)");
            String terms = license.text().url() != null ? license.text().url() : name;
            chain.add(new Rule(AUP_ACCEPTANCE, (c, d) -> {
                if (!c.profile.hasAccepted(license.id())) {
                    d.deny(AUP_ACCEPTANCE, "license_acceptance_required", "Before first use of model '" + c.modelId
                            + "', a tenant administrator must accept the " + name + " (" + terms + ")"
                            + (facts.aup().url() == null ? "" : " and its acceptable-use policy (" + facts.aup().url() + ")")
                            + ": POST /admin/v1/tenants/" + c.tenantId + "/license-acceptances with {\"license\":\""
                            + license.id() + "\",\"accepted_by\":\"<name>\"}.", used, c.attributes("accepted_terms"));
                }
            }));
        }

        String outputs = facts.outputsTrainOtherModels();
        if (!"yes".equals(outputs)) {
            Map<String, String> used = fact(license, "outputs_train_other_models", outputs);
            String restriction = facts.outputsTrainingConditions() != null ? facts.outputsTrainingConditions()
                    : "Whether outputs may train other models is not verified for the " + name + ".";
            chain.add(new Rule(TRAINING_USE, (c, d) -> {
                if ("no".equals(outputs) && c.purposes.contains("model-training")) {
                    d.deny(TRAINING_USE, "license_training_prohibited", "The " + name
                            + " forbids using outputs to train other models, and this request is for model-training: "
                            + restriction, used, c.attributes("purposes"));
                } else {
                    d.obligate(TRAINING_USE, Obligation.Type.TRAINING_RESTRICTION, restriction, false,
                            "Outputs of model '" + c.modelId + "' carry a training-use restriction: " + restriction,
                            used, Map.of());
                }
            }));
        }

        if (facts.attribution() != null) {
            Map<String, String> used = fact(license, "attribution", facts.attribution());
            chain.add(new Rule(ATTRIBUTION, (c, d) -> d.obligate(ATTRIBUTION, Obligation.Type.ATTRIBUTION,
                    facts.attribution(), settings.attributionInResponse(), "The " + name + " asks services that make "
                            + "the model available to display \"" + facts.attribution() + "\".", used, Map.of())));
        }

        if (!Boolean.FALSE.equals(facts.passTermsDownstream())) {
            Map<String, String> used = fact(license, "pass_terms_downstream", facts.passTermsDownstream());
            String terms = facts.aup() != null && facts.aup().url() != null ? facts.aup().url()
                    : license.text().url() != null ? license.text().url() : license.id();
            String why = facts.passTermsDownstream() == null
                    ? "Whether the " + name + " must bind downstream users is not verified; its terms are passed on."
                    : "The " + name + " requires its terms and use restrictions to bind the users the model is made "
                            + "available to.";
            chain.add(new Rule(PASS_TERMS, (c, d) -> d.obligate(PASS_TERMS, Obligation.Type.PASS_TERMS_DOWNSTREAM,
                    terms, false, why, used, Map.of())));
        }

        aiLabel(chain, settings);

        List<String> weak = new ArrayList<>();
        if (model.verification() != null && WEAK.contains(model.verification())) {
            weak.add("model mapping (" + model.verification() + ")");
        }
        for (String decisive : List.of("commercial_use", "commercial_hosting", "mau_cap", "excluded_regions")) {
            String level = license.verificationOf(decisive);
            if (WEAK.contains(level)) {
                weak.add(decisive + " (" + level + ")");
            }
        }
        if (!weak.isEmpty()) {
            String detail = "Relied on facts not verified from the publisher: " + String.join(", ", weak);
            chain.add(new Rule(UNVERIFIED, (c, d) -> d.obligate(UNVERIFIED, Obligation.Type.LICENSE_UNVERIFIED, detail,
                    false, detail + "; legal review recommended.", Map.of("verification", String.join(", ", weak)),
                    Map.of())));
        }
        return List.copyOf(chain);
    }

    private static void aiLabel(List<CompiledRule> chain, PolicyProperties settings) {
        switch (settings.aiLabel()) {
            case NEVER -> {
            }
            case ALWAYS -> chain.add(new Rule(AI_LABEL, (c, d) -> d.obligate(AI_LABEL, Obligation.Type.AI_GENERATED_LABEL,
                    "true", settings.aiMarkerInResponse(), "Outputs are labelled as AI-generated "
                            + "(weightgate.policy.ai-label=always).", Map.of(), Map.of())));
            case EU -> chain.add(new Rule(AI_LABEL, (c, d) -> {
                if (c.inEu) {
                    d.obligate(AI_LABEL, Obligation.Type.AI_GENERATED_LABEL, "true", settings.aiMarkerInResponse(),
                            "EU AI Act article 50: synthetic text must be marked as artificially generated for a "
                                    + "tenant in the EU.", Map.of(), c.attributes("jurisdiction", "legal_entity_region"));
                }
            }));
        }
    }

    private static Map<String, String> fact(LicenseEntry license, String fact, Object value) {
        return Map.of(fact, (value == null ? "unknown" : value) + " [" + license.verificationOf(fact) + "]");
    }

    private static Map<String, String> descriptions() {
        Map<String, String> all = new LinkedHashMap<>();
        all.put(UNKNOWN_MODEL, "A model not in the catalog is allowed with obligation license_unreviewed, or denied "
                + "(license_unknown), per weightgate.policy.unknown-model.");
        all.put(COMMERCIAL_USE, "Denies commercial tenants (and tenants that have not declared) a license that allows "
                + "non-commercial use only (license_non_commercial) or whose commercial terms are unverified "
                + "(license_terms_unverified).");
        all.put(COMMERCIAL_HOSTING, "Denies every tenant a license that forbids hosting by a commercial entity when the "
                + "operator is one (license_hosting_not_permitted).");
        all.put(MAU_CAP, "Denies a tenant declaring more monthly active users than the license's cap "
                + "(license_mau_cap_exceeded).");
        all.put(EXCLUDED_REGION, "Denies tenants located in a region the license excludes for this model "
                + "(license_region_excluded), and tenants that have not declared where they are "
                + "(compliance_profile_required).");
        all.put(PROHIBITED_PURPOSE, "Denies a purpose the license or its acceptable-use policy prohibits "
                + "(license_purpose_prohibited).");
        all.put(AUP_ACCEPTANCE, "Denies until the tenant has accepted the license and its acceptable-use policy "
                + "(license_acceptance_required), where the catalog requires acceptance.");
        all.put(TRAINING_USE, "Records a training-use restriction on outputs (obligation training_restriction); denies "
                + "model-training where outputs may not train other models (license_training_prohibited).");
        all.put(ATTRIBUTION, "Obligates the license's attribution text (header x-weightgate-attribution).");
        all.put(PASS_TERMS, "Obligates passing the license's terms to downstream users (header "
                + "x-weightgate-license-terms); also when unverified.");
        all.put(AI_LABEL, "Obligates the AI-generated label (header x-weightgate-ai-generated) for tenants in the EU, "
                + "or always or never per weightgate.policy.ai-label.");
        all.put(UNVERIFIED, "Records (obligation license_unverified) when a decisive fact or the model mapping rests "
                + "on secondary sources or interpretation.");
        return java.util.Collections.unmodifiableMap(all);
    }
}
