package dev.weightgate.policy;

import static dev.weightgate.support.GatewayClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weightgate.support.FakeOpenAiServer;
import dev.weightgate.support.GatewayClient;
import dev.weightgate.support.PostgresTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import dev.weightgate.backend.ModelVetting;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The policy admin API end to end, on PostgreSQL: who may read and change compliance profiles, acceptances, rules and
 * the catalog (allow/deny pairs), what dry runs and reports answer, and that a change made elsewhere reaches this
 * replica's decisions through the version row. Every test creates the tenants it uses, and every rule it adds names
 * its own tenant, so tests sharing the context never see each other's effects.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@PostgresTest
class PolicyAdminApiTests {

    static final String ADMIN = "policy-tests-platform-admin-key";
    static final String LLAMA = "meta-llama/Llama-3.1-8B-Instruct";
    static final String LLAMA4 = "llama-4-scout-17b-16e-instruct";
    static final String GPT_OSS = "gpt-oss-20b";
    static final String UNKNOWN = "acme/support-bot";
    static final FakeOpenAiServer upstream = start();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final List<PolicyChanged> events = new CopyOnWriteArrayList<>();

    @TestConfiguration
    static class Events {
        @EventListener
        void record(PolicyChanged event) {
            events.add(event);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("weightgate.bootstrap.admin-key", () -> ADMIN);
        String[] models = {LLAMA, LLAMA4, GPT_OSS, UNKNOWN};
        for (int i = 0; i < models.length; i++) {
            String id = models[i];
            registry.add("weightgate.models[" + i + "].id", () -> id);
            registry.add("weightgate.models[" + i + "].remote.base-url", upstream::baseUrl);
            registry.add("weightgate.models[" + i + "].remote.model", () -> "echo");
        }
    }

    static FakeOpenAiServer start() {
        try {
            return new FakeOpenAiServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stop() {
        upstream.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ModelVetting vetting;

    GatewayClient gateway;

    @BeforeEach
    void client() {
        gateway = new GatewayClient(port);
    }

    // --- fixtures ---------------------------------------------------------------------------------------------

    UUID newTenant(String prefix) {
        HttpResponse<String> response = gateway.post("/admin/v1/tenants", ADMIN,
                "{\"name\":\"" + prefix + "-" + UUID.randomUUID() + "\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return UUID.fromString(json(response).path("id").asString());
    }

    String key(UUID tenant, String role) {
        HttpResponse<String> response = gateway.post("/admin/v1/tenants/" + tenant + "/keys", ADMIN,
                "{\"name\":\"k\",\"roles\":[\"" + role + "\"]}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json(response).path("key").asString();
    }

    HttpResponse<String> put(String path, String token, String body) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> declare(UUID tenant, String token, String profile) {
        return put("/admin/v1/tenants/" + tenant + "/compliance-profile", token, profile);
    }

    HttpResponse<String> accept(UUID tenant, String token, String license) {
        return gateway.post("/admin/v1/tenants/" + tenant + "/license-acceptances", token,
                "{\"license\":\"" + license + "\",\"accepted_by\":\"Dana, General Counsel\"}");
    }

    HttpResponse<String> evaluate(String token, UUID tenant, String model, String purpose) {
        return gateway.post("/admin/v1/policy/evaluate", token, "{\"tenant_id\":\"" + tenant + "\",\"model\":\"" + model
                + "\"" + (purpose == null ? "" : ",\"purpose\":\"" + purpose + "\"") + "}");
    }

    JsonNode decision(UUID tenant, String model, String purpose) {
        HttpResponse<String> response = evaluate(ADMIN, tenant, model, purpose);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }

    static void assertRefused(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(json(response).path("error").path("code").asString()).isEqualTo(code);
    }

    static String us() {
        return "{\"jurisdiction\":\"US\",\"commercial\":true,\"monthly_active_users\":20000,"
                + "\"industry\":\"retail\",\"purposes\":[\"customer-support\"]}";
    }

    // --- tests ------------------------------------------------------------------------------------------------

    @Nested
    class Profiles {

        @Test
        void tenantAdminDeclaresAndReadsItsOwnProfile() {
            UUID tenant = newTenant("acme");
            String admin = key(tenant, "tenant-admin");
            HttpResponse<String> declared = declare(tenant, admin, """
                    {"jurisdiction":"de","legal_entity_region":"eu","commercial":true,"monthly_active_users":1200,
                     "industry":"healthcare","purposes":["customer-support","medical-advice"]}""");
            assertThat(declared.statusCode()).as(declared.body()).isEqualTo(200);

            JsonNode profile = json(gateway.get("/admin/v1/tenants/" + tenant + "/compliance-profile", admin));
            assertThat(profile.path("declared").asBoolean()).isTrue();
            assertThat(profile.path("jurisdiction").asString()).isEqualTo("DE");
            assertThat(profile.path("legal_entity_region").asString()).isEqualTo("EU");
            assertThat(profile.path("monthly_active_users").asLong()).isEqualTo(1200);
            assertThat(profile.path("purposes").findValuesAsString("purposes")).isEmpty();
            assertThat(profile.path("updated_by").asString()).contains("tenant " + tenant);
            assertThat(events).anySatisfy(e -> {
                assertThat(e.change()).isEqualTo("profile.updated");
                assertThat(e.tenantId()).isEqualTo(tenant);
            });
        }

        @Test
        void tenantAdminCannotReadOrDeclareAnotherTenantsProfile() {
            UUID mine = newTenant("mine");
            UUID theirs = newTenant("theirs");
            String admin = key(mine, "tenant-admin");
            assertRefused(gateway.get("/admin/v1/tenants/" + theirs + "/compliance-profile", admin), 404,
                    "tenant_not_found");
            assertRefused(declare(theirs, admin, us()), 404, "tenant_not_found");
            assertRefused(accept(theirs, admin, "llama-3.1-community"), 404, "tenant_not_found");
        }

        @Test
        void auditorReadsItsProfileButCannotDeclareOne() {
            UUID tenant = newTenant("acme");
            String auditor = key(tenant, "auditor");
            assertThat(gateway.get("/admin/v1/tenants/" + tenant + "/compliance-profile", auditor).statusCode())
                    .isEqualTo(200);
            assertRefused(declare(tenant, auditor, us()), 403, "insufficient_permissions");
        }

        @Test
        void userCannotReadProfiles() {
            UUID tenant = newTenant("acme");
            assertRefused(gateway.get("/admin/v1/tenants/" + tenant + "/compliance-profile", key(tenant, "user")), 403,
                    "insufficient_permissions");
        }

        @Test
        void malformedJurisdictionIsRefused() {
            UUID tenant = newTenant("acme");
            HttpResponse<String> response = declare(tenant, ADMIN, "{\"jurisdiction\":\"Germany\"}");
            assertRefused(response, 400, "invalid_value");
            assertThat(json(response).path("error").path("param").asString()).isEqualTo("jurisdiction");
        }

        @Test
        void misspeltFieldIsRefusedRatherThanIgnored() {
            UUID tenant = newTenant("acme");
            assertRefused(declare(tenant, ADMIN, "{\"jurisdicton\":\"DE\"}"), 400, "invalid_body");
        }
    }

    @Nested
    class Acceptances {

        @Test
        void llamaIsDeniedUntilTheTenantAdminAcceptsItsLicenseThenAllowedWithAttribution() {
            UUID tenant = newTenant("acme");
            String admin = key(tenant, "tenant-admin");
            declare(tenant, admin, us());
            JsonNode denied = decision(tenant, LLAMA, null);
            assertThat(denied.path("outcome").asString()).isEqualTo("deny");
            assertThat(denied.path("denial").path("code").asString()).isEqualTo("license_acceptance_required");
            assertThat(denied.path("denial").path("status").asInt()).isEqualTo(403);
            assertThat(denied.path("denial").path("message").asString())
                    .contains("/admin/v1/tenants/" + tenant + "/license-acceptances");

            HttpResponse<String> accepted = accept(tenant, admin, "llama-3.1-community");
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(201);
            assertThat(json(accepted).path("accepted_by").asString()).isEqualTo("Dana, General Counsel");

            JsonNode allowed = decision(tenant, LLAMA, null);
            assertThat(allowed.path("outcome").asString()).isEqualTo("allow");
            assertThat(allowed.path("headers").path("x-weightgate-attribution").asString()).isEqualTo("Built with Llama");
            assertThat(allowed.path("policy_version").asLong()).isGreaterThan(denied.path("policy_version").asLong());
            assertThat(json(gateway.get("/admin/v1/tenants/" + tenant + "/compliance-profile", admin))
                    .path("accepted_terms").path(0).path("license").asString()).isEqualTo("llama-3.1-community");
        }

        @Test
        void withdrawingTheAcceptanceDeniesAgain() {
            UUID tenant = newTenant("acme");
            accept(tenant, ADMIN, "llama-3.1-community");
            assertThat(decision(tenant, LLAMA, null).path("outcome").asString()).isEqualTo("allow");
            assertThat(gateway.delete("/admin/v1/tenants/" + tenant + "/license-acceptances/llama-3.1-community", ADMIN)
                    .statusCode()).isEqualTo(200);
            assertThat(decision(tenant, LLAMA, null).path("denial").path("code").asString())
                    .isEqualTo("license_acceptance_required");
        }

        @Test
        void acceptingALicenseOutsideTheCatalogIsRefused() {
            UUID tenant = newTenant("acme");
            assertRefused(accept(tenant, ADMIN, "llama-99-community"), 400, "invalid_value");
        }
    }

    @Nested
    class DryRun {

        @Test
        void euCompanyIsDeniedLlama4AndTheDecisionIsExplained() {
            UUID tenant = newTenant("paris");
            declare(tenant, ADMIN, "{\"jurisdiction\":\"FR\",\"commercial\":true}");
            accept(tenant, ADMIN, "llama-4-community");
            int before = upstream.requestCount();

            JsonNode decision = decision(tenant, LLAMA4, "customer-support");
            assertThat(decision.path("outcome").asString()).isEqualTo("deny");
            assertThat(decision.path("license").asString()).isEqualTo("llama-4-community");
            assertThat(decision.path("denial").path("code").asString()).isEqualTo("license_region_excluded");
            JsonNode reason = decision.path("reasons").valueStream()
                    .filter(r -> r.path("effect").asString().equals("deny")).findFirst().orElseThrow();
            assertThat(reason.path("rule").asString()).isEqualTo("builtin.excluded-region");
            assertThat(reason.path("license_facts").path("excluded_regions").asString()).startsWith("EU");
            assertThat(reason.path("profile_attributes").path("jurisdiction").asString()).isEqualTo("FR");
            assertThat(decision.path("summary").asString()).startsWith("DENY license=llama-4-community");
            assertThat(upstream.requestCount()).as("nothing sent to a model").isEqualTo(before);
        }

        @Test
        void tenantAdminEvaluatesItsOwnTenant() {
            UUID tenant = newTenant("acme");
            HttpResponse<String> response = evaluate(key(tenant, "tenant-admin"), tenant, GPT_OSS, null);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(json(response).path("outcome").asString()).isEqualTo("allow");
        }

        @Test
        void tenantAdminCannotEvaluateAnotherTenant() {
            UUID mine = newTenant("mine");
            assertRefused(evaluate(key(mine, "tenant-admin"), newTenant("theirs"), GPT_OSS, null), 404,
                    "tenant_not_found");
        }

        @Test
        void userCannotEvaluate() {
            UUID tenant = newTenant("acme");
            assertRefused(evaluate(key(tenant, "user"), tenant, GPT_OSS, null), 403, "insufficient_permissions");
        }
    }

    @Nested
    class ModelLicenses {

        @Test
        void servedLlamaShowsItsLicenseFactsAndObligations() {
            JsonNode answer = json(gateway.get("/admin/v1/models/" + LLAMA + "/license", ADMIN));
            assertThat(answer.path("served").asBoolean()).isTrue();
            assertThat(answer.path("license").path("id").asString()).isEqualTo("llama-3.1-community");
            assertThat(answer.path("license").path("facts").path("mau_cap").asLong()).isEqualTo(700_000_000L);
            assertThat(answer.path("license").path("text").path("commit").asString()).isEqualTo("1f0feb7");
            assertThat(answer.path("obligations").findValuesAsString("type")).contains("attribution",
                    "pass_terms_downstream", "training_restriction");
        }

        @Test
        void modelIdWithAnEncodedSlashWorksToo() {
            HttpResponse<String> response = gateway.get("/admin/v1/models/meta-llama%2FLlama-3.1-8B-Instruct/license",
                    key(newTenant("acme"), "auditor"));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        }

        @Test
        void servedModelOutsideTheCatalogIsUnreviewed() {
            JsonNode answer = json(gateway.get("/admin/v1/models/" + UNKNOWN + "/license", ADMIN));
            assertThat(answer.path("license").isNull()).isTrue();
            assertThat(answer.path("obligations").findValuesAsString("type")).containsExactly("license_unreviewed");
        }

        @Test
        void modelNeitherServedNorInTheCatalogIsNotFound() {
            assertRefused(gateway.get("/admin/v1/models/nobody/nothing/license", ADMIN), 404, "model_not_found");
        }
    }

    @Nested
    class Reports {

        @Test
        void platformAdminSeesEveryTenantAndWhyNot() {
            UUID tenant = newTenant("report");
            JsonNode report = json(gateway.get("/admin/v1/policy/report", ADMIN));
            List<JsonNode> rows = report.path("data").valueStream()
                    .filter(r -> r.path("tenant_id").asString().equals(tenant.toString())).toList();
            assertThat(rows).extracting(r -> r.path("model").asString())
                    .containsExactlyInAnyOrder(LLAMA, LLAMA4, GPT_OSS, UNKNOWN);
            assertThat(rows).filteredOn(r -> r.path("model").asString().equals(LLAMA4)).singleElement()
                    .satisfies(r -> assertThat(r.path("denial").path("code").asString()).as("no jurisdiction declared yet")
                            .isEqualTo("compliance_profile_required"));
            assertThat(rows).filteredOn(r -> r.path("model").asString().equals(GPT_OSS)).singleElement()
                    .satisfies(r -> assertThat(r.path("outcome").asString()).isEqualTo("allow"));
        }

        @Test
        void tenantAdminSeesOnlyItsOwnTenant() {
            UUID mine = newTenant("mine");
            newTenant("theirs");
            JsonNode report = json(gateway.get("/admin/v1/policy/report", key(mine, "tenant-admin")));
            assertThat(report.path("data").findValuesAsString("tenant_id")).containsOnly(mine.toString());
        }
    }

    @Nested
    class Rules {

        @Test
        void platformAdminRestrictsATenantToApacheAndMitModels() {
            UUID tenant = newTenant("permissive");
            accept(tenant, ADMIN, "llama-3.1-community");
            assertThat(decision(tenant, LLAMA, null).path("outcome").asString()).isEqualTo("allow");

            HttpResponse<String> created = gateway.post("/admin/v1/policy/rules", ADMIN, """
                    {"id":"permissive-only-%s","description":"Only Apache-2.0 and MIT models",
                     "when":{"tenants":["%s"],"licenses_not":["Apache-2.0","MIT"]},
                     "effect":"deny","code":"org_license_not_allowed","message":"Only Apache-2.0 and MIT models."}"""
                    .formatted(tenant, tenant));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            assertThat(json(created).path("version").asLong()).isEqualTo(1);

            assertThat(decision(tenant, LLAMA, null).path("denial").path("code").asString())
                    .isEqualTo("org_license_not_allowed");
            assertThat(decision(tenant, GPT_OSS, null).path("outcome").asString()).isEqualTo("allow");
            assertThat(events).anySatisfy(e -> {
                assertThat(e.change()).isEqualTo("rule.created");
                assertThat(e.subject()).isEqualTo("permissive-only-" + tenant);
                assertThat(e.actor()).contains("bootstrap");
            });

            assertThat(gateway.delete("/admin/v1/policy/rules/permissive-only-" + tenant, ADMIN).statusCode())
                    .isEqualTo(200);
            assertThat(decision(tenant, LLAMA, null).path("outcome").asString()).isEqualTo("allow");
        }

        @Test
        void medicalAdviceNeedsHumanReview() {
            UUID tenant = newTenant("clinic");
            HttpResponse<String> created = gateway.post("/admin/v1/policy/rules", ADMIN, """
                    {"description":"Medical advice needs human review",
                     "when":{"tenants":["%s"],"purposes":["medical-advice"]},
                     "effect":"obligate","obligation":{"type":"human_review","value":"A clinician reviews answers."}}"""
                    .formatted(tenant));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

            assertThat(decision(tenant, GPT_OSS, "medical-advice").path("headers").path("x-weightgate-human-review")
                    .asString()).isEqualTo("required");
            assertThat(decision(tenant, GPT_OSS, "customer-support").path("headers").has("x-weightgate-human-review"))
                    .isFalse();
        }

        @Test
        void ruleIsUpdatedWithANewVersion() {
            UUID tenant = newTenant("acme");
            String id = "block-" + tenant;
            gateway.post("/admin/v1/policy/rules", ADMIN, """
                    {"id":"%s","when":{"tenants":["%s"],"models":["gpt-oss-*"]},"effect":"deny","message":"No."}"""
                    .formatted(id, tenant));
            assertThat(decision(tenant, GPT_OSS, null).path("outcome").asString()).isEqualTo("deny");

            HttpResponse<String> updated = put("/admin/v1/policy/rules/" + id, ADMIN, """
                    {"when":{"tenants":["%s"],"models":["llama-*"]},"effect":"deny","message":"No Llama."}"""
                    .formatted(tenant));
            assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
            assertThat(json(updated).path("version").asLong()).isEqualTo(2);
            assertThat(decision(tenant, GPT_OSS, null).path("outcome").asString()).isEqualTo("allow");
        }

        @Test
        void tenantAdminCannotReadOrAddRules() {
            String tenantAdmin = key(newTenant("acme"), "tenant-admin");
            assertRefused(gateway.get("/admin/v1/policy/rules", tenantAdmin), 403, "insufficient_permissions");
            assertRefused(gateway.post("/admin/v1/policy/rules", tenantAdmin,
                    "{\"effect\":\"deny\",\"message\":\"no\"}"), 403, "insufficient_permissions");
        }

        @Test
        void builtinRulesAreListedButCannotBeDeleted() {
            assertThat(json(gateway.get("/admin/v1/policy/rules", ADMIN)).path("data").findValuesAsString("id"))
                    .contains("builtin.excluded-region", "builtin.mau-cap", "builtin.aup-acceptance");
            assertRefused(gateway.delete("/admin/v1/policy/rules/builtin.mau-cap", ADMIN), 400, "builtin_rule");
        }

        @Test
        void misspeltConditionIsRefusedRatherThanWideningTheRule() {
            assertRefused(gateway.post("/admin/v1/policy/rules", ADMIN,
                    "{\"when\":{\"tenant\":[\"x\"]},\"effect\":\"deny\",\"message\":\"no\"}"), 400, "invalid_body");
        }

        @Test
        void invalidRuleIsRefusedWithTheField() {
            HttpResponse<String> response = gateway.post("/admin/v1/policy/rules", ADMIN,
                    "{\"effect\":\"waive\",\"waives\":[\"builtin.everything\"]}");
            assertRefused(response, 400, "invalid_value");
            assertThat(json(response).path("error").path("param").asString()).isEqualTo("waives");
        }
    }

    @Nested
    class Catalog {

        @Test
        void catalogIsSeededFromTheVersionedFile() {
            JsonNode catalog = json(gateway.get("/admin/v1/policy/catalog", ADMIN));
            assertThat(catalog.path("catalog_version").asInt()).isEqualTo(PolicyFixtures.CATALOG.version());
            assertThat(catalog.path("licenses").size()).isEqualTo(PolicyFixtures.CATALOG.licenses().size());
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM policy_license WHERE source = 'catalog'",
                    Integer.class)).isEqualTo(PolicyFixtures.CATALOG.licenses().size());
        }

        @Test
        void platformAdminMapsAServedModelToALicense() {
            UUID tenant = newTenant("acme");
            assertThat(decision(tenant, UNKNOWN, null).path("obligations").findValuesAsString("type"))
                    .contains("license_unreviewed");
            HttpResponse<String> mapped = put("/admin/v1/policy/catalog/models/" + UNKNOWN, ADMIN, """
                    {"family":"acme","license":"Apache-2.0","multimodal":false,"source":"internal fine-tune of Qwen3-8B",
                     "match":[],"verification":"publisher"}""");
            assertThat(mapped.statusCode()).as(mapped.body()).isEqualTo(200);

            JsonNode decision = decision(tenant, UNKNOWN, null);
            assertThat(decision.path("license").asString()).isEqualTo("Apache-2.0");
            assertThat(decision.path("obligations").findValuesAsString("type")).doesNotContain("license_unreviewed");
            assertThat(gateway.delete("/admin/v1/policy/catalog/models/" + UNKNOWN, ADMIN).statusCode()).isEqualTo(200);
            assertThat(decision(tenant, UNKNOWN, null).path("license").isNull()).isTrue();
        }

        @Test
        void anEmbeddedFileIsVettedAgainstItsEntrysPinnedHashAndDeclaredLicense() {
            String sha = "3f".repeat(32);
            HttpResponse<String> pinned = put("/admin/v1/policy/catalog/models/pinned-weights", ADMIN, """
                    {"family":"acme","license":"Apache-2.0","multimodal":false,"source":"internal","sha256":"%s",
                     "match":["pinned-weights*"],"verification":"publisher"}""".formatted(sha));
            assertThat(pinned.statusCode()).as(pinned.body()).isEqualTo(200);
            try {
                assertThat(vetting.refusal("pinned-weights-q8", Map.of(), sha)).isEmpty();
                assertThat(vetting.refusal("pinned-weights-q8", Map.of(), "00".repeat(32)))
                        .hasValueSatisfying(reason -> assertThat(reason).contains("pinned-weights").contains(sha));
                // A file that calls itself Llama 3.1 but declares Apache-2.0 contradicts the Llama 3.1 entry.
                assertThat(vetting.refusal("my-model", Map.of("general.name", "Meta-Llama-3.1-8B-Instruct",
                        "general.license", "apache-2.0"), sha)).hasValueSatisfying(reason ->
                        assertThat(reason).contains("apache-2.0").contains("llama-3.1"));
                assertThat(vetting.refusal("my-model", Map.of("general.name", "Meta-Llama-3.1-8B-Instruct",
                        "general.license", "llama3.1"), sha)).isEmpty();
            } finally {
                gateway.delete("/admin/v1/policy/catalog/models/pinned-weights", ADMIN);
            }
        }

        @Test
        void tenantAdminCannotChangeTheCatalog() {
            String tenantAdmin = key(newTenant("acme"), "tenant-admin");
            assertRefused(put("/admin/v1/policy/catalog/models/" + UNKNOWN, tenantAdmin,
                    "{\"family\":\"x\",\"license\":\"MIT\"}"), 403, "insufficient_permissions");
        }

        @Test
        void modelEntryNamingAMissingLicenseIsRefused() {
            assertRefused(put("/admin/v1/policy/catalog/models/x-model", ADMIN, "{\"family\":\"x\",\"license\":\"nope\"}"),
                    400, "invalid_value");
        }
    }

    /**
     * Another replica writes a rule and bumps the version row in its own transaction; this replica has the old
     * decision cached and must drop it once its poll sees the new version.
     */
    @Test
    void ruleWrittenByAnotherReplicaChangesDecisionsAfterThePoll() throws InterruptedException {
        UUID tenant = newTenant("replica");
        long before = decision(tenant, GPT_OSS, null).path("policy_version").asLong();
        assertThat(decision(tenant, GPT_OSS, null).path("outcome").asString()).isEqualTo("allow");

        jdbc.update("INSERT INTO policy_rule (id, version, enabled, definition, created_at, updated_at, updated_by) "
                + "VALUES (?, 1, TRUE, ?, NOW(), NOW(), 'replica-2')", "replica-" + tenant,
                "{\"when\":{\"tenants\":[\"" + tenant + "\"]},\"effect\":\"deny\",\"code\":\"replica_rule\","
                        + "\"message\":\"Denied by a rule written on another replica.\"}");
        jdbc.update("UPDATE policy_version SET version = version + 1 WHERE id = 1");

        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        JsonNode after = decision(tenant, GPT_OSS, null);
        while (!after.path("outcome").asString().equals("deny")) {
            assertThat(System.nanoTime()).as("the poll picked the change up within ten seconds").isLessThan(deadline);
            Thread.sleep(50);
            after = decision(tenant, GPT_OSS, null);
        }
        assertThat(after.path("denial").path("code").asString()).isEqualTo("replica_rule");
        assertThat(after.path("policy_version").asLong()).isGreaterThan(before);
    }
}
