package dev.weightgate.api;

import static dev.weightgate.support.GatewayClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weightgate.support.FakeOpenAiServer;
import dev.weightgate.support.GatewayClient;
import dev.weightgate.support.PostgresTest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
 * Quotas through the API, as a client meets them: limits set with the admin API, the rate-limit headers on every
 * completion, a 429 with {@code Retry-After} when a limit is reached, and a small budget that hundreds of concurrent
 * requests cannot overspend.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@PostgresTest
class QuotaEnforcementTests {

    static final String ADMIN = "quota-enforcement-admin-key";
    static final FakeOpenAiServer upstream = FakeOpenAiServer.start();
    /** What the fake upstream reports for every non-streamed completion. */
    static final int TOKENS_PER_COMPLETION = 11;

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

    Tenant tenantWithLimits(String limitsJson) {
        UUID id = gateway.createTenant(ADMIN, "q");
        HttpResponse<String> set = gateway.put("/admin/v1/tenants/" + id + "/quotas", ADMIN,
                "{\"tenant\":" + limitsJson + "}");
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
        return new Tenant(id, gateway.createKey(ADMIN, id, ""));
    }

    HttpResponse<String> chat(String key, int maxTokens) {
        return gateway.post("/v1/chat/completions", key, """
                {"model":"model-a","max_tokens":%d,"messages":[{"role":"user","content":"hi"}]}""".formatted(maxTokens));
    }

    @Test
    void answersEveryCompletionWithItsRateLimits() {
        Tenant tenant = tenantWithLimits("{\"requests_per_minute\":100,\"tokens_per_minute\":10000}");
        HttpResponse<String> response = chat(tenant.key(), 10);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-ratelimit-limit-requests")).hasValue("100");
        assertThat(response.headers().firstValue("x-ratelimit-remaining-requests")).isPresent();
        assertThat(response.headers().firstValue("x-ratelimit-reset-requests")).isPresent();
        assertThat(response.headers().firstValue("x-ratelimit-limit-tokens")).hasValue("10000");
        assertThat(response.headers().firstValue("x-ratelimit-remaining-tokens")).isPresent();
    }

    @Test
    void refusesPastTheRequestRateWith429AndRetryAfter() {
        Tenant tenant = tenantWithLimits("{\"requests_per_minute\":2}");
        assertThat(chat(tenant.key(), 5).statusCode()).isEqualTo(200);
        assertThat(chat(tenant.key(), 5).statusCode()).isEqualTo(200);
        HttpResponse<String> third = chat(tenant.key(), 5);
        assertThat(third.statusCode()).isEqualTo(429);
        assertThat(json(third).path("error").path("code").asString()).isEqualTo("rate_limit_exceeded");
        assertThat(third.headers().firstValue("Retry-After")).hasValueSatisfying(
                seconds -> assertThat(Long.parseLong(seconds)).isBetween(1L, 60L));
        assertThat(third.headers().firstValue("x-ratelimit-remaining-requests")).hasValue("0");
    }

    @Test
    void refusesPastTheDailyBudgetAsInsufficientQuota() {
        Tenant tenant = tenantWithLimits("{\"tokens_per_day\":40}");
        HttpResponse<String> tooBig = chat(tenant.key(), 500);
        assertThat(tooBig.statusCode()).isEqualTo(429);
        assertThat(json(tooBig).path("error").path("code").asString()).isEqualTo("insufficient_quota");
    }

    @Test
    void refusesAMaxTokensAboveTheCeilingAndBoundsARequestWithoutOne() {
        Tenant tenant = tenantWithLimits("{\"max_tokens_per_request\":64}");
        HttpResponse<String> tooLong = chat(tenant.key(), 65);
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(json(tooLong).path("error").path("param").asString()).isEqualTo("max_tokens");
        assertThat(chat(tenant.key(), 64).statusCode()).isEqualTo(200);

        HttpResponse<String> unbounded = gateway.post("/v1/chat/completions", tenant.key(), """
                {"model":"model-a","messages":[{"role":"user","content":"hi"}]}""");
        assertThat(unbounded.statusCode()).isEqualTo(200);
        assertThat(upstream.lastRequest("echo").path("max_tokens").asInt()).as("the model is told the bound").isEqualTo(64);
    }

    @Test
    void twoHundredConcurrentRequestsNeverOverspendASmallBudget() throws Exception {
        int budget = 500;
        Tenant tenant = tenantWithLimits("{\"tokens_per_day\":" + budget + "}");
        int clients = 200;
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            calls.add(() -> {
                start.await();
                return chat(tenant.key(), 4);
            });
        }
        List<HttpResponse<String>> responses = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<HttpResponse<String>>> futures = new ArrayList<>();
            calls.forEach(call -> futures.add(pool.submit(call)));
            start.countDown();
            for (Future<HttpResponse<String>> future : futures) {
                responses.add(future.get());
            }
        }
        long served = responses.stream().filter(r -> r.statusCode() == 200).count();
        long refused = responses.stream().filter(r -> r.statusCode() == 429).count();
        assertThat(served + refused).as("every answer is a completion or a quota refusal").isEqualTo(clients);
        assertThat(served).as("some were served").isPositive();
        assertThat(refused).as("the budget ran out").isPositive();
        assertThat(served * TOKENS_PER_COMPLETION).as("tokens served stay within the budget").isLessThanOrEqualTo(budget);

        HttpResponse<String> usage = gateway.get("/admin/v1/tenants/" + tenant.id() + "/usage", ADMIN);
        assertThat(usage.statusCode()).isEqualTo(200);
        long charged = 0;
        long outstanding = 0;
        for (var counter : json(usage).path("counters")) {
            if (counter.path("limit").asString().equals("TOKENS_PER_DAY") && counter.path("level").asString().equals("TENANT")) {
                charged = counter.path("used").asLong();
                outstanding = counter.path("outstanding").asLong();
            }
        }
        assertThat(charged).as("charged what was served").isEqualTo(served * TOKENS_PER_COMPLETION);
        assertThat(outstanding).as("every reservation settled").isZero();
    }

    @Test
    void aTenantAdminCannotSetAnotherTenantsQuotas() {
        Tenant mine = tenantWithLimits("{}");
        String tenantAdmin = json(gateway.post("/admin/v1/tenants/" + mine.id() + "/keys", ADMIN,
                "{\"name\":\"ta\",\"roles\":[\"tenant-admin\"]}")).path("key").asString();
        Tenant theirs = tenantWithLimits("{}");
        assertThat(gateway.put("/admin/v1/tenants/" + theirs.id() + "/quotas", tenantAdmin,
                "{\"tenant\":{\"requests_per_minute\":1}}").statusCode()).isEqualTo(404);
        assertThat(gateway.get("/admin/v1/tenants/" + theirs.id() + "/usage", tenantAdmin).statusCode()).isEqualTo(404);
        assertThat(gateway.put("/admin/v1/tenants/" + mine.id() + "/quotas", tenantAdmin,
                "{\"tenant\":{\"requests_per_minute\":1}}").statusCode()).isEqualTo(200);
    }
}
