package dev.weightgate.audit.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weightgate.support.PostgresTest;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSetMetaData;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Content encryption against real PostgreSQL, migrated by Flyway. Each {@link ContentCipher} built here stands for
 * one replica: its own cache of data keys, the database shared.
 */
@SpringBootTest(classes = ContentCipherTests.JdbcOnly.class)
@PostgresTest
class ContentCipherTests {

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({DataSourceAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
            DataSourceTransactionManagerAutoConfiguration.class, FlywayAutoConfiguration.class})
    static class JdbcOnly {
    }

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    PlatformTransactionManager transactions;

    private final String masterKey = LocalMasterKeyWrapper.generateBase64();
    private final UUID tenant = UUID.randomUUID();
    private final byte[] prompt = "Summarise the contract for Jane Doe, card 4111 1111 1111 1111"
            .getBytes(StandardCharsets.UTF_8);

    private ContentCipher replica() {
        return replica(masterKey);
    }

    private ContentCipher replica(String master) {
        return new ContentCipher(new LocalMasterKeyWrapper(master), jdbc);
    }

    @Test
    void decryptsWhatItEncrypted() {
        ContentCipher cipher = replica();

        EncryptedContent content = cipher.encrypt(tenant, "record-1", prompt);

        assertThat(content.iv()).hasSize(12);
        assertThat(content.ciphertext()).hasSize(prompt.length + 16);
        assertThat(cipher.decrypt(tenant, "record-1", content)).isEqualTo(prompt);
        assertThat(cipher.decrypt(tenant, "record-2", cipher.encrypt(tenant, "record-2", new byte[0]))).isEmpty();
    }

    @Test
    void givesEachTenantItsOwnDataKeyAndKeepsUsingIt() {
        ContentCipher cipher = replica();
        UUID otherTenant = UUID.randomUUID();

        EncryptedContent first = cipher.encrypt(tenant, "r1", prompt);
        EncryptedContent second = cipher.encrypt(tenant, "r2", prompt);
        EncryptedContent other = cipher.encrypt(otherTenant, "r3", prompt);

        assertThat(second.dataKeyId()).isEqualTo(first.dataKeyId());
        assertThat(other.dataKeyId()).isNotEqualTo(first.dataKeyId());
        assertThat(activeKeysOf(tenant)).containsExactly(first.dataKeyId());
        assertThat(activeKeysOf(otherTenant)).containsExactly(other.dataKeyId());
    }

    @Test
    void encryptsTheSamePlaintextDifferentlyEachTime() {
        ContentCipher cipher = replica();

        EncryptedContent first = cipher.encrypt(tenant, "r1", prompt);
        EncryptedContent second = cipher.encrypt(tenant, "r1", prompt);

        assertThat(second.iv()).isNotEqualTo(first.iv());
        assertThat(second.ciphertext()).isNotEqualTo(first.ciphertext());
    }

    @Test
    void refusesContentWithAnyByteAltered() {
        ContentCipher cipher = replica();
        EncryptedContent content = cipher.encrypt(tenant, "r1", prompt);

        for (int index : new int[] {0, prompt.length / 2, content.ciphertext().length - 1}) {
            byte[] altered = content.ciphertext().clone();
            altered[index] ^= 0x01;
            assertThatThrownBy(() -> cipher.decrypt(tenant, "r1",
                    new EncryptedContent(content.dataKeyId(), content.iv(), altered)))
                    .isInstanceOf(DecryptionException.class).hasMessageContaining("failed authentication");
        }
        byte[] alteredIv = content.iv().clone();
        alteredIv[0] ^= 0x01;
        assertThatThrownBy(() -> cipher.decrypt(tenant, "r1",
                new EncryptedContent(content.dataKeyId(), alteredIv, content.ciphertext())))
                .isInstanceOf(DecryptionException.class);
    }

    @Test
    void refusesContentMovedToAnotherRecordOrTenant() {
        ContentCipher cipher = replica();
        EncryptedContent content = cipher.encrypt(tenant, "record-1", prompt);
        UUID otherTenant = UUID.randomUUID();
        cipher.encrypt(otherTenant, "record-9", prompt);

        assertThatThrownBy(() -> cipher.decrypt(tenant, "record-2", content))
                .isInstanceOf(DecryptionException.class).hasMessageContaining("another record");
        assertThatThrownBy(() -> cipher.decrypt(otherTenant, "record-1", content))
                .isInstanceOf(DecryptionException.class).hasMessageContaining("another tenant");
        assertThatThrownBy(() -> cipher.decrypt(tenant, "record-1",
                new EncryptedContent(UUID.randomUUID(), content.iv(), content.ciphertext())))
                .isInstanceOf(DecryptionException.class).hasMessageContaining("No data key");
    }

    @Test
    void aDatabaseDumpHoldsNeitherThePlaintextNorAnUnwrappedKey() {
        ContentCipher cipher = replica();
        EncryptedContent content = cipher.encrypt(tenant, "r1", prompt);
        Map<String, Object> row = jdbc.queryForMap("SELECT * FROM audit_data_key WHERE id = ?", content.dataKeyId());
        byte[] dataKey = new LocalMasterKeyWrapper(masterKey)
                .unwrap((String) row.get("master_key_id"), (byte[]) row.get("wrapped_key"));

        String dump = dumpAllDataKeys() + latin1(content.iv()) + latin1(content.ciphertext());

        assertThat(dump).doesNotContain(latin1(dataKey), HexFormat.of().formatHex(dataKey),
                Base64.getEncoder().encodeToString(dataKey), latin1(prompt), "Jane Doe", "4111", masterKey);
        assertThat(row.get("tenant_id")).isEqualTo(tenant);
        assertThat(row.get("created_at")).isNotNull();
    }

    @Test
    void anotherReplicaWithTheSameMasterKeyDecrypts() {
        EncryptedContent content = replica().encrypt(tenant, "r1", prompt);
        ContentCipher otherReplica = replica();

        assertThat(otherReplica.decrypt(tenant, "r1", content)).isEqualTo(prompt);
        assertThat(otherReplica.encrypt(tenant, "r2", prompt).dataKeyId()).isEqualTo(content.dataKeyId());
    }

    @Test
    void aReplicaWithAnotherMasterKeyFailsClearly() {
        EncryptedContent content = replica().encrypt(tenant, "r1", prompt);
        ContentCipher misconfigured = replica(LocalMasterKeyWrapper.generateBase64());

        assertThatThrownBy(() -> misconfigured.decrypt(tenant, "r1", content))
                .isInstanceOf(DecryptionException.class).hasMessageContaining("master key");
        assertThatThrownBy(() -> misconfigured.encrypt(tenant, "r2", prompt))
                .isInstanceOf(DecryptionException.class).hasMessageContaining("master key");
        assertThat(activeKeysOf(tenant)).containsExactly(content.dataKeyId());
    }

    @Test
    void aReplicaThatLosesTheRaceToCreateATenantsKeyUsesTheWinners() {
        EncryptedContent winner = replica().encrypt(tenant, "r1", prompt);
        DataKeyStore loser = new DataKeyStore(new LocalMasterKeyWrapper(masterKey), jdbc, 10);

        // As if the loser had found no key a moment before the winner inserted one.
        assertThat(loser.createOrFindActive(tenant).id()).isEqualTo(winner.dataKeyId());
        assertThat(activeKeysOf(tenant)).containsExactly(winner.dataKeyId());
    }

    @Test
    void theDatabaseRefusesASecondActiveKeyButKeepsRetiredOnes() {
        replica().encrypt(tenant, "r1", prompt);
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

    @Test
    void replicasCreatingATenantsFirstKeyAtOnceAgreeOnOne() throws Exception {
        int writers = 6;
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<EncryptedContent>> tasks = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            ContentCipher replica = replica();
            String record = "r" + i;
            tasks.add(() -> {
                start.await();
                return replica.encrypt(tenant, record, prompt);
            });
        }
        List<EncryptedContent> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(writers)) {
            List<Future<EncryptedContent>> futures = tasks.stream().map(pool::submit).toList();
            start.countDown();
            for (Future<EncryptedContent> future : futures) {
                results.add(future.get());
            }
        }

        assertThat(results).extracting(EncryptedContent::dataKeyId).containsOnly(results.getFirst().dataKeyId());
        assertThat(activeKeysOf(tenant)).containsExactly(results.getFirst().dataKeyId());
        ContentCipher reader = replica();
        for (int i = 0; i < writers; i++) {
            assertThat(reader.decrypt(tenant, "r" + i, results.get(i))).isEqualTo(prompt);
        }
    }

    @Test
    void aDataKeyCreatedInsideATransactionSurvivesItsRollback() {
        ContentCipher cipher = replica();
        TransactionTemplate transaction = new TransactionTemplate(transactions);

        EncryptedContent content = transaction.execute(status -> {
            status.setRollbackOnly();
            return cipher.encrypt(tenant, "r1", prompt);
        });

        // Content written later with the cached key must stay readable by every replica.
        assertThat(replica().decrypt(tenant, "r1", content)).isEqualTo(prompt);
    }

    private List<UUID> activeKeysOf(UUID tenantId) {
        return jdbc.queryForList("SELECT id FROM audit_data_key WHERE tenant_id = ? AND active = TRUE", UUID.class,
                tenantId);
    }

    /** Every column of every row, as text or raw bytes: what someone holding a database dump would see. */
    private String dumpAllDataKeys() {
        StringBuilder dump = new StringBuilder();
        jdbc.query("SELECT * FROM audit_data_key", rows -> {
            ResultSetMetaData columns = rows.getMetaData();
            for (int column = 1; column <= columns.getColumnCount(); column++) {
                Object value = rows.getObject(column);
                dump.append(value instanceof byte[] bytes ? latin1(bytes) : String.valueOf(value)).append('|');
            }
        });
        return dump.toString();
    }

    private static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
