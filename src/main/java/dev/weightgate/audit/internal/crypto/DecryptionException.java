package dev.weightgate.audit.internal.crypto;

import java.io.Serial;

/**
 * Stored content or a stored data key could not be decrypted: it was altered, belongs to another record or tenant,
 * or was encrypted under a key this replica does not hold. Never carries content or key material.
 */
public final class DecryptionException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    public DecryptionException(String message) {
        super(message);
    }

    public DecryptionException(String message, Throwable cause) {
        super(message, cause);
    }
}
