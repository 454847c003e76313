package dev.weightgate.quota.internal;

import dev.weightgate.quota.QuotaTestConfiguration;
import dev.weightgate.support.PostgresTest;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/** The PostgreSQL store keeps the store contract, on real PostgreSQL through the Flyway schema. */
@SpringBootTest(properties = "weightgate.quota.refusal-memory=0ms")
@PostgresTest
@Import(QuotaTestConfiguration.class)
class JdbcCounterStoreTests extends QuotaStoreContract {

    @Autowired
    DataSource dataSource;

    @Override
    CounterStore createStore() {
        return new JdbcCounterStore(dataSource, SHARE);
    }
}
