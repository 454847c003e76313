package dev.weightgate.audit;

import static dev.weightgate.support.GatewayClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weightgate.support.Eventually;
import dev.weightgate.support.FakeOpenAiServer;
import dev.weightgate.support.GatewayClient;
import dev.weightgate.support.PostgresTest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The audit trail end to end: every request is recorded whatever its outcome, content is kept as each tenant's
 * logging mode says and never in plaintext, and the chain exposes every edit, deletion and reordering made behind
 * the gateway's back in SQL.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@PostgresTest
class AuditTrailTests {

    static final String ADMIN = "audit-tests-platform-admin-key";
    static final FakeOpenAiServer upstream = FakeOpenAiServer.start();

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    GatewayClient gateway;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("weightgate.bootstrap.admin-key", () -> ADMIN);
        upstream.register(registry, "model-a");
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

    Tenant tenant(String mode, String... roles) {
        UUID id = gateway.createTenant(ADMIN, "audit");
        gateway.put("/admin/v1/tenants/" + id + "/audit-policy", ADMIN, "{\"logging_mode\":\"" + mode + "\"}");
        String roleList = roles.length == 0 ? "" : ",\"roles\":[\"" + String.join("\",\"", roles) + "\"]";
        return new Tenant(id, gateway.createKey(ADMIN, id, roleList));
    }

    String chat(String key, String prompt) {
        HttpResponse<String> response = gateway.post("/v1/chat/completions", key, """
                {"model":"model-a","messages":[{"role":"user","content":"%s"}]}""".formatted(prompt));
        return response.headers().firstValue("x-request-id").orElseThrow();
    }

    Map<String, Object> recordOf(String requestId) {
        waitUntil(() -> count("SELECT count(*) FROM audit_record WHERE id = ?", requestId) == 1);
        return jdbc.queryForMap("SELECT * FROM audit_record WHERE id = ?", requestId);
    }

    int count(String sql, Object... args) {
        Integer n = jdbc.queryForObject(sql, Integer.class, args);
        return n == null ? 0 : n;
    }

    static void waitUntil(BooleanSupplier condition) {
        Eventually.waitUntil(Duration.ofSeconds(15), "condition met", condition);
    }

    HttpResponse<String> verify() {
        return gateway.get("/admin/v1/audit/verify", ADMIN);
    }

    void flushed() {
        // Wait until the writer has caught up: a marker request's record is in the database.
        recordOf(chat(tenant("NONE").key(), "marker"));
    }

    @Nested
    class EveryRequest {

        @Test
        void recordsACompletionWithItsCallerTokensAndTimings() {
            Tenant acme = tenant("FULL");
            Map<String, Object> row = recordOf(chat(acme.key(), "hello"));
            assertThat(row.get("tenant_id")).isEqualTo(acme.id());
            assertThat(row.get("key_id")).isNotNull();
            assertThat(row.get("model")).isEqualTo("model-a");
            assertThat(row.get("backend")).isEqualTo("remote");
            assertThat(row.get("status")).isEqualTo(200);
            assertThat(row.get("finish_reason")).isEqualTo("stop");
            assertThat(((Number) row.get("total_tokens")).longValue()).isEqualTo(11);
            assertThat(row.get("latency_ms")).isNotNull();
            assertThat(row.get("client_address")).isNotNull();
            assertThat(row.get("endpoint")).isEqualTo("POST /v1/chat/completions");
        }

        @Test
        void recordsARefusalForAMissingKey() {
            HttpResponse<String> response = gateway.post("/v1/chat/completions", null, "{}");
            Map<String, Object> row = recordOf(response.headers().firstValue("x-request-id").orElseThrow());
            assertThat(row.get("status")).isEqualTo(401);
            assertThat(row.get("error_code")).isEqualTo("missing_api_key");
        }

        @Test
        void recordsAnInvalidRequestAndAnUnknownModel() {
            Tenant acme = tenant("FULL");
            HttpResponse<String> bad = gateway.post("/v1/chat/completions", acme.key(), "{\"model\":\"model-a\"}");
            assertThat(recordOf(bad.headers().firstValue("x-request-id").orElseThrow()).get("error_code"))
                    .isEqualTo("missing_required_parameter");
            HttpResponse<String> unknown = gateway.post("/v1/chat/completions", acme.key(),
                    "{\"model\":\"nope\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
            assertThat(recordOf(unknown.headers().firstValue("x-request-id").orElseThrow()).get("status")).isEqualTo(404);
        }

        @Test
        void recordsOtherEndpointsAndAdminChanges() {
            Tenant acme = tenant("FULL");
            HttpResponse<String> models = gateway.get("/v1/models", acme.key());
            assertThat(recordOf(models.headers().firstValue("x-request-id").orElseThrow()).get("endpoint"))
                    .isEqualTo("GET /v1/models");
            waitUntil(() -> count("SELECT count(*) FROM audit_record WHERE kind = 'ADMIN' AND action = 'api_key.created' "
                    + "AND tenant_id = ?", acme.id()) == 1);
        }
    }

    @Nested
    class Content {

        @Test
        void fullModeKeepsTheContentEncryptedAndReadableByAnAuditor() {
            Tenant acme = tenant("FULL");
            String id = chat(acme.key(), "my secret plan");
            Map<String, Object> row = recordOf(id);
            assertThat((String) row.get("content")).isNotBlank().doesNotContain("secret plan");

            String auditor = json(gateway.post("/admin/v1/tenants/" + acme.id() + "/keys", ADMIN,
                    "{\"name\":\"a\",\"roles\":[\"auditor\"]}")).path("key").asString();
            HttpResponse<String> read = gateway.get("/admin/v1/audit/records/" + id, auditor);
            assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
            assertThat(json(read).path("content").path("prompt").asString()).contains("my secret plan");
            assertThat(json(read).path("content").path("completion").asString()).isEqualTo("Hello from upstream");
            waitUntil(() -> count("SELECT count(*) FROM audit_record WHERE kind = 'CONTENT_ACCESS' AND details LIKE ?",
                    "%" + id + "%") == 1);
        }

        @Test
        void tenantAdminMayNotReadContent() {
            Tenant acme = tenant("FULL", "tenant-admin", "user");
            String id = chat(acme.key(), "private");
            recordOf(id);
            assertThat(gateway.get("/admin/v1/audit/records/" + id, acme.key()).statusCode()).isEqualTo(403);
        }

        @Test
        void redactedModeMasksPersonalDataBeforeStorage() {
            Tenant acme = tenant("REDACTED");
            String id = chat(acme.key(), "write to jane.doe@example.com");
            recordOf(id);
            HttpResponse<String> read = gateway.get("/admin/v1/audit/records/" + id + "?tenant_id=" + acme.id(), ADMIN);
            assertThat(json(read).path("content").path("prompt").asString()).contains("[EMAIL]")
                    .doesNotContain("jane.doe@example.com");
        }

        @Test
        void hashOnlyModeKeepsTheHashAndNoContent() {
            Tenant acme = tenant("HASH_ONLY");
            Map<String, Object> row = recordOf(chat(acme.key(), "just the hash"));
            assertThat(row.get("content")).isNull();
            assertThat((String) row.get("content_hash")).hasSize(64);
        }

        @Test
        void noneModeKeepsNothingOfTheContent() {
            Tenant acme = tenant("NONE");
            Map<String, Object> row = recordOf(chat(acme.key(), "forget me"));
            assertThat(row.get("content")).isNull();
            assertThat(row.get("content_hash")).isNull();
        }

        @Test
        void erasingContentKeepsTheChainVerifiable() {
            Tenant acme = tenant("FULL");
            String id = chat(acme.key(), "erase this");
            recordOf(id);
            assertThat(gateway.delete("/admin/v1/audit/records/" + id + "/content?tenant_id=" + acme.id(), ADMIN)
                    .statusCode()).isEqualTo(204);
            Map<String, Object> row = jdbc.queryForMap("SELECT * FROM audit_record WHERE id = ?", id);
            assertThat(row.get("content")).isNull();
            assertThat(row.get("content_hash")).isNotNull();
            flushed();
            assertThat(json(verify()).path("intact").asBoolean()).isTrue();
        }
    }

    @Nested
    class TamperEvidence {

        long seqOf(String requestId) {
            return ((Number) recordOf(requestId).get("seq")).longValue();
        }

        @Test
        void anUntouchedChainVerifies() {
            chat(tenant("FULL").key(), "one");
            flushed();
            HttpResponse<String> result = verify();
            assertThat(result.statusCode()).isEqualTo(200);
            assertThat(json(result).path("intact").asBoolean()).as(result.body()).isTrue();
            assertThat(json(result).path("records_checked").asLong()).isPositive();
        }

        @Test
        void anEditedRowIsFound() {
            long seq = seqOf(chat(tenant("FULL").key(), "edit me"));
            flushed();
            jdbc.update("UPDATE audit_record SET total_tokens = 1 WHERE seq = ?", seq);
            try {
                assertBrokenAt(seq);
            } finally {
                jdbc.update("UPDATE audit_record SET total_tokens = 11 WHERE seq = ?", seq);
            }
            assertThat(json(verify()).path("intact").asBoolean()).isTrue();
        }

        @Test
        void aDeletedRowIsFound() {
            long seq = seqOf(chat(tenant("FULL").key(), "delete me"));
            flushed();
            jdbc.execute("CREATE TABLE audit_backup_" + seq + " AS SELECT * FROM audit_record WHERE seq = " + seq);
            jdbc.update("DELETE FROM audit_record WHERE seq = ?", seq);
            try {
                assertBrokenAt(seq);
            } finally {
                jdbc.execute("INSERT INTO audit_record SELECT * FROM audit_backup_" + seq);
                jdbc.execute("DROP TABLE audit_backup_" + seq);
            }
            assertThat(json(verify()).path("intact").asBoolean()).isTrue();
        }

        @Test
        void reorderedRowsAreFound() {
            long first = seqOf(chat(tenant("FULL").key(), "first"));
            flushed();
            long second = first + 1;
            jdbc.update("UPDATE audit_record SET seq = -1 WHERE seq = ?", first);
            jdbc.update("UPDATE audit_record SET seq = ? WHERE seq = ?", first, second);
            jdbc.update("UPDATE audit_record SET seq = ? WHERE seq = -1", second);
            try {
                assertBrokenAt(first);
            } finally {
                jdbc.update("UPDATE audit_record SET seq = -1 WHERE seq = ?", first);
                jdbc.update("UPDATE audit_record SET seq = ? WHERE seq = ?", first, second);
                jdbc.update("UPDATE audit_record SET seq = ? WHERE seq = -1", second);
            }
            assertThat(json(verify()).path("intact").asBoolean()).isTrue();
        }

        void assertBrokenAt(long seq) {
            HttpResponse<String> result = verify();
            assertThat(json(result).path("intact").asBoolean()).as(result.body()).isFalse();
            assertThat(json(result).path("broken_at_seq").asLong()).as(result.body()).isEqualTo(seq);
            assertThat(json(result).path("problem").asString()).isNotBlank();
        }
    }

    @Test
    void exportsTheTrailAsJsonLinesAndCsv() {
        Tenant acme = tenant("FULL");
        String id = chat(acme.key(), "export me");
        recordOf(id);
        HttpResponse<String> jsonl = gateway.get("/admin/v1/audit/export?format=jsonl&tenant_id=" + acme.id(), ADMIN);
        assertThat(jsonl.statusCode()).isEqualTo(200);
        assertThat(jsonl.body().lines().map(line -> json(line).path("id").asString())).contains(id);
        assertThat(jsonl.body()).doesNotContain("export me");
        HttpResponse<String> csv = gateway.get("/admin/v1/audit/export?format=csv&tenant_id=" + acme.id(), ADMIN);
        assertThat(csv.body().lines().findFirst()).hasValueSatisfying(header -> assertThat(header).startsWith("seq,id,kind"));
        assertThat(csv.body()).contains(id);
    }
}
