package dev.weightgate.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weightgate.policy.internal.CatalogFile;
import dev.weightgate.policy.internal.PolicyEngine;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The shipped catalog: complete, sourced, and mapping real model ids to the right licenses. */
class LicenseCatalogTests {

    static final CatalogFile CATALOG = PolicyFixtures.CATALOG;
    static final PolicyEngine ENGINE = PolicyFixtures.engine(PolicyFixtures.settings(), List.of());

    @Test
    void shipsEveryLicenseTheIssueNames() {
        assertThat(CATALOG.licenses()).extracting(LicenseEntry::id).contains("gpt-oss-apache-2.0",
                "llama-3.1-community", "llama-3.2-community", "llama-3.3-community", "llama-4-community",
                "gemma-terms-of-use", "Apache-2.0", "MIT", "qwen-research", "qwen", "deepseek-license-1.0",
                "mistral-research-license-0.1");
        assertThat(CATALOG.version()).isPositive();
    }

    @Test
    void everyLicenseSaysWhereItsTextIsAndHowWellEachFactIsVerified() {
        for (LicenseEntry license : CATALOG.licenses()) {
            assertThat(license.text().url() != null || license.text().path() != null)
                    .as(license.id() + " names where its text lives").isTrue();
            assertThat(license.verification()).as(license.id()).containsKey("default");
        }
    }

    @Test
    void unverifiedFactsAreNullNotGuessed() {
        LicenseEntry falcon = ENGINE.license("tii-falcon-license-2.0").orElseThrow();
        assertThat(falcon.facts().commercialUse()).isNull();
        assertThat(falcon.verificationOf("commercial_use")).isEqualTo("unverified");
        LicenseEntry qwen = ENGINE.license("qwen").orElseThrow();
        assertThat(qwen.verificationOf("mau_cap")).isEqualTo("secondary");
    }

    @Test
    void everyProhibitedPurposeIsInTheVocabulary() {
        for (LicenseEntry license : CATALOG.licenses()) {
            assertThat(CATALOG.purposes().keySet()).as(license.id()).containsAll(license.facts().prohibitedPurposes());
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "none", value = {
            "meta-llama/Llama-3.2-11B-Vision-Instruct, llama-3.2-vision",
            "llama3.2-vision:11b, llama-3.2-vision",
            "meta-llama/Llama-3.2-1B, llama-3.2",
            "llama3.2:3b, llama-3.2",
            "Meta-Llama-3.1-8B-Instruct, llama-3.1",
            "Qwen/Qwen2.5-Coder-3B-Instruct, qwen2.5-3b",
            "Qwen/Qwen2.5-Coder-32B-Instruct, qwen2.5",
            "qwen2.5:72b, qwen2.5-72b",
            "Qwen/Qwen3-235B-A22B-Instruct-2507, qwen3",
            "qwen3.5-27b, none",
            "microsoft/Phi-3.5-mini-instruct, none",
            "deepseek-ai/DeepSeek-V3, deepseek-v3",
            "deepseek-ai/DeepSeek-V3.1, none",
            "codestral:22b, codestral-22b",
            "mistralai/Codestral-Mamba-7B-v0.1, mistral-apache",
            "google/gemma-3n-E4B-it, gemma-3",
            "gpt-oss:20b, gpt-oss"})
    void mapsModelIdsToTheRightEntry(String modelId, String entry) {
        assertThat(ENGINE.identify(modelId).map(ModelEntry::id).orElse(null)).isEqualTo(entry);
    }

    @Test
    void ggufWhoseLicenseAgreesIsConsistent() {
        LicenseCatalog.GgufCheck check = ENGINE.checkGguf(Map.of("general.name", "Meta Llama 3.1 8B Instruct",
                "general.license", "llama3.1"));
        assertThat(check.entry()).hasValueSatisfying(e -> assertThat(e.license()).isEqualTo("llama-3.1-community"));
        assertThat(check.consistent()).isTrue();
    }

    @Test
    void ggufWhoseLicenseContradictsTheCatalogIsFlagged() {
        LicenseCatalog.GgufCheck check = ENGINE.checkGguf(Map.of("general.basename", "Qwen2.5",
                "general.size_label", "3B", "general.license", "apache-2.0"));
        assertThat(check.entry()).hasValueSatisfying(e -> assertThat(e.license()).isEqualTo("qwen-research"));
        assertThat(check.consistent()).isFalse();
        assertThat(check.message()).contains("keep the model out of service");
    }

    @Test
    void describesAModelsLicenseFactsAndObligations() {
        ModelLicense llama4 = ENGINE.describe("meta-llama/Llama-4-Scout-17B-16E-Instruct");
        assertThat(llama4.license().id()).isEqualTo("llama-4-community");
        assertThat(llama4.obligations()).extracting(Obligation::type).contains(Obligation.Type.ATTRIBUTION,
                Obligation.Type.PASS_TERMS_DOWNSTREAM, Obligation.Type.TRAINING_RESTRICTION);
        assertThat(llama4.restrictions()).anySatisfy(r -> assertThat(r)
                .startsWith("builtin.excluded-region: EU excluded for multimodal models (applies to this model)"));
    }

    @Test
    void catalogNamingAMissingLicenseStopsStartUp() {
        String yaml = """
                version: 1
                licenses: []
                models:
                  - {id: x, family: x, license: nope, multimodal: false, source: s, match: [x*], verification: publisher}
                """;
        assertThatThrownBy(() -> CatalogFile.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("names license 'nope'");
    }

    @Test
    void catalogWithAMisspeltFactStopsStartUp() {
        String yaml = """
                version: 1
                licenses:
                  - {id: L, name: L, text: {url: u}, facts: {commercial_uses: true}, verification: {default: publisher}}
                models: []
                """;
        assertThatThrownBy(() -> CatalogFile.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("commercial_uses");
    }

    @Test
    void purposeVocabularyHasTheIssuesExamples() {
        assertThat(CATALOG.purposes().keySet()).containsAll(Set.of("customer-support", "medical-advice",
                "model-training"));
    }
}
