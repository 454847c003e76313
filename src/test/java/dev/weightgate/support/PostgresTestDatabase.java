package dev.weightgate.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.core.env.MapPropertySource;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * Gives each Spring test context a database of its own on a real PostgreSQL: a Testcontainers {@code postgres:18}
 * when a Docker daemon answers, otherwise the server named by {@code WEIGHTGATE_TEST_DATABASE_URL} (with
 * {@code WEIGHTGATE_TEST_DATABASE_USERNAME} and {@code WEIGHTGATE_TEST_DATABASE_PASSWORD}). With neither, the test
 * fails and says so: persistence tests never skip themselves.
 *
 * <p>Every context gets a freshly created database, dropped when the context closes, so tests in different contexts
 * never see each other's rows; tests sharing a context keep to data they create themselves.
 */
public final class PostgresTestDatabase implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    public static final String URL_VARIABLE = "WEIGHTGATE_TEST_DATABASE_URL";

    private static final String DROPPER = "postgresTestDatabaseDropper";

    private static Server server;

    /** Where the test databases are created: a container started once per test JVM, or the configured server. */
    record Server(String adminUrl, String username, String password) {

        String urlOf(String database) {
            int query = adminUrl.indexOf('?');
            String base = query < 0 ? adminUrl : adminUrl.substring(0, query);
            String params = query < 0 ? "" : adminUrl.substring(query);
            return base.substring(0, base.lastIndexOf('/') + 1) + database + params;
        }
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        Server target = server();
        String database = "wg_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        execute(target, "CREATE DATABASE " + database);
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("postgresTestDatabase", Map.of(
                "spring.datasource.url", target.urlOf(database),
                "spring.datasource.username", target.username(),
                "spring.datasource.password", target.password() == null ? "" : target.password(),
                "spring.datasource.hikari.maximum-pool-size", "5",
                // Generated keys and the audit spool go under target/, never into the project's ./data.
                "weightgate.security.bootstrap-key-file", "target/test-data/" + database + "/bootstrap-admin-key",
                "weightgate.audit.master-key-file", "target/test-data/" + database + "/audit-master-key",
                "weightgate.audit.signing-key-file", "target/test-data/" + database + "/audit-signing-key",
                "weightgate.audit.spool-file", "target/test-data/" + database + "/audit-spool.log",
                // No demo model, and never the developer's ./models: tests name the models they serve.
                "weightgate.engine.demo-model", "false",
                "weightgate.engine.models-dir", "target/test-data/" + database + "/models")));
        // Dropped once the context's DataSource is closed: earlier, beans still using it would see their
        // connections killed mid-shutdown.
        DisposableBean dropper = () -> execute(target, "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        DefaultListableBeanFactory beans = (DefaultListableBeanFactory) context.getBeanFactory();
        beans.registerSingleton(DROPPER, dropper);
        beans.registerDisposableBean(DROPPER, dropper);
        context.addBeanFactoryPostProcessor(factory -> factory.registerDependentBean(DROPPER, "dataSource"));
    }

    /**
     * A database for tests that run several application contexts against one PostgreSQL, as replicas do. Pass
     * {@link #arguments()} to each context; close it once they are all closed.
     */
    public record Shared(Server server, String database) implements AutoCloseable {

        public static Shared create() {
            Server target = PostgresTestDatabase.server();
            String database = "wg_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
            execute(target, "CREATE DATABASE " + database);
            return new Shared(target, database);
        }

        /** Where contexts given {@link #arguments()} spool audit records. */
        public java.nio.file.Path spoolFile() {
            return java.nio.file.Path.of("target/test-data/" + database + "/audit-spool.log");
        }

        /** Command-line arguments that point a context at this database. */
        public String[] arguments() {
            return arguments(spoolFile());
        }

        /** {@link #arguments()} followed by a context's own arguments. */
        public String[] argumentsAnd(String... own) {
            return argumentsAnd(spoolFile(), own);
        }

        /** The same, with the audit spool elsewhere. */
        public String[] argumentsAnd(java.nio.file.Path spool, String... own) {
            return java.util.stream.Stream.concat(java.util.stream.Stream.of(arguments(spool)),
                    java.util.stream.Stream.of(own)).toArray(String[]::new);
        }

        /** The same, with the audit spool elsewhere. */
        public String[] arguments(java.nio.file.Path spool) {
            return new String[] {
                    "--spring.datasource.url=" + server.urlOf(database),
                    "--spring.datasource.username=" + server.username(),
                    "--spring.datasource.password=" + (server.password() == null ? "" : server.password()),
                    "--spring.datasource.hikari.maximum-pool-size=5",
                    "--weightgate.security.bootstrap-key-file=target/test-data/" + database + "/bootstrap-admin-key",
                    "--weightgate.audit.master-key-file=target/test-data/" + database + "/audit-master-key",
                    "--weightgate.audit.signing-key-file=target/test-data/" + database + "/audit-signing-key",
                    "--weightgate.audit.spool-file=" + spool,
                    "--weightgate.engine.demo-model=false",
                    "--weightgate.engine.models-dir=target/test-data/" + database + "/models"};
        }

        /** Cuts every connection to this database and refuses new ones: a database outage, for this test only. */
        public void goDown() {
            execute(server, "ALTER DATABASE " + database + " ALLOW_CONNECTIONS false");
            execute(server, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database + "'");
        }

        public void comeBack() {
            execute(server, "ALTER DATABASE " + database + " ALLOW_CONNECTIONS true");
        }

        @Override
        public void close() {
            comeBack();
            execute(server, "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    /** The server every test database lives on, found once per JVM. */
    public static synchronized Server server() {
        if (server == null) {
            server = locate();
        }
        return server;
    }

    private static Server locate() {
        if (dockerAnswers()) {
            PostgreSQLContainer container = new PostgreSQLContainer("postgres:18");
            container.start();
            Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
            return new Server(container.getJdbcUrl(), container.getUsername(), container.getPassword());
        }
        String url = System.getenv(URL_VARIABLE);
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("Persistence tests need PostgreSQL: no Docker daemon answers, and "
                    + URL_VARIABLE + " is not set (e.g. jdbc:postgresql://127.0.0.1:5432/postgres with "
                    + "WEIGHTGATE_TEST_DATABASE_USERNAME=postgres).");
        }
        return new Server(url, envOr("WEIGHTGATE_TEST_DATABASE_USERNAME", "postgres"),
                envOr("WEIGHTGATE_TEST_DATABASE_PASSWORD", ""));
    }

    private static boolean dockerAnswers() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }

    private static void execute(Server target, String sql) {
        try (Connection connection = DriverManager.getConnection(target.adminUrl(), target.username(), target.password());
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not run '" + sql + "' on " + target.adminUrl() + ": " + e.getMessage(), e);
        }
    }
}
