package dev.weightgate.audit;

import static dev.weightgate.support.GatewayClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weightgate.WeightgateApplication;
import dev.weightgate.support.Eventually;
import dev.weightgate.support.FakeOpenAiServer;
import dev.weightgate.support.GatewayClient;
import dev.weightgate.support.PostgresTestDatabase;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.ArrayList;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Nothing is lost when PostgreSQL goes away: requests go on being served, their records wait in the spool, and they
 * all reach the database exactly once when it is back, whether the same gateway is still running or a new one starts
 * after the old one stopped.
 */
class AuditOutageTests {

    static final String ADMIN = "audit-outage-admin-key";

    ConfigurableApplicationContext gateway(PostgresTestDatabase.Shared database, FakeOpenAiServer upstream) {
        return gateway(database, upstream, database.spoolFile());
    }

    ConfigurableApplicationContext gateway(PostgresTestDatabase.Shared database, FakeOpenAiServer upstream,
                                           java.nio.file.Path spool) {
        String[] own = {"--server.port=0", "--weightgate.bootstrap.admin-key=" + ADMIN,
                "--weightgate.audit.retry-interval=200ms",
                "--spring.datasource.hikari.connection-timeout=1000",
                "--weightgate.models[0].id=model-a", "--weightgate.models[0].remote.base-url=" + upstream.baseUrl(),
                "--weightgate.models[0].remote.model=echo"};
        return new SpringApplicationBuilder(WeightgateApplication.class)
                .run(database.argumentsAnd(spool, own));
    }

    static GatewayClient client(ConfigurableApplicationContext context) {
        return new GatewayClient(((WebServerApplicationContext) context).getWebServer().getPort());
    }

    static String userKey(GatewayClient gateway) {
        String tenant = json(gateway.post("/admin/v1/tenants", ADMIN, "{\"name\":\"o-" + UUID.randomUUID() + "\"}"))
                .path("id").asString();
        return json(gateway.post("/admin/v1/tenants/" + tenant + "/keys", ADMIN, "{\"name\":\"k\"}")).path("key").asString();
    }

    /** Sends chats from four threads; every one must be served. Answers their request ids. */
    static List<String> load(GatewayClient gateway, String key, int requests) throws Exception {
        List<Callable<String>> calls = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            calls.add(() -> {
                HttpResponse<String> response = gateway.chat(key, "model-a");
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                return response.headers().firstValue("x-request-id").orElseThrow();
            });
        }
        List<String> served = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            for (Future<String> call : pool.invokeAll(calls)) {
                served.add(call.get());
            }
        }
        return served;
    }

    static int storedOnce(PostgresTestDatabase.Shared database, List<String> ids) {
        String[] args = database.arguments();
        String url = args[0].substring(args[0].indexOf('=') + 1);
        String user = args[1].substring(args[1].indexOf('=') + 1);
        String password = args[2].substring(args[2].indexOf('=') + 1);
        try (Connection connection = DriverManager.getConnection(url, user, password);
             var statement = connection.prepareStatement("SELECT id, count(*) FROM audit_record WHERE id = ANY (?) GROUP BY id")) {
            statement.setArray(1, connection.createArrayOf("varchar", ids.toArray()));
            int once = 0;
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    assertThat(rows.getInt(2)).as("record %s stored once", rows.getString(1)).isEqualTo(1);
                    once++;
                }
            }
            return once;
        } catch (java.sql.SQLException e) {
            return -1;
        }
    }

    static void waitUntil(BooleanSupplier condition) {
        Eventually.waitUntil(Duration.ofSeconds(30), "condition met", condition);
    }

    @Test
    void servesThroughAnOutageAndStoresEveryRecordOnceWhenTheDatabaseIsBack() throws Exception {
        try (FakeOpenAiServer upstream = new FakeOpenAiServer();
             PostgresTestDatabase.Shared database = PostgresTestDatabase.Shared.create();
             ConfigurableApplicationContext context = gateway(database, upstream)) {
            GatewayClient gateway = client(context);
            String key = userKey(gateway);
            String userKeyWhileUp = userKey(gateway);
            List<String> before = load(gateway, key, 20);

            database.goDown();
            List<String> during = load(gateway, key, 100);
            waitUntil(() -> Files.exists(database.spoolFile()));

            String unseen = userKeyWhileUp;
            HttpResponse<String> uncheckable = gateway.chat(unseen, "model-a");
            assertThat(uncheckable.statusCode()).as("a key never seen cannot be checked: %s", uncheckable.body())
                    .isEqualTo(503);
            assertThat(json(uncheckable).path("error").path("code").asString()).isEqualTo("authentication_unavailable");
            database.comeBack();

            List<String> all = Stream.of(before, during).flatMap(List::stream).toList();
            waitUntil(() -> storedOnce(database, all) == all.size());
            waitUntil(() -> !Files.exists(database.spoolFile()));
            HttpResponse<String> verification = gateway.get("/admin/v1/audit/verify", ADMIN);
            assertThat(json(verification).path("intact").asBoolean()).as(verification.body()).isTrue();
        }
    }

    @Test
    void aGatewayStartedAfterAnOutageReplaysWhatTheLastOneSpooled() throws Exception {
        try (FakeOpenAiServer upstream = new FakeOpenAiServer();
             PostgresTestDatabase.Shared database = PostgresTestDatabase.Shared.create()) {
            List<String> spooled;
            try (ConfigurableApplicationContext first = gateway(database, upstream)) {
                GatewayClient gateway = client(first);
                String key = userKey(gateway);
                // A key the gateway has not seen since the outage began cannot be checked; this one it has.
                List<String> before = load(gateway, key, 1);
                database.goDown();
                spooled = Stream.of(before, load(gateway, key, 30)).flatMap(List::stream).toList();
            }
            assertThat(Files.exists(database.spoolFile())).as("records left in the spool").isTrue();
            assertThat(Files.readString(database.spoolFile())).as("nothing in clear text")
                    .doesNotContain(spooled.getFirst()).doesNotContain("Say hello");

            database.comeBack();
            try (ConfigurableApplicationContext second = gateway(database, upstream)) {
                waitUntil(() -> storedOnce(database, spooled) == spooled.size());
                HttpResponse<String> verification = client(second).get("/admin/v1/audit/verify", ADMIN);
                assertThat(json(verification).path("intact").asBoolean()).as(verification.body()).isTrue();
            }
        }
    }

    @Test
    void refusesRequestsWhenNeitherDatabaseNorSpoolTakesRecordsUnlessTheTenantOptedOut() throws Exception {
        // A spool under /dev/null cannot be created: the spool fails as soon as it is needed.
        java.nio.file.Path impossibleSpool = java.nio.file.Path.of("/dev/null/weightgate/audit-spool.log");
        try (FakeOpenAiServer upstream = new FakeOpenAiServer();
             PostgresTestDatabase.Shared database = PostgresTestDatabase.Shared.create();
             ConfigurableApplicationContext context = gateway(database, upstream, impossibleSpool)) {
            GatewayClient gateway = client(context);
            String strict = userKey(gateway);
            String tenantOptingOut = json(gateway.post("/admin/v1/tenants", ADMIN, "{\"name\":\"lax-" + UUID.randomUUID() + "\"}"))
                    .path("id").asString();
            HttpResponse<String> optOut = gateway.put("/admin/v1/tenants/" + tenantOptingOut + "/audit-policy", ADMIN,
                    "{\"serve_when_audit_unavailable\":true}");
            assertThat(optOut.statusCode()).as(optOut.body()).isEqualTo(200);
            String lax = json(gateway.post("/admin/v1/tenants/" + tenantOptingOut + "/keys", ADMIN, "{\"name\":\"k\"}"))
                    .path("key").asString();
            load(gateway, strict, 1);
            load(gateway, lax, 1);

            database.goDown();
            waitUntil(() -> gateway.chat(strict, "model-a").statusCode() == 503);
            HttpResponse<String> refused = gateway.chat(strict, "model-a");
            assertThat(json(refused).path("error").path("code").asString()).isEqualTo("audit_unavailable");
            assertThat(gateway.chat(lax, "model-a").statusCode()).as("the tenant that opted out is served").isEqualTo(200);

            database.comeBack();
            waitUntil(() -> gateway.chat(strict, "model-a").statusCode() == 200);
        }
    }
}
