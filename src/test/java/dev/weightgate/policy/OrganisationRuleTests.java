package dev.weightgate.policy;

import static dev.weightgate.policy.PolicyFixtures.rule;
import static dev.weightgate.policy.PolicyFixtures.tenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weightgate.policy.PolicyFixtures.Tenant;
import dev.weightgate.policy.internal.PolicyEngine;
import dev.weightgate.policy.internal.StoredRule;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Rules an administrator adds, in allow/deny pairs, on top of the built-in license rules. */
class OrganisationRuleTests {

    static RuleDefinition onlyApacheAndMit(Tenant tenant) {
        return new RuleDefinition("Only Apache-2.0 and MIT models", new RuleDefinition.Conditions(
                Set.of(tenant.id().toString()), null, null, null, Set.of("Apache-2.0", "MIT"), null, null, null, null,
                null), "deny", "org_license_not_allowed", "This tenant may use only Apache-2.0 and MIT models.", null,
                null);
    }

    static RuleDefinition medicalAdviceNeedsReview() {
        return new RuleDefinition("Medical advice needs human review", new RuleDefinition.Conditions(null, null, null,
                null, null, Set.of("medical-advice"), null, null, null, null), "obligate", null, null,
                new RuleDefinition.ObligationSpec("human_review", "A clinician reviews every answer.", false), null);
    }

    static Decision decide(List<StoredRule> rules, Tenant tenant, String model, String purpose) {
        return PolicyFixtures.engine(PolicyFixtures.settings(), rules, tenant)
                .decide(new PolicyRequest(tenant.id(), model, purpose));
    }

    @Nested
    class PermissiveLicensesOnly {

        final Tenant acme = tenant().accepted("llama-3.1-community");
        final List<StoredRule> rules = List.of(rule("acme-permissive-only", onlyApacheAndMit(acme)));

        @Test
        void apacheModelIsAllowed() {
            assertThat(decide(rules, acme, "Qwen/Qwen3-8B", null).allowed()).isTrue();
        }

        @Test
        void apacheWithUsagePolicyCountsAsApacheBySpdxId() {
            assertThat(decide(rules, acme, "gpt-oss-20b", null).allowed()).isTrue();
        }

        @Test
        void mitModelIsAllowed() {
            assertThat(decide(rules, acme, "microsoft/phi-4", null).allowed()).isTrue();
        }

        @Test
        void llamaIsDeniedWithTheRulesCodeAndMessage() {
            Decision decision = decide(rules, acme, "meta-llama/Llama-3.1-8B-Instruct", null);
            assertThat(decision.denial()).hasValueSatisfying(d -> {
                assertThat(d.code()).isEqualTo("org_license_not_allowed");
                assertThat(d.message()).startsWith("This tenant may use only Apache-2.0 and MIT models.");
            });
            assertThat(decision.summary()).contains("acme-permissive-only:org_license_not_allowed");
        }

        @Test
        void modelOfUnknownLicenseIsDenied() {
            assertThat(decide(rules, acme, "acme/support-bot", null).denial()).hasValueSatisfying(
                    d -> assertThat(d.code()).isEqualTo("org_license_not_allowed"));
        }

        @Test
        void otherTenantsAreNotAffected() {
            Tenant other = tenant().accepted("llama-3.1-community");
            assertThat(decide(rules, other, "meta-llama/Llama-3.1-8B-Instruct", null).allowed()).isTrue();
        }
    }

    @Nested
    class MedicalAdvice {

        final List<StoredRule> rules = List.of(rule("medical-review", medicalAdviceNeedsReview()));

        @Test
        void medicalAdviceIsAllowedWithHumanReview() {
            Decision decision = decide(rules, tenant(), "gpt-oss-20b", "medical-advice");
            assertThat(decision.allowed()).isTrue();
            assertThat(decision.obligations()).extracting(Obligation::type).containsExactly(Obligation.Type.HUMAN_REVIEW);
            assertThat(decision.headers()).containsEntry("x-weightgate-human-review", "required");
        }

        @Test
        void otherPurposesNeedNoReview() {
            assertThat(decide(rules, tenant(), "gpt-oss-20b", "customer-support").obligations()).isEmpty();
        }

        @Test
        void declaredPurposeAppliesWhenTheRequestNamesNone() {
            Decision decision = decide(rules, tenant().purposes("medical-advice"), "gpt-oss-20b", null);
            assertThat(decision.headers()).containsKey("x-weightgate-human-review");
        }
    }

    @Nested
    class Waivers {

        @Test
        void separateLicenseWaivesTheMauCapForThatTenant() {
            Tenant giant = tenant().users(900_000_000L).accepted("llama-3.1-community");
            List<StoredRule> rules = List.of(rule("giant-meta-license", new RuleDefinition("Separate license from Meta",
                    new RuleDefinition.Conditions(Set.of(giant.id().toString()), null, null, Set.of("llama-3.1-community"),
                            null, null, null, null, null, null), "waive", null, null, null, List.of("builtin.mau-cap"))));

            Decision decision = decide(rules, giant, "meta-llama/Llama-3.1-8B-Instruct", null);
            assertThat(decision.allowed()).isTrue();
            assertThat(decision.summary()).contains("waived:builtin.mau-cap:license_mau_cap_exceeded");
        }

        @Test
        void withoutTheWaiverTheCapDenies() {
            Tenant giant = tenant().users(900_000_000L).accepted("llama-3.1-community");
            assertThat(decide(List.of(), giant, "meta-llama/Llama-3.1-8B-Instruct", null).allowed()).isFalse();
        }
    }

    @Nested
    class Validation {

        PolicyEngine compile(RuleDefinition definition) {
            return PolicyFixtures.engine(PolicyFixtures.settings(), List.of(rule("r", definition)));
        }

        void assertInvalid(String field, RuleDefinition definition) {
            // Rules are validated by compiling them; the administration API stores only rules that compile.
            assertThatThrownBy(() -> dev.weightgate.policy.internal.RuleChecks.check("r", definition))
                    .isInstanceOf(PolicyValidationException.class)
                    .satisfies(e -> assertThat(((PolicyValidationException) e).field()).isEqualTo(field));
        }

        @Test
        void unknownEffectIsRefused() {
            assertInvalid("effect", new RuleDefinition("x", null, "allow-always", null, null, null, null));
        }

        @Test
        void denyWithoutMessageIsRefused() {
            assertInvalid("message", new RuleDefinition("x", null, "deny", null, null, null, null));
        }

        @Test
        void waiverOfAnUnknownBuiltinIsRefused() {
            assertInvalid("waives", new RuleDefinition("x", null, "waive", null, null, null, List.of("builtin.nope")));
        }

        @Test
        void tenantConditionMustBeAnId() {
            assertInvalid("when.tenants", new RuleDefinition("x", new RuleDefinition.Conditions(Set.of("acme"), null,
                    null, null, null, null, null, null, null, null), "deny", null, "no", null, null));
        }

        @Test
        void unknownObligationTypeIsRefused() {
            assertInvalid("obligation.type", new RuleDefinition("x", null, "obligate", null, null,
                    new RuleDefinition.ObligationSpec("sing-a-song", null, null), null));
        }

        @Test
        void validRuleCompiles() {
            assertThat(compile(medicalAdviceNeedsReview()).version()).isEqualTo(1);
        }
    }

    @Test
    void fiftyRulesThatDoNotApplyChangeNothing() {
        Tenant acme = tenant().accepted("llama-3.1-community");
        Decision plain = decide(List.of(), acme, "meta-llama/Llama-3.1-8B-Instruct", "customer-support");
        Decision withRules = decide(PolicyFixtures.fiftyRules(acme.id()), acme, "meta-llama/Llama-3.1-8B-Instruct",
                "customer-support");
        assertThat(withRules.obligations()).isEqualTo(plain.obligations());
        assertThat(withRules.outcome()).isEqualTo(plain.outcome());
    }
}
