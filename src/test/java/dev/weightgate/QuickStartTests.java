package dev.weightgate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weightgate.tenancy.Tenant;
import dev.weightgate.tenancy.Tenants;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The README's quick start: with its default settings the gateway runs on an embedded H2 file database in
 * PostgreSQL mode, migrated by the same Flyway scripts as production, with nothing installed, and a first
 * platform-admin key is generated into a file only its owner can read, and with no model configured a random-weight
 * demo model answers chat completions. Only the data and models folders are moved to a temporary one.
 */
class QuickStartTests {

    @TempDir
    Path dataDir;

    @Test
    void startsOnTheEmbeddedDatabaseWithTheSameMigrations() throws Exception {
        String defaultUrl = defaultDatasourceUrl();
        assertThat(defaultUrl).startsWith("jdbc:h2:file:./data/").contains("MODE=PostgreSQL");
        String url = defaultUrl.replace("./data/", dataDir.toAbsolutePath() + "/");
        Path keyFile = dataDir.resolve("bootstrap-admin-key");

        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(WeightgateApplication.class)
                .run("--server.port=0", "--spring.datasource.url=" + url,
                        "--weightgate.security.bootstrap-key-file=" + keyFile,
                        "--weightgate.audit.master-key-file=" + dataDir.resolve("audit-master-key"),
                        "--weightgate.audit.signing-key-file=" + dataDir.resolve("audit-signing-key"),
                        "--weightgate.audit.spool-file=" + dataDir.resolve("audit-spool.log"),
                        "--weightgate.engine.models-dir=" + dataDir.resolve("models"))) {
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
            assertThat(jdbc.queryForObject("select count(*) from flyway_schema_history where success", Integer.class))
                    .isPositive();

            Tenants tenants = context.getBean(Tenants.class);
            Tenant saved = tenants.saveAndFlush(Tenant.create("quick-start", Instant.now()));
            assertThat(tenants.findByName("quick-start")).hasValueSatisfying(t -> assertThat(t.id()).isEqualTo(saved.id()));

            assertThat(Files.getPosixFilePermissions(keyFile)).containsExactlyInAnyOrder(
                    PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
            String adminKey = Files.readString(keyFile).strip();

            int port = ((WebServerApplicationContext) context).getWebServer().getPort();
            HttpClient http = HttpClient.newHttpClient();
            URI modelsUri = URI.create("http://localhost:" + port + "/v1/models");
            assertThat(http.send(HttpRequest.newBuilder(modelsUri).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode()).as("no key, no models").isEqualTo(401);
            HttpResponse<String> models = http.send(HttpRequest.newBuilder(modelsUri)
                    .header("Authorization", "Bearer " + adminKey).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(models.statusCode()).isEqualTo(200);
            assertThat(models.body()).contains("\"object\":\"list\"");
            // Nothing configured: a random-weight demo model is written and served, so the quick start can chat.
            assertThat(models.body()).contains("\"id\":\"demo-random-weights\"");
            assertThat(dataDir.resolve("models/demo-random-weights.gguf")).isRegularFile();
            HttpResponse<String> chat = http.send(HttpRequest.newBuilder(
                            URI.create("http://localhost:" + port + "/v1/chat/completions"))
                    .header("Authorization", "Bearer " + adminKey).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("""
                            {"model":"demo-random-weights","max_tokens":8,
                             "messages":[{"role":"user","content":"Hello"}]}"""))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(chat.statusCode()).as(chat.body()).isEqualTo(200);
            assertThat(chat.body()).contains("\"object\":\"chat.completion\"").contains("\"completion_tokens\":");

            // The audit trail works on the embedded database too: both requests are in the chain.
            String requestId = models.headers().firstValue("x-request-id").orElseThrow();
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(15).toNanos();
            while (jdbc.queryForObject("select count(*) from audit_record where id = ?", Integer.class, requestId) == 0) {
                assertThat(System.nanoTime()).as("audit record written on H2").isLessThan(deadline);
                Thread.sleep(20);
            }
        }
    }

    private static String defaultDatasourceUrl() {
        YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
        yaml.setResources(new ClassPathResource("application.yml"));
        return yaml.getObject().getProperty("spring.datasource.url");
    }
}
