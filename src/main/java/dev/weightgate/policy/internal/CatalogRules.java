package dev.weightgate.policy.internal;

import dev.weightgate.policy.LicenseEntry;
import dev.weightgate.policy.ModelEntry;
import dev.weightgate.policy.PolicyValidationException;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** What a well-formed license or model entry is, for the catalog file and for administrators' changes alike. */
final class CatalogRules {

    static final Set<String> VERIFICATION_LEVELS = Set.of("publisher", "copy", "secondary", "interpretation", "policy",
            "unverified");
    static final Set<String> FACTS = Set.of("default", "commercial_use", "mau_cap", "mau_cap_basis", "excluded_regions",
            "attribution", "aup", "pass_terms_downstream", "outputs_train_other_models", "outputs_training_conditions",
            "fine_tuning", "redistribution", "commercial_hosting", "prohibited_purposes", "notice");
    static final Pattern LICENSE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,99}");
    static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private CatalogRules() {
    }

    static void checkCatalog(List<LicenseEntry> licenses, List<ModelEntry> models) {
        Set<String> licenseIds = new HashSet<>();
        for (LicenseEntry license : licenses) {
            checkLicense(license);
            if (!licenseIds.add(license.id())) {
                throw new PolicyValidationException("id", "license '" + license.id() + "' appears twice");
            }
        }
        Set<String> modelIds = new HashSet<>();
        for (ModelEntry model : models) {
            checkModel(model, licenseIds);
            if (!modelIds.add(model.id())) {
                throw new PolicyValidationException("id", "model entry '" + model.id() + "' appears twice");
            }
        }
    }

    static void checkLicense(LicenseEntry license) {
        if (license.id() == null || !LICENSE_ID.matcher(license.id()).matches()) {
            throw new PolicyValidationException("id", "a license id has 1 to 100 letters, digits and . _ + -; got '"
                    + license.id() + "'");
        }
        String where = "license '" + license.id() + "': ";
        if (license.name() == null || license.name().isBlank()) {
            throw new PolicyValidationException("name", where + "needs a name");
        }
        if (license.text() == null) {
            throw new PolicyValidationException("text", where + "needs a text location (url, repo, path, commit; "
                    + "null values where unknown)");
        }
        LicenseEntry.Facts facts = license.facts();
        if (facts == null) {
            throw new PolicyValidationException("facts", where + "needs facts (null values where unknown)");
        }
        for (Map.Entry<String, String> level : license.verification().entrySet()) {
            if (!FACTS.contains(level.getKey())) {
                throw new PolicyValidationException("verification", where + "verification names unknown fact '"
                        + level.getKey() + "'");
            }
            if (!VERIFICATION_LEVELS.contains(level.getValue())) {
                throw new PolicyValidationException("verification", where + "verification level '" + level.getValue()
                        + "' is not one of " + VERIFICATION_LEVELS);
            }
        }
        if (facts.outputsTrainOtherModels() != null
                && !Set.of("yes", "no", "with-conditions").contains(facts.outputsTrainOtherModels())) {
            throw new PolicyValidationException("facts.outputs_train_other_models", where
                    + "outputs_train_other_models is yes, no, with-conditions or null");
        }
        if (facts.mauCap() != null && facts.mauCap() <= 0) {
            throw new PolicyValidationException("facts.mau_cap", where + "mau_cap must be positive");
        }
        if (facts.mauCapBasis() != null && !Set.of("release-date", "running").contains(facts.mauCapBasis())) {
            throw new PolicyValidationException("facts.mau_cap_basis", where + "mau_cap_basis is release-date or running");
        }
        for (LicenseEntry.RegionExclusion exclusion : facts.excludedRegions()) {
            if (exclusion.region() == null || !exclusion.region().matches("EU|[A-Z]{2}")) {
                throw new PolicyValidationException("facts.excluded_regions", where
                        + "an excluded region is EU or an ISO 3166-1 alpha-2 code");
            }
            if (!Set.of("all", "multimodal").contains(exclusion.appliesTo())) {
                throw new PolicyValidationException("facts.excluded_regions", where + "applies_to is all or multimodal");
            }
        }
        checkSlugs(facts.prohibitedPurposes(), "facts.prohibited_purposes", where);
    }

    static void checkModel(ModelEntry model, Collection<String> licenseIds) {
        if (model.id() == null || model.id().isBlank() || model.id().length() > 300 || model.id().chars()
                .anyMatch(Character::isWhitespace)) {
            throw new PolicyValidationException("id", "a model entry id has 1 to 300 characters and no spaces");
        }
        String where = "model entry '" + model.id() + "': ";
        if (model.license() == null || !licenseIds.contains(model.license())) {
            throw new PolicyValidationException("license", where + "names license '" + model.license()
                    + "', which is not in the catalog");
        }
        if (model.sha256() != null && !SHA256.matcher(model.sha256()).matches()) {
            throw new PolicyValidationException("sha256", where + "sha256 is 64 lower-case hex digits");
        }
        if (model.verification() != null && !VERIFICATION_LEVELS.contains(model.verification())) {
            throw new PolicyValidationException("verification", where + "verification level '" + model.verification()
                    + "' is not one of " + VERIFICATION_LEVELS);
        }
        for (String pattern : model.match()) {
            if (pattern == null || pattern.isBlank() || pattern.length() > 300) {
                throw new PolicyValidationException("match", where + "has an empty or over-long pattern");
            }
        }
    }

    static void checkSlugs(Collection<String> values, String field, String where) {
        for (String value : values) {
            if (value == null || !SLUG.matcher(value).matches()) {
                throw new PolicyValidationException(field, where + "'" + value
                        + "' is not a lower-case slug (a-z, 0-9, . _ -; at most 64)");
            }
        }
    }
}
