package dev.weightgate.audit.internal.crypto;

import java.util.Arrays;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.SecretKey;

/**
 * Wraps data keys with AES-256-GCM under a master key given in configuration. A wrapped key is the 12-byte IV
 * followed by the ciphertext and tag; the master key's id is bound as additional data, so a wrapped key cannot pass
 * for one made under another master key.
 */
public final class LocalMasterKeyWrapper implements KeyWrapper {

    private final SecretKey masterKey;
    private final String keyId;

    /**
     * @param masterKeyBase64 the base64 of 32 random bytes, e.g. from {@code openssl rand -base64 32}
     */
    public LocalMasterKeyWrapper(String masterKeyBase64) {
        byte[] bytes = decode(masterKeyBase64);
        try {
            this.masterKey = AesGcm.key(bytes);
            this.keyId = AesGcm.fingerprint(bytes);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** A new random master key, as base64: what is written to the key file when none is configured. */
    public static String generateBase64() {
        return Base64.getEncoder().encodeToString(AesGcm.randomBytes(AesGcm.KEY_BYTES));
    }

    @Override
    public String keyId() {
        return keyId;
    }

    @Override
    public byte[] wrap(byte[] dataKey) {
        byte[] iv = AesGcm.randomBytes(AesGcm.IV_BYTES);
        byte[] sealed = AesGcm.encrypt(masterKey, iv, boundData(), dataKey);
        byte[] wrapped = Arrays.copyOf(iv, iv.length + sealed.length);
        System.arraycopy(sealed, 0, wrapped, iv.length, sealed.length);
        return wrapped;
    }

    @Override
    public byte[] unwrap(String keyId, byte[] wrapped) {
        if (!this.keyId.equals(keyId)) {
            throw new DecryptionException("The data key was wrapped by master key " + keyId + ", but this gateway's "
                    + "master key is " + this.keyId + ": configure the master key it was made with");
        }
        if (wrapped.length < AesGcm.IV_BYTES + AesGcm.TAG_BYTES) {
            throw new DecryptionException("A wrapped data key is too short to be one: the stored value is damaged");
        }
        try {
            return AesGcm.decrypt(masterKey, Arrays.copyOf(wrapped, AesGcm.IV_BYTES), boundData(),
                    Arrays.copyOfRange(wrapped, AesGcm.IV_BYTES, wrapped.length));
        } catch (AEADBadTagException e) {
            throw new DecryptionException("A wrapped data key failed authentication under master key " + keyId
                    + ": the stored value was altered", e);
        }
    }

    @Override
    public String toString() {
        return "LocalMasterKeyWrapper[" + keyId + "]";
    }

    private byte[] boundData() {
        return AesGcm.utf8("weightgate/audit-data-key/v1/" + keyId);
    }

    private static byte[] decode(String masterKeyBase64) {
        String problem = "The audit master key must be the base64 of " + AesGcm.KEY_BYTES
                + " random bytes (e.g. openssl rand -base64 32)";
        if (masterKeyBase64 == null || masterKeyBase64.isBlank()) {
            throw new IllegalArgumentException(problem);
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(masterKeyBase64.strip());
        } catch (IllegalArgumentException notBase64) {
            // The message must not quote the value: it is a secret, however malformed.
            throw new IllegalArgumentException(problem + "; the configured value is not base64");
        }
        if (bytes.length != AesGcm.KEY_BYTES) {
            throw new IllegalArgumentException(problem + "; the configured value has " + bytes.length + " bytes");
        }
        return bytes;
    }
}
