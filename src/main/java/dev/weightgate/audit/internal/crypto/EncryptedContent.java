package dev.weightgate.audit.internal.crypto;

import java.util.Objects;
import java.util.UUID;

/**
 * Content as stored: which data key encrypted it, the random IV, and the AES-GCM ciphertext with its 16-byte tag.
 * None of it is secret without the data key.
 */
public record EncryptedContent(UUID dataKeyId, byte[] iv, byte[] ciphertext) {

    public EncryptedContent {
        Objects.requireNonNull(dataKeyId, "dataKeyId");
        Objects.requireNonNull(iv, "iv");
        Objects.requireNonNull(ciphertext, "ciphertext");
        if (iv.length != AesGcm.IV_BYTES) {
            throw new IllegalArgumentException("An IV has " + AesGcm.IV_BYTES + " bytes, not " + iv.length);
        }
        if (ciphertext.length < AesGcm.TAG_BYTES) {
            throw new IllegalArgumentException("A ciphertext holds at least its " + AesGcm.TAG_BYTES + "-byte tag");
        }
    }
}
