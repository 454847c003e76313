package dev.weightgate.audit.internal.crypto;

import java.nio.file.Path;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The audit trail's master key wrapper and checkpoint signer, from configured keys or, when none are configured,
 * from keys generated once into owner-only files. To move the master key into a KMS, replace
 * {@code auditMasterKeyWrapper} with a {@link KeyWrapper} that calls the KMS.
 */
@Configuration(proxyBeanMethods = false)
class AuditKeysConfiguration {

    @Bean
    KeyWrapper auditMasterKeyWrapper(AuditKeyProperties properties) {
        String masterKey = AuditKeyProperties.isSet(properties.masterKey())
                ? properties.masterKey()
                : KeyFile.readOrCreate(properties.masterKeyFile(), LocalMasterKeyWrapper::generateBase64,
                        "audit master key (weightgate.audit.master-key)",
                        "losing this file makes every stored prompt and completion unreadable");
        return new LocalMasterKeyWrapper(masterKey);
    }

    @Bean
    CheckpointSigner checkpointSigner(AuditKeyProperties properties) {
        if (AuditKeyProperties.isSet(properties.signingKey())) {
            return AuditKeyProperties.isSet(properties.signingPublicKey())
                    ? CheckpointSigner.fromKeyPair(properties.signingKey(), properties.signingPublicKey())
                    : CheckpointSigner.fromPrivateKey(properties.signingKey());
        }
        return CheckpointSigner.fromPrivateKey(fileSigningKey(properties.signingKeyFile()));
    }

    private static String fileSigningKey(Path file) {
        return KeyFile.readOrCreate(file, () -> CheckpointSigner.generate().privateKeyBase64(),
                "audit checkpoint signing key (weightgate.audit.signing-key)",
                "losing this file means new checkpoints are signed with a new key");
    }
}
