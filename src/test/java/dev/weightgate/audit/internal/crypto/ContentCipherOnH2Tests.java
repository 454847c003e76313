package dev.weightgate.audit.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The same migration and key handling on the quick start's H2 in PostgreSQL mode: BYTEA, the (tenant, active)
 * uniqueness with retired keys as NULLs, and INSERT ... ON CONFLICT DO NOTHING must all work there too.
 */
class ContentCipherOnH2Tests {

    // The quick start's URL options (application.yml), in memory.
    private final JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource("jdbc:h2:mem:audit-"
            + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
            + ";DB_CLOSE_DELAY=-1", "sa", ""));
    private final String masterKey = LocalMasterKeyWrapper.generateBase64();
    private final UUID tenant = UUID.randomUUID();
    private final byte[] prompt = "hello from the quick start".getBytes(StandardCharsets.UTF_8);

    ContentCipherOnH2Tests() {
        Flyway.configure().dataSource(jdbc.getDataSource()).locations("classpath:db/migration").load().migrate();
    }

    @AfterEach
    void dropDatabase() {
        jdbc.execute("SHUTDOWN");
    }

    @Test
    void encryptsAndDecryptsAcrossReplicas() {
        EncryptedContent content = new ContentCipher(new LocalMasterKeyWrapper(masterKey), jdbc)
                .encrypt(tenant, "r1", prompt);

        ContentCipher otherReplica = new ContentCipher(new LocalMasterKeyWrapper(masterKey), jdbc);
        assertThat(otherReplica.decrypt(tenant, "r1", content)).isEqualTo(prompt);
        assertThatThrownBy(() -> otherReplica.decrypt(tenant, "r2", content)).isInstanceOf(DecryptionException.class);
        assertThat(new DataKeyStore(new LocalMasterKeyWrapper(masterKey), jdbc, 10).createOrFindActive(tenant).id())
                .isEqualTo(content.dataKeyId());
    }

    @Test
    void keepsOneActiveKeyPerTenantAndAnyNumberOfRetiredOnes() {
        new ContentCipher(new LocalMasterKeyWrapper(masterKey), jdbc).encrypt(tenant, "r1", prompt);
        String insert = "INSERT INTO audit_data_key (id, tenant_id, master_key_id, wrapped_key, active, created_at) "
                + "VALUES (?, ?, 'k', ?, ?, ?)";

        assertThatThrownBy(() -> jdbc.update(insert, UUID.randomUUID(), tenant, new byte[1], true,
                OffsetDateTime.now()))
                .isInstanceOf(DuplicateKeyException.class);
        jdbc.update(insert, UUID.randomUUID(), tenant, new byte[1], null, OffsetDateTime.now());
        jdbc.update(insert, UUID.randomUUID(), tenant, new byte[1], null, OffsetDateTime.now());
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_data_key WHERE tenant_id = ?", Integer.class,
                tenant)).isEqualTo(3);
    }
}
