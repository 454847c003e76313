package dev.weightgate.audit.internal.crypto;

/**
 * Encrypts data keys under a master key that never leaves its holder: the local master key from configuration
 * today, an external KMS tomorrow. Wrapped keys are stored with the {@link #keyId()} that wrapped them, so that after
 * a rotation each one still finds the key that can unwrap it.
 */
public interface KeyWrapper {

    /** Identifies the master key new data keys are wrapped with; safe to store and log. */
    String keyId();

    byte[] wrap(byte[] dataKey);

    /**
     * @throws DecryptionException when {@code keyId} names a master key this wrapper does not hold, or the wrapped
     *     key fails authentication
     */
    byte[] unwrap(String keyId, byte[] wrapped);
}
