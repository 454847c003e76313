package dev.weightgate.quota;

import dev.weightgate.support.PostgresTestDatabase;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One fresh PostgreSQL database shared by several application contexts, as replicas of the gateway share one in
 * production; dropped once every replica has closed, so replicas can still say goodbye to the database.
 */
final class SharedPostgresDatabase implements AutoCloseable {

    private final PostgresTestDatabase.Shared database = PostgresTestDatabase.Shared.create();
    private final List<ConfigurableApplicationContext> replicas = new ArrayList<>();

    /** Starts a replica on the shared database; the first one migrates it. */
    ConfigurableApplicationContext startReplica(Class<?>... sources) {
        // As command-line arguments, which win over application.yml (plain default properties would not).
        String[] arguments = database.argumentsAnd("--server.port=0", "--weightgate.quota.refusal-memory=0ms");
        ConfigurableApplicationContext replica = new SpringApplicationBuilder(sources).run(arguments);
        replicas.add(replica);
        return replica;
    }

    @Override
    public void close() {
        replicas.reversed().forEach(ConfigurableApplicationContext::close);
        database.close();
    }
}
