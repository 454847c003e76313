package dev.weightgate.tenancy;

import static dev.weightgate.support.GatewayClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weightgate.WeightgateApplication;
import dev.weightgate.support.Eventually;
import dev.weightgate.support.FakeOpenAiServer;
import dev.weightgate.support.GatewayClient;
import dev.weightgate.support.PostgresTestDatabase;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two gateway replicas sharing one PostgreSQL: a key revoked, or a tenant disabled, through one replica is refused by
 * the other as soon as it has seen the change (within its poll interval), although the other had the key cached.
 */
class ReplicaConsistencyTests {

    static final String ADMIN = "replica-tests-platform-admin-key";

    static ConfigurableApplicationContext replica(PostgresTestDatabase.Shared database, FakeOpenAiServer upstream) {
        String[] own = {"--server.port=0", "--weightgate.bootstrap.admin-key=" + ADMIN,
                "--weightgate.models[0].id=model-a", "--weightgate.models[0].remote.base-url=" + upstream.baseUrl(),
                "--weightgate.models[0].remote.model=echo"};
        return new SpringApplicationBuilder(WeightgateApplication.class)
                .run(database.argumentsAnd(own));
    }

    static GatewayClient client(ConfigurableApplicationContext context) {
        return new GatewayClient(((WebServerApplicationContext) context).getWebServer().getPort());
    }

    static void waitUntil(BooleanSupplier condition) {
        Eventually.waitUntil(Duration.ofSeconds(10), "the other replica saw the change", condition);
    }

    @Test
    void revocationAndDisablingReachTheOtherReplica() throws Exception {
        try (FakeOpenAiServer upstream = new FakeOpenAiServer();
             PostgresTestDatabase.Shared database = PostgresTestDatabase.Shared.create();
             ConfigurableApplicationContext first = replica(database, upstream);
             ConfigurableApplicationContext second = replica(database, upstream)) {
            GatewayClient one = client(first);
            GatewayClient two = client(second);

            HttpResponse<String> tenant = one.post("/admin/v1/tenants", ADMIN, "{\"name\":\"r-" + UUID.randomUUID() + "\"}");
            String tenantPath = "/admin/v1/tenants/" + json(tenant).path("id").asString();
            HttpResponse<String> created = one.post(tenantPath + "/keys", ADMIN, "{\"name\":\"k\"}");
            String key = json(created).path("key").asString();
            String keyId = json(created).path("id").asString();
            HttpResponse<String> other = one.post(tenantPath + "/keys", ADMIN, "{\"name\":\"k2\"}");
            String otherKey = json(other).path("key").asString();

            assertThat(two.chat(key, "model-a").statusCode()).as("cached on the second replica").isEqualTo(200);
            assertThat(two.chat(otherKey, "model-a").statusCode()).isEqualTo(200);

            one.delete(tenantPath + "/keys/" + keyId, ADMIN);
            waitUntil(() -> two.chat(key, "model-a").statusCode() == 401);
            assertThat(two.chat(otherKey, "model-a").statusCode()).as("only the revoked key").isEqualTo(200);

            one.patch(tenantPath, ADMIN, "{\"status\":\"DISABLED\"}");
            waitUntil(() -> two.chat(otherKey, "model-a").statusCode() == 403);
        }
    }
}
