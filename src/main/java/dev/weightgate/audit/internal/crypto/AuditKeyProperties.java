package dev.weightgate.audit.internal.crypto;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The audit trail's keys, under {@code weightgate.audit}. Without configured keys, each is generated once into its
 * file (readable by its owner only) and reused after: fine for a single gateway, not for production.
 *
 * @param masterKey base64 of 32 random bytes; wraps the per-tenant keys that encrypt stored prompts and completions
 *     ({@code WEIGHTGATE_AUDIT_MASTER_KEY})
 * @param masterKeyFile where a generated master key is kept when none is configured
 * @param signingKey base64 PKCS#8 Ed25519 private key that signs chain checkpoints
 *     ({@code WEIGHTGATE_AUDIT_SIGNING_KEY}); its public key is derived from it
 * @param signingPublicKey optional base64 X.509 public key of {@code signingKey}; when given it must match
 * @param signingKeyFile where a generated signing key is kept when none is configured
 */
@ConfigurationProperties("weightgate.audit")
public record AuditKeyProperties(
        String masterKey,
        @DefaultValue("./data/audit-master-key") Path masterKeyFile,
        String signingKey,
        String signingPublicKey,
        @DefaultValue("./data/audit-signing-key") Path signingKeyFile) {

    /** Names the files, never the keys. */
    @Override
    public String toString() {
        return "AuditKeyProperties[masterKey=" + (isSet(masterKey) ? "(set)" : "(not set)")
                + ", masterKeyFile=" + masterKeyFile
                + ", signingKey=" + (isSet(signingKey) ? "(set)" : "(not set)")
                + ", signingPublicKey=" + signingPublicKey
                + ", signingKeyFile=" + signingKeyFile + "]";
    }

    static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }
}
