package dev.weightgate.admin;

import static dev.weightgate.support.GatewayClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weightgate.support.FakeOpenAiServer;
import dev.weightgate.support.GatewayClient;
import dev.weightgate.support.PostgresTest;
import dev.weightgate.support.TestJwks;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Who may do what, over real HTTP: API keys and JWTs, scopes and roles, and tenant isolation in the admin API.
 * Tests come in allow/deny pairs; each creates the tenants and keys it uses, so none depends on another.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@PostgresTest
@ExtendWith(OutputCaptureExtension.class)
class AccessTests {

    static final String ADMIN = "access-tests-platform-admin-key";
    static final FakeOpenAiServer upstream = FakeOpenAiServer.start();
    static final TestJwks sso = new TestJwks();

    @LocalServerPort
    int port;

    GatewayClient gateway;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("weightgate.bootstrap.admin-key", () -> ADMIN);
        registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", sso::jwkSetUri);
        registry.add("weightgate.security.jwt.roles-claim", () -> "realm_access.roles");
        upstream.register(registry, "model-a", "model-b");
    }


    @AfterAll
    static void stop() {
        upstream.close();
        sso.close();
    }

    @BeforeEach
    void client() {
        gateway = new GatewayClient(port);
    }

    UUID newTenant(String prefix) {
        return gateway.createTenant(ADMIN, prefix);
    }

    HttpResponse<String> createKey(UUID tenant, String token, String extraJson) {
        return gateway.post("/admin/v1/tenants/" + tenant + "/keys", token, "{\"name\":\"k\"" + extraJson + "}");
    }

    String newKey(UUID tenant, String extraJson) {
        return gateway.createKey(ADMIN, tenant, extraJson);
    }

    UUID keyId(UUID tenant, String key) {
        // Keys carry no id; find it by listing, newest first.
        return UUID.fromString(json(gateway.get("/admin/v1/tenants/" + tenant + "/keys", ADMIN)).path("data").path(0)
                .path("id").asString());
    }

    static void assertRefused(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(json(response).path("error").path("code").asString()).isEqualTo(code);
    }

    @Nested
    class ApiKeys {

        @Test
        void validKeyIsAccepted() {
            String key = newKey(newTenant("acme"), "");
            assertThat(gateway.chat(key, "model-a").statusCode()).isEqualTo(200);
        }

        @Test
        void missingKeyIsRefusedWithTheEnvelopeAndAChallenge() {
            HttpResponse<String> response = gateway.chat(null, "model-a");
            assertRefused(response, 401, "missing_api_key");
            assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                    value -> assertThat(value).startsWith("Bearer"));
        }

        @Test
        void unknownAndWrongKeysGetTheSameAnswer() {
            String key = newKey(newTenant("acme"), "");
            String wrongSecret = key.substring(0, key.length() - 4) + "AAAA";
            HttpResponse<String> wrong = gateway.chat(wrongSecret, "model-a");
            HttpResponse<String> unknown = gateway.chat("wg_live_AAAAAAAAAAAA_" + "B".repeat(32), "model-a");
            assertRefused(wrong, 401, "invalid_api_key");
            assertRefused(unknown, 401, "invalid_api_key");
            assertThat(wrong.body()).isEqualTo(unknown.body());
        }

        @Test
        void revokedKeyIsRejectedOnTheNextRequest() {
            UUID tenant = newTenant("acme");
            String key = newKey(tenant, "");
            assertThat(gateway.chat(key, "model-a").statusCode()).isEqualTo(200);

            gateway.delete("/admin/v1/tenants/" + tenant + "/keys/" + keyId(tenant, key), ADMIN);

            assertRefused(gateway.chat(key, "model-a"), 401, "invalid_api_key");
        }

        @Test
        void keyStopsWorkingWhenItExpires() throws InterruptedException {
            String key = newKey(newTenant("acme"), ",\"expires_at\":\"" + Instant.now().plusSeconds(2) + "\"");
            assertThat(gateway.chat(key, "model-a").statusCode()).isEqualTo(200);
            Thread.sleep(2_500);
            assertRefused(gateway.chat(key, "model-a"), 401, "invalid_api_key");
        }

        @Test
        void disabledTenantIsRefusedAndEnabledAgainIsAccepted() {
            UUID tenant = newTenant("acme");
            String key = newKey(tenant, "");
            gateway.patch("/admin/v1/tenants/" + tenant, ADMIN, "{\"status\":\"DISABLED\"}");
            assertRefused(gateway.chat(key, "model-a"), 403, "account_deactivated");

            gateway.patch("/admin/v1/tenants/" + tenant, ADMIN, "{\"status\":\"ACTIVE\"}");
            assertThat(gateway.chat(key, "model-a").statusCode()).isEqualTo(200);
        }

        @Test
        void keyScopedToAModelUsesItButNotAnother() {
            String key = newKey(newTenant("acme"), ",\"allowed_models\":[\"model-a\"]");
            assertThat(gateway.chat(key, "model-a").statusCode()).isEqualTo(200);
            assertRefused(gateway.chat(key, "model-b"), 404, "model_not_found");
            assertThat(json(gateway.get("/v1/models", key)).path("data").findValuesAsString("id"))
                    .containsExactly("model-a");
        }

        @Test
        void keyScopedToListingModelsCannotChat() {
            String key = newKey(newTenant("acme"), ",\"allowed_endpoints\":[\"models\"]");
            assertThat(gateway.get("/v1/models", key).statusCode()).isEqualTo(200);
            assertRefused(gateway.chat(key, "model-a"), 403, "insufficient_scope");
        }

        @Test
        void keyIsShownOnceAndNeverLogged(CapturedOutput output) {
            UUID tenant = newTenant("acme");
            HttpResponse<String> created = createKey(tenant, ADMIN, "");
            String key = json(created).path("key").asString();
            assertThat(key).startsWith("wg_live_");
            gateway.chat(key, "model-a");

            assertThat(gateway.get("/admin/v1/tenants/" + tenant + "/keys", ADMIN).body()).doesNotContain(key)
                    .doesNotContain("\"key\"");
            assertThat(output.getAll()).doesNotContain(key).doesNotContain(key.substring(key.lastIndexOf('_') + 1));
        }

        @Test
        void rotationKeepsTheOldKeyDuringTheOverlap() {
            UUID tenant = newTenant("acme");
            String old = newKey(tenant, "");
            HttpResponse<String> rotated = gateway.post("/admin/v1/tenants/" + tenant + "/keys/" + keyId(tenant, old)
                    + "/rotate", ADMIN, "{\"overlap_seconds\":3600}");
            String replacement = json(rotated).path("key").asString();

            assertThat(gateway.chat(replacement, "model-a").statusCode()).isEqualTo(200);
            assertThat(gateway.chat(old, "model-a").statusCode()).isEqualTo(200);
        }

        @Test
        void rotationWithoutOverlapRetiresTheOldKeyAtOnce() {
            UUID tenant = newTenant("acme");
            String old = newKey(tenant, "");
            HttpResponse<String> rotated = gateway.post("/admin/v1/tenants/" + tenant + "/keys/" + keyId(tenant, old)
                    + "/rotate", ADMIN, "{\"overlap_seconds\":0}");
            String replacement = json(rotated).path("key").asString();

            assertThat(gateway.chat(replacement, "model-a").statusCode()).isEqualTo(200);
            assertRefused(gateway.chat(old, "model-a"), 401, "invalid_api_key");
        }
    }

    @Nested
    class SingleSignOn {

        Map<String, Object> claims(UUID tenant, String... roles) {
            return Map.of("tenant", tenant.toString(), "realm_access", Map.of("roles", List.of(roles)));
        }

        @Test
        void tokenFromTheIssuerWithATenantIsAccepted() {
            UUID tenant = newTenant("sso");
            assertThat(gateway.chat(sso.token("alice", claims(tenant, "user")), "model-a").statusCode()).isEqualTo(200);
        }

        @Test
        void tokenSignedByAnUnpublishedKeyIsRefused() {
            UUID tenant = newTenant("sso");
            assertRefused(gateway.chat(sso.forgedToken("mallory", claims(tenant, "user")), "model-a"), 401,
                    "invalid_api_key");
        }

        @Test
        void expiredTokenIsRefused() {
            UUID tenant = newTenant("sso");
            assertRefused(gateway.chat(sso.expiredToken("alice", claims(tenant, "user")), "model-a"), 401,
                    "invalid_api_key");
        }

        @Test
        void tokenNamingNoKnownTenantIsRefused() {
            assertRefused(gateway.chat(sso.token("bob", claims(UUID.randomUUID(), "user")), "model-a"), 401,
                    "invalid_api_key");
        }

        @Test
        void tenantAdminRoleFromTheTokenManagesItsOwnTenant() {
            UUID tenant = newTenant("sso");
            String token = sso.token("carol", claims(tenant, "tenant-admin"));
            assertThat(createKey(tenant, token, "").statusCode()).isEqualTo(201);
            assertRefused(createKey(newTenant("other"), token, ""), 404, "tenant_not_found");
        }

        @Test
        void userRoleFromTheTokenCannotAdminister() {
            UUID tenant = newTenant("sso");
            assertRefused(gateway.get("/admin/v1/tenants/" + tenant + "/keys", sso.token("dave", claims(tenant, "user"))),
                    403, "insufficient_permissions");
        }
    }

    @Nested
    class Roles {

        @Test
        void platformAdminCreatesTenants() {
            assertThat(gateway.post("/admin/v1/tenants", ADMIN, "{\"name\":\"t-" + UUID.randomUUID() + "\"}")
                    .statusCode()).isEqualTo(201);
        }

        @Test
        void tenantAdminCannotCreateTenants() {
            UUID tenant = newTenant("acme");
            String tenantAdmin = newKey(tenant, ",\"roles\":[\"tenant-admin\"]");
            assertRefused(gateway.post("/admin/v1/tenants", tenantAdmin, "{\"name\":\"t-" + UUID.randomUUID() + "\"}"),
                    403, "insufficient_permissions");
        }

        @Test
        void tenantAdminCreatesKeysForItsTenantButCannotGrantPlatformAdmin() {
            UUID tenant = newTenant("acme");
            String tenantAdmin = newKey(tenant, ",\"roles\":[\"tenant-admin\"]");
            assertThat(createKey(tenant, tenantAdmin, ",\"roles\":[\"user\"]").statusCode()).isEqualTo(201);
            assertRefused(createKey(tenant, tenantAdmin, ",\"roles\":[\"platform-admin\"]"), 403,
                    "insufficient_permissions");
        }

        @Test
        void auditorReadsItsTenantsKeysButCannotCreateOne() {
            UUID tenant = newTenant("acme");
            String auditor = newKey(tenant, ",\"roles\":[\"auditor\"]");
            assertThat(gateway.get("/admin/v1/tenants/" + tenant + "/keys", auditor).statusCode()).isEqualTo(200);
            assertRefused(createKey(tenant, auditor, ""), 403, "insufficient_permissions");
        }

        @Test
        void auditorCannotChat() {
            String auditor = newKey(newTenant("acme"), ",\"roles\":[\"auditor\"]");
            assertRefused(gateway.chat(auditor, "model-a"), 403, "insufficient_permissions");
        }

        @Test
        void userCannotUseTheAdminApi() {
            UUID tenant = newTenant("acme");
            String user = newKey(tenant, "");
            assertRefused(gateway.get("/admin/v1/tenants/" + tenant, user), 403, "insufficient_permissions");
        }
    }

    @Nested
    class TenantIsolation {

        @Test
        void tenantAdminSeesOnlyItsOwnTenant() {
            UUID mine = newTenant("mine");
            newTenant("theirs");
            String tenantAdmin = newKey(mine, ",\"roles\":[\"tenant-admin\"]");
            assertThat(json(gateway.get("/admin/v1/tenants", tenantAdmin)).path("data").findValuesAsString("id"))
                    .containsExactly(mine.toString());
        }

        @Test
        void tenantAdminCannotReachAnotherTenantByAnyPath() {
            UUID mine = newTenant("mine");
            UUID theirs = newTenant("theirs");
            String tenantAdmin = newKey(mine, ",\"roles\":[\"tenant-admin\"]");
            String theirKey = newKey(theirs, "");
            UUID theirKeyId = keyId(theirs, theirKey);
            String base = "/admin/v1/tenants/" + theirs;

            assertRefused(gateway.get(base, tenantAdmin), 404, "tenant_not_found");
            assertRefused(gateway.patch(base, tenantAdmin, "{\"status\":\"DISABLED\"}"), 404, "tenant_not_found");
            assertRefused(gateway.delete(base, tenantAdmin), 404, "tenant_not_found");
            assertRefused(gateway.get(base + "/keys", tenantAdmin), 404, "tenant_not_found");
            assertRefused(gateway.get(base + "/keys/" + theirKeyId, tenantAdmin), 404, "tenant_not_found");
            assertRefused(createKey(theirs, tenantAdmin, ""), 404, "tenant_not_found");
            assertRefused(gateway.delete(base + "/keys/" + theirKeyId, tenantAdmin), 404, "tenant_not_found");
            assertRefused(gateway.post(base + "/keys/" + theirKeyId + "/rotate", tenantAdmin, "{}"), 404,
                    "tenant_not_found");
            // Their key's id under my own tenant's path is no key of mine.
            assertRefused(gateway.delete("/admin/v1/tenants/" + mine + "/keys/" + theirKeyId, tenantAdmin), 404,
                    "key_not_found");

            assertThat(gateway.chat(theirKey, "model-a").statusCode()).as("their key still works").isEqualTo(200);
        }

        @Test
        void unknownTenantLooksLikeAForbiddenOne() {
            String tenantAdmin = newKey(newTenant("mine"), ",\"roles\":[\"tenant-admin\"]");
            HttpResponse<String> unknown = gateway.get("/admin/v1/tenants/" + UUID.randomUUID(), tenantAdmin);
            assertRefused(unknown, 404, "tenant_not_found");
        }
    }

    @Test
    void describesTheWholeApiInAnOpenApiDocument() {
        HttpResponse<String> response = gateway.get("/v3/api-docs", null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).path("paths").propertyNames())
                .contains("/v1/chat/completions", "/v1/models", "/admin/v1/tenants", "/admin/v1/tenants/{tenantId}/keys");
    }
}
