package dev.weightgate.api;

import static dev.weightgate.support.GatewayClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weightgate.support.FakeOpenAiServer;
import dev.weightgate.support.GatewayClient;
import dev.weightgate.support.PostgresTest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * License policies through {@code /v1/chat/completions}: a model under a license that excludes the tenant is
 * refused with a 403 that says why, acceptance of an acceptable-use policy is required before first use, obligations
 * arrive as headers (streams included), and every decision is in the audit record.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@PostgresTest
class PolicyEnforcementTests {

    static final String ADMIN = "policy-enforcement-admin-key";
    static final String LLAMA_31 = "meta-llama/Llama-3.1-8B-Instruct";
    static final String LLAMA_4 = "meta-llama/Llama-4-Scout-17B-16E-Instruct";
    static final String GPT_OSS = "gpt-oss-20b";
    static final FakeOpenAiServer upstream = FakeOpenAiServer.start();

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    GatewayClient gateway;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("weightgate.bootstrap.admin-key", () -> ADMIN);
        upstream.register(registry, LLAMA_31, LLAMA_4, GPT_OSS);
    }


    @AfterAll
    static void stop() {
        upstream.close();
    }

    @BeforeEach
    void client() {
        gateway = new GatewayClient(port);
    }

    record Tenant(UUID id, String key) {
    }

    Tenant tenant(String profile) {
        UUID id = gateway.createTenant(ADMIN, "p");
        HttpResponse<String> declared = gateway.put("/admin/v1/tenants/" + id + "/compliance-profile", ADMIN, profile);
        assertThat(declared.statusCode()).as(declared.body()).isEqualTo(200);
        return new Tenant(id, gateway.createKey(ADMIN, id, ""));
    }

    static String usCompany() {
        return "{\"jurisdiction\":\"US\",\"commercial\":true,\"monthly_active_users\":20000,"
                + "\"industry\":\"retail\",\"purposes\":[\"customer-support\"]}";
    }

    static String euCompany() {
        return "{\"jurisdiction\":\"DE\",\"legal_entity_region\":\"EU\",\"commercial\":true,"
                + "\"monthly_active_users\":20000,\"industry\":\"retail\",\"purposes\":[\"customer-support\"]}";
    }

    HttpResponse<String> chat(String key, String model, boolean stream) {
        return gateway.post("/v1/chat/completions", key, """
                {"model":"%s","stream":%s,"max_tokens":16,"messages":[{"role":"user","content":"hi"}]}"""
                .formatted(model, stream));
    }

    Map<String, Object> auditOf(HttpResponse<String> response) {
        String id = response.headers().firstValue("x-request-id").orElseThrow();
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (jdbc.queryForObject("SELECT count(*) FROM audit_record WHERE id = ?", Integer.class, id) == 0) {
            assertThat(System.nanoTime()).as("audit record written").isLessThan(deadline);
            Thread.onSpinWait();
        }
        return jdbc.queryForMap("SELECT * FROM audit_record WHERE id = ?", id);
    }

    @Test
    void refusesAnEuCompanyALlama4ModelAndRecordsWhy() {
        Tenant eu = tenant(euCompany());
        int upstreamCalls = upstream.requestCount();
        HttpResponse<String> refused = chat(eu.key(), LLAMA_4, false);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
        assertThat(json(refused).path("error").path("code").asString()).isEqualTo("license_region_excluded");
        assertThat(json(refused).path("error").path("message").asString()).isNotBlank();
        assertThat(upstream.requestCount()).as("nothing reached the model").isEqualTo(upstreamCalls);

        Map<String, Object> audit = auditOf(refused);
        assertThat(audit.get("status")).isEqualTo(403);
        assertThat(audit.get("decision")).isEqualTo("DENY");
        assertThat((String) audit.get("decision_reasons")).contains("llama-4-community");
    }

    @Test
    void requiresTheAcceptableUsePolicyToBeAcceptedBeforeFirstUse() {
        Tenant us = tenant(usCompany());
        HttpResponse<String> first = chat(us.key(), LLAMA_31, false);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(403);
        assertThat(json(first).path("error").path("code").asString()).isEqualTo("license_acceptance_required");

        HttpResponse<String> accepted = gateway.post("/admin/v1/tenants/" + us.id() + "/license-acceptances", ADMIN,
                "{\"license\":\"llama-3.1-community\",\"accepted_by\":\"Dana, General Counsel\"}");
        assertThat(accepted.statusCode()).as(accepted.body()).isBetween(200, 201);

        HttpResponse<String> served = awaitServed(us.key(), LLAMA_31);
        assertThat(served.headers().firstValue("x-weightgate-license")).hasValue("llama-3.1-community");
        assertThat(served.headers().firstValue("x-weightgate-attribution")).hasValueSatisfying(
                value -> assertThat(value).contains("Built with Llama"));
        assertThat(auditOf(served).get("decision")).isEqualTo("ALLOW");
    }

    @Test
    void servesGptOssWithItsLicenseNamedAndAStreamWithTheSameHeaders() {
        Tenant us = tenant(usCompany());
        HttpResponse<String> plain = chat(us.key(), GPT_OSS, false);
        assertThat(plain.statusCode()).as(plain.body()).isEqualTo(200);
        assertThat(plain.headers().firstValue("x-weightgate-license")).hasValueSatisfying(
                value -> assertThat(value).containsIgnoringCase("apache-2.0"));

        HttpResponse<String> streamed = chat(us.key(), GPT_OSS, true);
        assertThat(streamed.statusCode()).isEqualTo(200);
        assertThat(streamed.headers().firstValue("x-weightgate-license"))
                .isEqualTo(plain.headers().firstValue("x-weightgate-license"));
        assertThat(streamed.body()).contains("data: [DONE]");
    }

    /** Acceptances reach the decision cache within its poll interval; wait for it rather than assume it. */
    HttpResponse<String> awaitServed(String key, String model) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        HttpResponse<String> response = chat(key, model, false);
        while (response.statusCode() != 200) {
            assertThat(System.nanoTime()).as("served after acceptance: %s", response.body()).isLessThan(deadline);
            response = chat(key, model, false);
        }
        return response;
    }
}
