package dev.weightgate.bench;

import dev.weightgate.WeightgateApplication;
import dev.weightgate.support.FakeOpenAiServer;
import dev.weightgate.support.GatewayClient;
import dev.weightgate.support.PostgresTestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The gateway's own cost per request, end to end over HTTP: wrk drives non-streamed chat completions once straight
 * at a local OpenAI-protocol upstream and once through the gateway (API key, policy decision, quota reservation and
 * settlement, audit record with redacted and encrypted content, all on PostgreSQL), and prints wrk's figures for
 * both. The difference in latency is what the gateway adds. Not a test: run by hand (docs/benchmarks.md); needs
 * {@code wrk} on the PATH. Arguments: seconds per run (default 15), connections (default 32).
 */
public final class GatewayLoadBenchmark {

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        int connections = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        try (FakeOpenAiServer upstream = FakeOpenAiServer.start();
             PostgresTestDatabase.Shared database = PostgresTestDatabase.Shared.create();
             ConfigurableApplicationContext gateway = new SpringApplicationBuilder(WeightgateApplication.class)
                     .run(database.argumentsAnd("--server.port=0",
                             "--weightgate.bootstrap.admin-key=bench-admin", "--logging.level.root=WARN",
                             "--logging.level.weightgate.requests=" + System.getProperty("requestLog", "WARN"),
                             "--weightgate.models[0].id=model-a", "--weightgate.models[0].remote.base-url=" + upstream.baseUrl(),
                             "--weightgate.models[0].remote.model=echo"))) {
            int port = ((WebServerApplicationContext) gateway).getWebServer().getPort();
            GatewayClient client = new GatewayClient(port);
            UUID tenant = client.createTenant("bench-admin", "load");
            client.put("/admin/v1/tenants/" + tenant + "/quotas", "bench-admin",
                    "{\"tenant\":{\"requests_per_minute\":100000000,\"tokens_per_minute\":1000000000}}");
            String key = client.createKey("bench-admin", tenant, "");

            String direct = Boolean.getBoolean("skipDirect") ? "(skipped)"
                    : wrk(upstream.baseUrl() + "/chat/completions", "echo", null, seconds, connections);
            String through = wrk("http://127.0.0.1:" + port + "/v1/chat/completions", "model-a", key, seconds, connections);
            String models = wrkGet("http://127.0.0.1:" + port + "/v1/models", key, seconds, connections);
            System.out.println("=== straight to the upstream\n" + direct);
            System.out.println("=== GET /v1/models through the gateway (authentication, audit, no upstream)\n" + models);
            System.out.println("=== through the gateway\n" + through);
        }
    }

    private static String wrkGet(String url, String key, int seconds, int connections) throws Exception {
        Process wrk = new ProcessBuilder("wrk", "-t" + Math.min(2, connections), "-c" + connections, "-d" + seconds + "s",
                "--latency", "-H", "Authorization: Bearer " + key, url).redirectErrorStream(true).start();
        String output = new String(wrk.getInputStream().readAllBytes());
        wrk.waitFor();
        return output;
    }

    private static String wrk(String url, String model, String key, int seconds, int connections) throws Exception {
        Path script = Files.createTempFile("wrk", ".lua");
        Files.writeString(script, """
                wrk.method = "POST"
                wrk.body = '{"model":"%s","max_tokens":16,"messages":[{"role":"user","content":"Summarise: reach jane.doe@example.com"}]}'
                wrk.headers["Content-Type"] = "application/json"
                %s
                """.formatted(model, key == null ? "" : "wrk.headers[\"Authorization\"] = \"Bearer " + key + "\""));
        Process wrk = new ProcessBuilder("wrk", "-t" + Math.min(2, connections), "-c" + connections, "-d" + seconds + "s", "--latency",
                "-s", script.toString(), url).redirectErrorStream(true).start();
        String output = new String(wrk.getInputStream().readAllBytes());
        wrk.waitFor();
        Files.deleteIfExists(script);
        return output;
    }
}
