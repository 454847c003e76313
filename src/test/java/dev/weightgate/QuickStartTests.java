package dev.weightgate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weightgate.tenancy.Tenant;
import dev.weightgate.tenancy.Tenants;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
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
 * PostgreSQL mode, migrated by the same Flyway scripts as production, with nothing installed. Only the database
 * folder is moved, from ./data to a temporary one.
 */
class QuickStartTests {

    @TempDir
    Path dataDir;

    @Test
    void startsOnTheEmbeddedDatabaseWithTheSameMigrations() throws Exception {
        String defaultUrl = defaultDatasourceUrl();
        assertThat(defaultUrl).startsWith("jdbc:h2:file:./data/").contains("MODE=PostgreSQL");
        String url = defaultUrl.replace("./data/", dataDir.toAbsolutePath() + "/");

        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(WeightgateApplication.class)
                .properties("server.port=0", "spring.datasource.url=" + url)
                .run()) {
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
            assertThat(jdbc.queryForObject("select count(*) from flyway_schema_history where success", Integer.class))
                    .isPositive();

            Tenants tenants = context.getBean(Tenants.class);
            Tenant saved = tenants.saveAndFlush(Tenant.create("quick-start", Instant.now()));
            assertThat(tenants.findByName("quick-start")).hasValueSatisfying(t -> assertThat(t.id()).isEqualTo(saved.id()));

            int port = ((WebServerApplicationContext) context).getWebServer().getPort();
            HttpResponse<String> models = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/models")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(models.statusCode()).isEqualTo(200);
            assertThat(models.body()).contains("\"object\":\"list\"");
        }
    }

    private static String defaultDatasourceUrl() {
        YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
        yaml.setResources(new ClassPathResource("application.yml"));
        return yaml.getObject().getProperty("spring.datasource.url");
    }
}
