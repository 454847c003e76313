package dev.weightgate.policy;

import static dev.weightgate.policy.PolicyFixtures.tenant;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weightgate.policy.PolicyFixtures.Tenant;
import dev.weightgate.policy.internal.PolicyProperties;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every shipped license against tenants that must be allowed, denied and obligated. Each row names the model (as a
 * client would ask for it), the tenant, the request's purpose, and what must come out: the outcome, the deciding
 * denial code, the license the model resolved to, and the exact set of obligation types.
 */
class LicenseDecisionTableTests {

    static final String ALLOW = "ALLOW";

    /** One row: {@code expect} is ALLOW or the denial code. */
    record Row(String model, Tenant tenant, String purpose, PolicyProperties settings, String license, String expect,
               Set<String> obligations) {

        @Override
        public String toString() {
            return model + " | " + tenant + (purpose == null ? "" : " | purpose=" + purpose) + " -> " + expect
                    + (obligations.isEmpty() ? "" : " " + obligations);
        }
    }

    static Row row(String model, Tenant tenant, String purpose, String license, String expect, String... obligations) {
        return new Row(model, tenant, purpose, PolicyFixtures.settings(), license, expect, Set.of(obligations));
    }

    static Row row(PolicyProperties settings, String model, Tenant tenant, String purpose, String license, String expect,
                   String... obligations) {
        return new Row(model, tenant, purpose, settings, license, expect, Set.of(obligations));
    }

    static final String LLAMA31 = "llama-3.1-community";
    static final String LLAMA32 = "llama-3.2-community";
    static final String LLAMA4 = "llama-4-community";
    static final String GEMMA = "gemma-terms-of-use";
    static final String DEEPSEEK = "deepseek-license-1.0";
    static final String MRL = "mistral-research-license-0.1";

    static Stream<Row> rows() {
        return Stream.of(
                // gpt-oss: Apache-2.0 with a one-sentence usage policy.
                row("gpt-oss-20b", tenant(), null, "gpt-oss-apache-2.0", ALLOW),
                row("openai/gpt-oss-120b", tenant().in("DE"), null, "gpt-oss-apache-2.0", ALLOW, "ai_generated_label"),

                // Llama 3.1: attribution, terms downstream, 700M MAU, AUP accepted before first use.
                row("meta-llama/Llama-3.1-8B-Instruct", tenant().accepted(LLAMA31), null, LLAMA31, ALLOW,
                        "attribution", "pass_terms_downstream", "training_restriction"),
                row("meta-llama/Llama-3.1-8B-Instruct", tenant(), null, LLAMA31, "license_acceptance_required"),
                row("llama3.1:70b", tenant().users(800_000_000L).accepted(LLAMA31), null, LLAMA31,
                        "license_mau_cap_exceeded"),
                row("llama3.1:8b", tenant().users(700_000_000L).accepted(LLAMA31), null, LLAMA31, ALLOW,
                        "attribution", "pass_terms_downstream", "training_restriction"),
                row("llama-3.1-405b-instruct", tenant().accepted(LLAMA31), "military", LLAMA31,
                        "license_purpose_prohibited"),
                row("llama-3.1-8b-instruct", tenant().in("FR").accepted(LLAMA31), null, LLAMA31, ALLOW,
                        "attribution", "pass_terms_downstream", "training_restriction", "ai_generated_label"),

                // Llama 3.2: the EU clause covers the multimodal (Vision) models only.
                row("meta-llama/Llama-3.2-11B-Vision-Instruct", tenant().in("FR").accepted(LLAMA32), null, LLAMA32,
                        "license_region_excluded"),
                row("llama3.2-vision:90b", tenant().accepted(LLAMA32), null, LLAMA32, ALLOW,
                        "attribution", "pass_terms_downstream", "training_restriction"),
                row("meta-llama/Llama-3.2-3B-Instruct", tenant().in("FR").accepted(LLAMA32), null, LLAMA32, ALLOW,
                        "attribution", "pass_terms_downstream", "training_restriction", "ai_generated_label"),
                row("meta-llama/Llama-3.2-11B-Vision-Instruct", tenant().in(null).accepted(LLAMA32), null, LLAMA32,
                        "compliance_profile_required"),
                row("meta-llama/Llama-3.2-1B", tenant().accepted(LLAMA32), "safety-circumvention", LLAMA32,
                        "license_purpose_prohibited"),

                // Llama 3.3: the same AUP clause, but the only model is text-only.
                row("meta-llama/Llama-3.3-70B-Instruct", tenant().in("DE").accepted("llama-3.3-community"), null,
                        "llama-3.3-community", ALLOW, "attribution", "pass_terms_downstream", "training_restriction",
                        "ai_generated_label"),

                // Llama 4: every model is multimodal, so an EU company is refused whatever it has accepted.
                row("meta-llama/Llama-4-Scout-17B-16E-Instruct", tenant().in(null).region("EU").accepted(LLAMA4), null,
                        LLAMA4, "license_region_excluded"),
                row("llama4:maverick", tenant().in("IE"), null, LLAMA4, "license_region_excluded"),
                row("Llama-4-Maverick-17B-128E-Instruct", tenant().in("CH").accepted(LLAMA4), null, LLAMA4, ALLOW,
                        "attribution", "pass_terms_downstream", "training_restriction"),
                row("llama-4-scout-17b-16e-instruct", tenant().accepted(LLAMA4), null, LLAMA4, ALLOW,
                        "attribution", "pass_terms_downstream", "training_restriction"),

                // Meta Llama 3: outputs may not improve other LLMs.
                row("meta-llama/Meta-Llama-3-8B-Instruct", tenant().accepted("llama-3-community"), "model-training",
                        "llama-3-community", "license_training_prohibited"),
                row("meta-llama/Meta-Llama-3-8B-Instruct", tenant().accepted("llama-3-community"), "customer-support",
                        "llama-3-community", ALLOW, "attribution", "pass_terms_downstream", "training_restriction"),

                // Gemma 2 and 3: prohibited uses, terms passed downstream, no attribution duty.
                row("google/gemma-2-9b-it", tenant().accepted(GEMMA), "malware-generation", GEMMA,
                        "license_purpose_prohibited"),
                row("gemma3:27b", tenant().purposes("customer-support", "spam").accepted(GEMMA), null, GEMMA,
                        "license_purpose_prohibited"),
                row("google/gemma-3-27b-it", tenant().purposes("customer-support").accepted(GEMMA), null, GEMMA, ALLOW,
                        "pass_terms_downstream", "training_restriction"),
                row("google/gemma-3-4b-it", tenant(), "customer-support", GEMMA, "license_acceptance_required"),

                // Qwen 2.5: Apache except 3B (research only) and 72B (Qwen license, 100M MAU).
                row("Qwen/Qwen2.5-3B-Instruct", tenant(), null, "qwen-research", "license_non_commercial"),
                row("qwen2.5-coder:3b", tenant().nonCommercial(), null, "qwen-research", "license_hosting_not_permitted"),
                row(PolicyFixtures.nonCommercialOperator(), "Qwen/Qwen2.5-3B-Instruct", tenant().nonCommercial()
                        .purposes("research"), null, "qwen-research", ALLOW, "pass_terms_downstream",
                        "training_restriction", "license_unverified"),
                row("Qwen/Qwen2.5-7B-Instruct", tenant(), null, "Apache-2.0", ALLOW),
                row("Qwen/Qwen2.5-Coder-32B-Instruct", tenant(), null, "Apache-2.0", ALLOW),
                row("Qwen/Qwen2.5-72B-Instruct", tenant().users(150_000_000L), null, "qwen", "license_mau_cap_exceeded"),
                row("Qwen/Qwen2.5-72B-Instruct", tenant().users(2_000_000L), null, "qwen", ALLOW,
                        "pass_terms_downstream", "training_restriction", "license_unverified"),
                row("Qwen/Qwen3-8B", tenant().in("DE"), null, "Apache-2.0", ALLOW, "ai_generated_label"),
                row("qwen3:30b-a3b", tenant(), "model-training", "Apache-2.0", ALLOW),

                // DeepSeek: R1 is MIT; the original V3 is under the DeepSeek License with Attachment A.
                row("deepseek-ai/DeepSeek-R1", tenant(), "model-training", "MIT", ALLOW),
                row("deepseek-ai/DeepSeek-V3", tenant().accepted(DEEPSEEK), null, DEEPSEEK, ALLOW,
                        "pass_terms_downstream", "training_restriction"),
                row("deepseek-ai/DeepSeek-V3", tenant().accepted(DEEPSEEK), "military", DEEPSEEK,
                        "license_purpose_prohibited"),
                row("deepseek-ai/DeepSeek-V3-Base", tenant(), null, DEEPSEEK, "license_acceptance_required"),
                row("deepseek-ai/DeepSeek-V3-0324", tenant(), null, "MIT", ALLOW, "license_unverified"),
                row("deepseek-ai/DeepSeek-R1-Distill-Llama-8B", tenant(), null, LLAMA31, "license_acceptance_required"),
                row("deepseek-ai/DeepSeek-R1-Distill-Qwen-32B", tenant(), null, "Apache-2.0", ALLOW),

                // Mistral: Apache models; the research license forbids commercial use and commercial hosting.
                row("mistralai/Mistral-7B-Instruct-v0.3", tenant(), null, "Apache-2.0", ALLOW),
                row("mistralai/Mistral-Large-Instruct-2411", tenant(), null, MRL, "license_non_commercial"),
                row("mistralai/Mistral-Large-Instruct-2411", tenant().nonCommercial(), null, MRL,
                        "license_hosting_not_permitted"),
                row(PolicyFixtures.nonCommercialOperator(), "mistralai/Mistral-Large-Instruct-2411",
                        tenant().nonCommercial(), "research", MRL, ALLOW, "pass_terms_downstream", "training_restriction"),
                row("mistralai/Codestral-22B-v0.1", tenant(), null, "mistral-non-production-license-0.1",
                        "license_non_commercial"),

                // Phi: MIT.
                row("microsoft/Phi-3-mini-4k-instruct", tenant(), null, "MIT", ALLOW),
                row("microsoft/phi-4", tenant().in("NL"), null, "MIT", ALLOW, "ai_generated_label"),

                // Falcon 3: commercial terms unverified, so commercial tenants are refused.
                row("tiiuae/Falcon3-7B-Instruct", tenant().accepted("tii-falcon-license-2.0"), null,
                        "tii-falcon-license-2.0", "license_terms_unverified"),

                // Models not in the catalog: allowed unreviewed by default, refused when configured.
                row("acme/support-bot-v2", tenant(), null, null, ALLOW, "license_unreviewed"),
                row(PolicyFixtures.denyUnknownModels(), "acme/support-bot-v2", tenant(), null, null, "license_unknown"),
                row("qwen3.5-27b", tenant(), null, null, ALLOW, "license_unreviewed"),

                // A tenant that has declared nothing is commercial and located nowhere.
                row("Qwen/Qwen2.5-3B-Instruct", tenant().undeclared(), null, "qwen-research", "license_non_commercial"),
                row("gpt-oss-20b", tenant(), "Not A Slug!", "gpt-oss-apache-2.0", "invalid_purpose"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void decides(Row row) {
        Decision decision = PolicyFixtures.engine(row.settings(), List.of(), row.tenant())
                .decide(new PolicyRequest(row.tenant().id(), row.model(), row.purpose()));

        assertThat(decision.licenseId()).as("license").isEqualTo(row.license());
        if (ALLOW.equals(row.expect())) {
            assertThat(decision.outcome()).as(decision.summary()).isEqualTo(Decision.Outcome.ALLOW);
            assertThat(decision.obligations().stream().map(o -> o.type().code()).collect(Collectors.toSet()))
                    .as(decision.summary()).isEqualTo(row.obligations());
        } else {
            assertThat(decision.outcome()).as(decision.summary()).isEqualTo(Decision.Outcome.DENY);
            assertThat(decision.denial()).hasValueSatisfying(denial -> {
                assertThat(denial.code()).as(decision.summary()).isEqualTo(row.expect());
                assertThat(denial.status()).isEqualTo(row.expect().equals("invalid_purpose") ? 400 : 403);
            });
            assertThat(decision.obligations()).isEmpty();
            assertThat(decision.headers()).isEmpty();
        }
    }

    @Test
    void acceptanceRequiredUntilAcceptedThenAllowed() {
        Tenant before = tenant();
        Decision denied = PolicyFixtures.engine(PolicyFixtures.settings(), List.of(), before)
                .decide(new PolicyRequest(before.id(), "meta-llama/Llama-3.1-8B-Instruct", null));
        assertThat(denied.denial()).hasValueSatisfying(d -> {
            assertThat(d.code()).isEqualTo("license_acceptance_required");
            assertThat(d.message()).contains("/admin/v1/tenants/" + before.id() + "/license-acceptances")
                    .contains("\"license\":\"llama-3.1-community\"").contains("https://llama.meta.com/llama3_1/use-policy");
        });

        before.accepted(LLAMA31);
        Decision allowed = PolicyFixtures.engine(PolicyFixtures.settings(), List.of(), before)
                .decide(new PolicyRequest(before.id(), "meta-llama/Llama-3.1-8B-Instruct", null));
        assertThat(allowed.allowed()).isTrue();
    }

    @Test
    void llamaAttributionBecomesAHeaderAndTrainingRestrictionStaysInTheAudit() {
        Tenant acme = tenant().accepted(LLAMA31);
        Decision decision = PolicyFixtures.engine(PolicyFixtures.settings(), List.of(), acme)
                .decide(new PolicyRequest(acme.id(), "meta-llama/Llama-3.1-8B-Instruct", null));

        assertThat(decision.headers()).containsEntry("x-weightgate-attribution", "Built with Llama")
                .containsEntry("x-weightgate-license", LLAMA31)
                .containsEntry("x-weightgate-license-terms", "https://llama.meta.com/llama3_1/use-policy")
                .doesNotContainKey("x-weightgate-ai-generated");
        assertThat(decision.summary()).startsWith("ALLOW license=llama-3.1-community policy=1")
                .contains("training_restriction");
        assertThat(decision.appendedText()).isEmpty();
    }

    @Test
    void gemmaObligesPassingItsUseRestrictionsDownstream() {
        Tenant acme = tenant().accepted(GEMMA);
        Decision decision = PolicyFixtures.engine(PolicyFixtures.settings(), List.of(), acme)
                .decide(new PolicyRequest(acme.id(), "google/gemma-2-9b-it", "customer-support"));
        assertThat(decision.headers()).containsEntry("x-weightgate-license-terms",
                "https://ai.google.dev/gemma/prohibited_use_policy").doesNotContainKey("x-weightgate-attribution");
    }

    @Test
    void euTenantGetsTheAiGeneratedLabelAndOptionallyAMarker() {
        Tenant berlin = tenant().in("DE");
        PolicyProperties marker = new PolicyProperties(PolicyProperties.UnknownModel.ALLOW, true, true,
                PolicyProperties.AiLabel.EU, true, true, java.time.Duration.ofMillis(200), 1000);
        Decision decision = PolicyFixtures.engine(marker, List.of(), berlin)
                .decide(new PolicyRequest(berlin.id(), "gpt-oss-20b", null));
        assertThat(decision.headers()).containsEntry("x-weightgate-ai-generated", "true");
        assertThat(decision.aiGeneratedMarker()).isTrue();
    }

    @Test
    void eachDecisionExplainsItsRulesFactsAndProfileAttributes() {
        Tenant paris = tenant().in("FR").accepted(LLAMA4);
        Decision decision = PolicyFixtures.engine(PolicyFixtures.settings(), List.of(), paris)
                .decide(new PolicyRequest(paris.id(), "llama-4-scout-17b-16e-instruct", null));

        Reason reason = decision.reasons().stream().filter(r -> r.effect() == Reason.Effect.DENY).findFirst().orElseThrow();
        assertThat(reason.rule()).isEqualTo("builtin.excluded-region");
        assertThat(reason.licenseFacts()).containsEntry("excluded_regions", "EU (multimodal models) [publisher]")
                .containsEntry("model_multimodal", "true");
        assertThat(reason.profileAttributes()).containsEntry("jurisdiction", "FR");
        assertThat(decision.summary()).isEqualTo("DENY license=llama-4-community policy=1 "
                + "rules=[builtin.excluded-region:license_region_excluded]");
    }

    @Test
    void deniedForSeveralReasonsTheUnfixableOneIsShownFirst() {
        Tenant paris = tenant().in("FR");
        Decision decision = PolicyFixtures.engine(PolicyFixtures.settings(), List.of(), paris)
                .decide(new PolicyRequest(paris.id(), "llama-4-scout-17b-16e-instruct", null));
        assertThat(decision.denial()).hasValueSatisfying(d -> {
            assertThat(d.code()).isEqualTo("license_region_excluded");
            assertThat(d.message()).endsWith("(1 more: license_acceptance_required)");
        });
    }

    @Test
    void sameRequestIsAnsweredFromTheCacheAtTheSameVersion() {
        Tenant acme = tenant();
        var engine = PolicyFixtures.engine(PolicyFixtures.settings(), List.of(), acme);
        PolicyRequest request = new PolicyRequest(acme.id(), "gpt-oss-20b", "customer-support");
        assertThat(engine.decide(request)).isSameAs(engine.decide(new PolicyRequest(acme.id(), "gpt-oss-20b",
                " Customer-Support ")));
    }
}
