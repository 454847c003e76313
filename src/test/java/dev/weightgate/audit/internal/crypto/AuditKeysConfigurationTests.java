package dev.weightgate.audit.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

/** Where the audit keys come from: configuration, or files generated once. Key files stay under target/. */
@ExtendWith(OutputCaptureExtension.class)
class AuditKeysConfigurationTests {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(AuditKeyProperties.class)
    static class Properties {
    }

    private final Path directory = Path.of("target", "test-audit-keys", UUID.randomUUID().toString());
    private final Path masterKeyFile = directory.resolve("nested").resolve("audit-master-key");
    private final Path signingKeyFile = directory.resolve("audit-signing-key");

    private final ApplicationContextRunner contexts = new ApplicationContextRunner()
            .withUserConfiguration(Properties.class, AuditKeysConfiguration.class)
            .withPropertyValues("weightgate.audit.master-key-file=" + masterKeyFile,
                    "weightgate.audit.signing-key-file=" + signingKeyFile);

    @Test
    void generatesEachKeyOnceIntoAnOwnerOnlyFileAndReusesIt(CapturedOutput output) throws IOException {
        AtomicReference<String> masterKeyId = new AtomicReference<>();
        AtomicReference<String> signingKeyId = new AtomicReference<>();
        contexts.run(context -> {
            masterKeyId.set(context.getBean(KeyWrapper.class).keyId());
            signingKeyId.set(context.getBean(CheckpointSigner.class).keyId());
        });

        for (Path file : new Path[] {masterKeyFile, signingKeyFile}) {
            assertThat(Files.getPosixFilePermissions(file))
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        }
        String masterKey = Files.readString(masterKeyFile).strip();
        String signingKey = Files.readString(signingKeyFile).strip();
        assertThat(new LocalMasterKeyWrapper(masterKey).keyId()).isEqualTo(masterKeyId.get());
        assertThat(CheckpointSigner.fromPrivateKey(signingKey).keyId()).isEqualTo(signingKeyId.get());
        try (var files = Files.walk(directory)) {
            assertThat(files.filter(Files::isRegularFile)).as("no temporary files left behind")
                    .containsExactlyInAnyOrder(masterKeyFile, signingKeyFile);
        }

        contexts.run(context -> {
            assertThat(context.getBean(KeyWrapper.class).keyId()).isEqualTo(masterKeyId.get());
            assertThat(context.getBean(CheckpointSigner.class).keyId()).isEqualTo(signingKeyId.get());
        });
        assertThat(Files.readString(masterKeyFile).strip()).isEqualTo(masterKey);

        assertThat(output.getAll()).contains(masterKeyFile.toAbsolutePath().toString(),
                        signingKeyFile.toAbsolutePath().toString(), "Production should configure the key")
                .doesNotContain(masterKey).doesNotContain(signingKey);
    }

    @Test
    void usesConfiguredKeysAndWritesNoFile() {
        String masterKey = LocalMasterKeyWrapper.generateBase64();
        CheckpointSigner signer = CheckpointSigner.generate();

        contexts.withPropertyValues("weightgate.audit.master-key=" + masterKey,
                        "weightgate.audit.signing-key=" + signer.privateKeyBase64())
                .run(context -> {
                    assertThat(context.getBean(KeyWrapper.class).keyId())
                            .isEqualTo(new LocalMasterKeyWrapper(masterKey).keyId());
                    assertThat(context.getBean(CheckpointSigner.class).publicKeyBase64())
                            .isEqualTo(signer.publicKeyBase64());
                    assertThat(context.getBean(AuditKeyProperties.class).toString())
                            .doesNotContain(masterKey).doesNotContain(signer.privateKeyBase64());
                });
        assertThat(directory).doesNotExist();
    }

    @Test
    void refusesToStartWithASigningPublicKeyOfAnotherPair() {
        CheckpointSigner signer = CheckpointSigner.generate();

        contexts.withPropertyValues("weightgate.audit.signing-key=" + signer.privateKeyBase64(),
                        "weightgate.audit.signing-public-key=" + CheckpointSigner.generate().publicKeyBase64())
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .rootCause().hasMessageContaining("does not belong"));
    }

    @Test
    void refusesToStartWithAMalformedMasterKeyWithoutQuotingIt() {
        contexts.withPropertyValues("weightgate.audit.master-key=c2hvcnQta2V5")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("base64 of 32 random bytes").hasMessageNotContaining("c2hvcnQta2V5"));
    }
}
