package dev.weightgate.policy.internal;

import dev.weightgate.policy.Obligation;
import dev.weightgate.policy.PolicyValidationException;
import dev.weightgate.policy.RuleDefinition;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Compiles organisation rules: each condition becomes a predicate over a hash set, built once per policy version, and
 * a rule is the conjunction of its predicates. Checking a definition and compiling it are the same step, so a rule
 * that is stored always compiles.
 */
final class OrganisationRules {

    static final Pattern RULE_ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");
    private static final Pattern CODE = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    private static final Set<String> EFFECTS = Set.of("deny", "obligate", "waive");

    private OrganisationRules() {
    }

    /** A compiled rule: deny and obligate rules run after the built-in chain; waive rules before it. */
    record Compiled(String id, String effect, List<Predicate<EvaluationContext>> conditions, String code, String message,
                    Obligation.Type obligationType, String obligationValue, boolean inResponse, Set<String> waives)
            implements CompiledRule {

        boolean matches(EvaluationContext context) {
            for (Predicate<EvaluationContext> condition : conditions) {
                if (!condition.test(context)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public void apply(EvaluationContext context, DecisionBuilder decision) {
            if (!matches(context)) {
                return;
            }
            Map<String, String> profile = context.attributes("purposes");
            switch (effect) {
                case "deny" -> decision.deny(id, code, message, Map.of(), profile);
                case "obligate" -> decision.obligate(id, obligationType, obligationValue, inResponse,
                        "Organisation rule '" + id + "' requires " + obligationType.code()
                                + (obligationValue == null ? "" : ": " + obligationValue), Map.of(), profile);
                default -> {
                    // waive rules act through the waiver map
                }
            }
        }
    }

    static Compiled compile(String id, RuleDefinition definition) {
        if (id == null || !RULE_ID.matcher(id).matches() || id.startsWith("builtin.")) {
            throw new PolicyValidationException("id", "A rule id has 1 to 100 characters a-z, 0-9, . _ - and does not "
                    + "start with 'builtin.'; got '" + id + "'.");
        }
        if (definition == null) {
            throw new PolicyValidationException("definition", "The rule needs a definition.");
        }
        String effect = definition.effect() == null ? null : definition.effect().toLowerCase(Locale.ROOT);
        if (!EFFECTS.contains(effect)) {
            throw new PolicyValidationException("effect", "'effect' is deny, obligate or waive.");
        }
        RuleDefinition.Conditions when = definition.when();
        List<Predicate<EvaluationContext>> conditions = new ArrayList<>();
        if (present(when.tenants())) {
            Set<UUID> tenants = new HashSet<>();
            for (String tenant : when.tenants()) {
                try {
                    tenants.add(UUID.fromString(tenant));
                } catch (IllegalArgumentException notAnId) {
                    throw new PolicyValidationException("when.tenants", "'" + tenant + "' is not a tenant id.");
                }
            }
            conditions.add(c -> tenants.contains(c.tenantId));
        }
        if (present(when.models())) {
            List<ModelIds.Glob> globs = when.models().stream().map(ModelIds.Glob::of).toList();
            conditions.add(c -> {
                for (ModelIds.Glob glob : globs) {
                    if (glob.matches(c.normalizedModelId)) {
                        return true;
                    }
                }
                return false;
            });
        }
        if (present(when.families())) {
            Set<String> families = Set.copyOf(when.families());
            conditions.add(c -> c.entry != null && families.contains(c.entry.family()));
        }
        if (present(when.licenses())) {
            Set<String> licenses = Set.copyOf(when.licenses());
            conditions.add(c -> intersects(c.licenseKeys, licenses));
        }
        if (present(when.licensesNot())) {
            Set<String> licenses = Set.copyOf(when.licensesNot());
            conditions.add(c -> !intersects(c.licenseKeys, licenses));
        }
        if (present(when.purposes())) {
            CatalogRules.checkSlugs(when.purposes(), "when.purposes", "");
            Set<String> purposes = Set.copyOf(when.purposes());
            conditions.add(c -> intersects(c.purposes, purposes));
        }
        if (present(when.jurisdictions())) {
            Set<String> jurisdictions = upper(when.jurisdictions(), "when.jurisdictions");
            conditions.add(c -> c.profile.jurisdiction() != null && jurisdictions.contains(c.profile.jurisdiction()));
        }
        if (present(when.regions())) {
            Set<String> regions = upper(when.regions(), "when.regions");
            conditions.add(c -> (c.profile.legalEntityRegion() != null && regions.contains(c.profile.legalEntityRegion()))
                    || (regions.contains("EU") && c.inEu));
        }
        if (present(when.industries())) {
            Set<String> industries = new HashSet<>();
            when.industries().forEach(i -> industries.add(i.strip().toLowerCase(Locale.ROOT)));
            conditions.add(c -> c.profile.industry() != null
                    && industries.contains(c.profile.industry().toLowerCase(Locale.ROOT)));
        }
        if (when.commercial() != null) {
            boolean commercial = when.commercial();
            conditions.add(c -> c.commercial() == commercial);
        }

        String code = null;
        String message = null;
        Obligation.Type type = null;
        String value = null;
        boolean inResponse = false;
        Set<String> waives = Set.of();
        switch (effect) {
            case "deny" -> {
                code = definition.code() == null ? "policy_denied" : definition.code();
                if (!CODE.matcher(code).matches()) {
                    throw new PolicyValidationException("code", "'code' is a snake_case word of at most 64 characters.");
                }
                message = definition.message();
                if (message == null || message.isBlank() || message.length() > 1000) {
                    throw new PolicyValidationException("message", "A deny rule needs a 'message' of 1 to 1000 "
                            + "characters; clients see it.");
                }
            }
            case "obligate" -> {
                if (definition.obligation() == null || definition.obligation().type() == null) {
                    throw new PolicyValidationException("obligation.type", "An obligate rule needs 'obligation.type'.");
                }
                try {
                    type = Obligation.Type.parse(definition.obligation().type());
                } catch (IllegalArgumentException e) {
                    throw new PolicyValidationException("obligation.type", "Unknown obligation type '"
                            + definition.obligation().type() + "'.");
                }
                value = definition.obligation().value();
                if (value != null && value.length() > 1000) {
                    throw new PolicyValidationException("obligation.value", "'obligation.value' has at most 1000 "
                            + "characters.");
                }
                if (value == null && (type == Obligation.Type.ATTRIBUTION || type == Obligation.Type.PASS_TERMS_DOWNSTREAM)) {
                    throw new PolicyValidationException("obligation.value", "A " + type.code() + " obligation needs "
                            + "'obligation.value' (the text or the terms URL).");
                }
                inResponse = Boolean.TRUE.equals(definition.obligation().inResponse());
            }
            default -> {
                if (definition.waives().isEmpty()) {
                    throw new PolicyValidationException("waives", "A waive rule names the built-in rules it waives.");
                }
                for (String waived : definition.waives()) {
                    if (!BuiltinRules.DESCRIPTIONS.containsKey(waived)) {
                        throw new PolicyValidationException("waives", "'" + waived + "' is not a built-in rule; they are "
                                + BuiltinRules.DESCRIPTIONS.keySet() + ".");
                    }
                }
                waives = Set.copyOf(definition.waives());
            }
        }
        return new Compiled(id, effect, List.copyOf(conditions), code, message, type, value, inResponse, waives);
    }

    private static boolean present(Set<String> values) {
        return values != null && !values.isEmpty();
    }

    private static Set<String> upper(Set<String> values, String field) {
        Set<String> upper = new HashSet<>();
        for (String value : values) {
            String v = value == null ? "" : value.strip().toUpperCase(Locale.ROOT);
            if (!v.matches("[A-Z]{2,10}")) {
                throw new PolicyValidationException(field, "'" + value + "' is not a country or region code.");
            }
            upper.add(v);
        }
        return upper;
    }

    private static boolean intersects(Set<String> a, Set<String> b) {
        Set<String> small = a.size() <= b.size() ? a : b;
        Set<String> large = small == a ? b : a;
        for (String value : small) {
            if (large.contains(value)) {
                return true;
            }
        }
        return false;
    }
}
