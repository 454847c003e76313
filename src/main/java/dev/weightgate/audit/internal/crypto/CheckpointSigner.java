package dev.weightgate.audit.internal.crypto;

import java.io.Serial;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * Signs audit chain checkpoints with Ed25519, so that anyone holding the public key can check that a checkpoint was
 * issued by this gateway. Keys are exchanged as base64: the private key as PKCS#8, the public key as X.509.
 * Thread-safe.
 */
public final class CheckpointSigner {

    private static final String ALGORITHM = "Ed25519";
    private static final byte[] PROBE = "weightgate checkpoint signing key check".getBytes(StandardCharsets.UTF_8);

    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final String keyId;

    private CheckpointSigner(PrivateKey privateKey, PublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.keyId = keyIdOf(publicKey);
        if (!verify(PROBE, sign(PROBE))) {
            throw new IllegalArgumentException("The checkpoint signing public key does not belong to the private key");
        }
    }

    /** A new random key pair. */
    public static CheckpointSigner generate() {
        try {
            KeyPair pair = KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
            return new CheckpointSigner(pair.getPrivate(), pair.getPublic());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is part of every JDK since 15", e);
        }
    }

    /** The signer of a base64 PKCS#8 Ed25519 private key, its public key derived from it. */
    public static CheckpointSigner fromPrivateKey(String privateKeyBase64) {
        EdECPrivateKey privateKey = privateKey(privateKeyBase64);
        return new CheckpointSigner(privateKey, derivePublicKey(privateKey));
    }

    /** The signer of a base64 PKCS#8 private key and its base64 X.509 public key, checked to be a pair. */
    public static CheckpointSigner fromKeyPair(String privateKeyBase64, String publicKeyBase64) {
        return new CheckpointSigner(privateKey(privateKeyBase64), publicKey(publicKeyBase64));
    }

    public byte[] sign(byte[] message) {
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initSign(privateKey);
            signature.update(message);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    public boolean verify(byte[] message, byte[] signature) {
        return verify(publicKey, message, signature);
    }

    /** The public key, base64 of its X.509 encoding: publish it, and keep old ones to verify old checkpoints. */
    public String publicKeyBase64() {
        return Base64.getEncoder().encodeToString(publicKey.getEncoded());
    }

    /** The first 16 hex digits of the SHA-256 of the public key's X.509 encoding. */
    public String keyId() {
        return keyId;
    }

    /** Verifies with a given public key, e.g. one a checkpoint was signed with before the signing key changed. */
    public static boolean verify(String publicKeyBase64, byte[] message, byte[] signature) {
        return verify(publicKey(publicKeyBase64), message, signature);
    }

    /** The {@link #keyId()} of a base64 X.509 public key. */
    public static String keyIdOf(String publicKeyBase64) {
        return keyIdOf(publicKey(publicKeyBase64));
    }

    /** Base64 PKCS#8: only for writing a generated key to its owner-only file. */
    String privateKeyBase64() {
        return Base64.getEncoder().encodeToString(privateKey.getEncoded());
    }

    @Override
    public String toString() {
        return "CheckpointSigner[" + keyId + "]";
    }

    private static boolean verify(PublicKey publicKey, byte[] message, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance(ALGORITHM);
            verifier.initVerify(publicKey);
            verifier.update(message);
            return verifier.verify(signature);
        } catch (SignatureException malformedSignature) {
            return false;
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("Not an Ed25519 public key", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 verification failed", e);
        }
    }

    private static String keyIdOf(PublicKey publicKey) {
        return AesGcm.fingerprint(publicKey.getEncoded());
    }

    private static EdECPrivateKey privateKey(String base64) {
        try {
            return (EdECPrivateKey) KeyFactory.getInstance(ALGORITHM)
                    .generatePrivate(new PKCS8EncodedKeySpec(decode(base64, "private")));
        } catch (InvalidKeySpecException | ClassCastException e) {
            // Never quote the value: it is a secret.
            throw new IllegalArgumentException("The checkpoint signing key must be a base64 PKCS#8 Ed25519 key");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is part of every JDK since 15", e);
        }
    }

    private static PublicKey publicKey(String base64) {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(decode(base64, "public")));
        } catch (InvalidKeySpecException e) {
            throw new IllegalArgumentException("Not a base64 X.509 Ed25519 public key", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is part of every JDK since 15", e);
        }
    }

    private static byte[] decode(String base64, String which) {
        if (base64 == null || base64.isBlank()) {
            throw new IllegalArgumentException("No Ed25519 " + which + " key given");
        }
        try {
            return Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException notBase64) {
            throw new IllegalArgumentException("The Ed25519 " + which + " key is not base64");
        }
    }

    /**
     * The JDK has no public call deriving an Ed25519 public key, but its key pair generator derives the pair from
     * 32 random bytes, which are exactly the private key: fed the private key as its randomness, it rebuilds the
     * pair. That it did is checked, not assumed; where it did not, configure the public key as well.
     */
    private static PublicKey derivePublicKey(EdECPrivateKey privateKey) {
        byte[] seed = privateKey.getBytes().orElseThrow(() -> new IllegalArgumentException(
                "The Ed25519 private key does not expose its bytes; configure weightgate.audit.signing-public-key"));
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(ALGORITHM);
            generator.initialize(NamedParameterSpec.ED25519, new ReplayedBytes(seed));
            KeyPair pair = generator.generateKeyPair();
            byte[] rebuilt = ((EdECPrivateKey) pair.getPrivate()).getBytes().orElse(new byte[0]);
            if (!Arrays.equals(rebuilt, seed)) {
                throw new IllegalStateException("This JDK does not rebuild an Ed25519 key pair from its private key; "
                        + "configure weightgate.audit.signing-public-key as well");
            }
            return pair.getPublic();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is part of every JDK since 15", e);
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    /** "Randomness" that hands out the given bytes: only for rebuilding a key pair from its private key. */
    private static final class ReplayedBytes extends SecureRandom {

        @Serial
        private static final long serialVersionUID = 1L;

        private final byte[] bytes;

        ReplayedBytes(byte[] bytes) {
            this.bytes = bytes.clone();
        }

        @Override
        public void nextBytes(byte[] out) {
            if (out.length != bytes.length) {
                throw new IllegalStateException("This JDK does not rebuild an Ed25519 key pair from its private key; "
                        + "configure weightgate.audit.signing-public-key as well");
            }
            System.arraycopy(bytes, 0, out, 0, out.length);
        }
    }
}
