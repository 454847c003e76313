package dev.weightgate.audit;

import static dev.weightgate.support.GatewayClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weightgate.WeightgateApplication;
import dev.weightgate.support.Eventually;
import dev.weightgate.support.FakeOpenAiServer;
import dev.weightgate.support.GatewayClient;
import dev.weightgate.support.PostgresTestDatabase;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A gateway killed with SIGKILL while the database is down loses none of the records it had spooled: the next
 * gateway to start replays them, each stored once. The first gateway runs in a process of its own, so the kill is
 * real.
 */
class AuditCrashTests {

    static final String ADMIN = "audit-crash-admin-key";
    private static final Pattern PORT = Pattern.compile("Tomcat started on port (\\d+)");
    private static final Pattern STARTED = Pattern.compile("Started WeightgateApplication");

    @Test
    void spooledRecordsSurviveAKillAndAreReplayedAtTheNextStart() throws Exception {
        try (FakeOpenAiServer upstream = FakeOpenAiServer.start();
             PostgresTestDatabase.Shared database = PostgresTestDatabase.Shared.create()) {
            String[] own = {"--server.port=0", "--weightgate.bootstrap.admin-key=" + ADMIN,
                    "--weightgate.audit.retry-interval=200ms", "--spring.datasource.hikari.connection-timeout=1000",
                    "--weightgate.models[0].id=model-a", "--weightgate.models[0].remote.base-url=" + upstream.baseUrl(),
                    "--weightgate.models[0].remote.model=echo"};
            String[] arguments = database.argumentsAnd(own);
            Path spool = database.spoolFile().toAbsolutePath();

            Process process = startGatewayProcess(arguments);
            List<String> served = new ArrayList<>();
            try {
                GatewayClient gateway = new GatewayClient(awaitPort(process));
                String key = gateway.createKey(ADMIN, gateway.createTenant(ADMIN, "crash"), "");
                assertThat(gateway.chat(key, "model-a").statusCode()).isEqualTo(200);

                database.goDown();
                for (int i = 0; i < 40; i++) {
                    HttpResponse<String> response = gateway.chat(key, "model-a");
                    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                    served.add(response.headers().firstValue("x-request-id").orElseThrow());
                }
                // Every served record is on disk (header line + one line a record) before the kill.
                Eventually.waitUntil(Duration.ofSeconds(30), "records spooled",
                        () -> spooledLines(spool) >= served.size());
            } finally {
                process.destroyForcibly().waitFor();
            }
            assertThat(process.exitValue()).as("killed, not stopped").isEqualTo(137);

            database.comeBack();
            try (ConfigurableApplicationContext restarted = new SpringApplicationBuilder(WeightgateApplication.class)
                    .run(arguments)) {
                Eventually.waitUntil(Duration.ofSeconds(30), "spool replayed", () -> storedOnce(restarted, served));
            }
        }
    }

    private static Process startGatewayProcess(String[] arguments) throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-Xmx512m", "-cp", classpath,
                WeightgateApplication.class.getName()));
        command.addAll(List.of(arguments));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .directory(new File(System.getProperty("user.dir"))).start();
    }

    /**
     * Reads the child's log until it has started and named its port; keeps draining the log afterwards so the child
     * never blocks on a full pipe.
     */
    private static int awaitPort(Process process) throws Exception {
        BufferedReader log = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            int seen = -1;
            try {
                for (String line = log.readLine(); line != null; line = log.readLine()) {
                    Matcher matcher = PORT.matcher(line);
                    if (matcher.find()) {
                        seen = Integer.parseInt(matcher.group(1));
                    }
                    if (STARTED.matcher(line).find()) {
                        port.complete(seen);
                    }
                }
            } catch (java.io.IOException ignored) {
                // The process is gone.
            }
            port.completeExceptionally(new IllegalStateException("the gateway process ended before it started"));
        });
        return port.get(120, java.util.concurrent.TimeUnit.SECONDS);
    }

    private static long spooledLines(Path spool) {
        try {
            return Files.exists(spool) ? Math.max(0, Files.readAllLines(spool).size() - 1) : 0;
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    private static boolean storedOnce(ConfigurableApplicationContext context, List<String> ids) {
        var jdbc = context.getBean(org.springframework.jdbc.core.JdbcTemplate.class);
        Integer stored = jdbc.queryForObject("SELECT count(*) FROM audit_record WHERE id = ANY (?)", Integer.class,
                (Object) ids.toArray(String[]::new));
        Integer distinct = jdbc.queryForObject("SELECT count(DISTINCT id) FROM audit_record WHERE id = ANY (?)",
                Integer.class, (Object) ids.toArray(String[]::new));
        return stored != null && stored == ids.size() && distinct != null && distinct == ids.size();
    }
}
