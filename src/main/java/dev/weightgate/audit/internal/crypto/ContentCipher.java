package dev.weightgate.audit.internal.crypto;

import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.UUID;
import javax.crypto.AEADBadTagException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Encrypts stored prompts and completions with AES-256-GCM under per-tenant data keys, which are kept wrapped by
 * the master key (see {@link KeyWrapper}). The tenant, the data key and the caller's {@code aad} (the audit record's
 * id) are bound to each ciphertext as additional data: content moved to another record or tenant fails to decrypt
 * instead of turning up in the wrong place. Thread-safe.
 */
@Component
public final class ContentCipher {

    /** Unwrapped data keys kept per replica: one per tenant in use, so a few thousand cost little memory. */
    static final int CACHED_KEYS = 4096;

    private static final byte[] PURPOSE = AesGcm.utf8("weightgate/audit-content/v1");

    private final DataKeyStore keys;

    public ContentCipher(KeyWrapper wrapper, JdbcTemplate jdbc) {
        this.keys = new DataKeyStore(wrapper, jdbc, CACHED_KEYS);
    }

    public EncryptedContent encrypt(UUID tenantId, String aad, byte[] plaintext) {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(aad, "aad");
        Objects.requireNonNull(plaintext, "plaintext");
        DataKeyStore.DataKey key = keys.activeKeyOf(tenantId);
        byte[] iv = AesGcm.randomBytes(AesGcm.IV_BYTES);
        byte[] ciphertext = AesGcm.encrypt(key.key(), iv, boundData(tenantId, key.id(), aad), plaintext);
        return new EncryptedContent(key.id(), iv, ciphertext);
    }

    /**
     * @throws DecryptionException when the content was altered, belongs to another record ({@code aad}) or tenant,
     *     or its data key is missing or cannot be unwrapped with this gateway's master key
     */
    public byte[] decrypt(UUID tenantId, String aad, EncryptedContent content) {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(aad, "aad");
        Objects.requireNonNull(content, "content");
        DataKeyStore.DataKey key = keys.keyById(content.dataKeyId());
        if (!key.tenantId().equals(tenantId)) {
            throw new DecryptionException("Content of tenant " + tenantId + " names data key " + key.id()
                    + ", which belongs to another tenant");
        }
        try {
            return AesGcm.decrypt(key.key(), content.iv(), boundData(tenantId, key.id(), aad), content.ciphertext());
        } catch (AEADBadTagException e) {
            throw new DecryptionException("Content under data key " + key.id() + " failed authentication: it was "
                    + "altered, or it belongs to another record", e);
        }
    }

    /** Purpose, tenant and data key have fixed lengths, so the caller's aad, last, cannot blur into them. */
    private static byte[] boundData(UUID tenantId, UUID dataKeyId, String aad) {
        byte[] callerData = AesGcm.utf8(aad);
        return ByteBuffer.allocate(PURPOSE.length + 32 + callerData.length)
                .put(PURPOSE)
                .putLong(tenantId.getMostSignificantBits()).putLong(tenantId.getLeastSignificantBits())
                .putLong(dataKeyId.getMostSignificantBits()).putLong(dataKeyId.getLeastSignificantBits())
                .put(callerData)
                .array();
    }
}
