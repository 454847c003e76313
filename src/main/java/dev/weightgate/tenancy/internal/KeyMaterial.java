package dev.weightgate.tenancy.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shape of Weightgate API keys: {@code wg_live_<lookup id>_<secret>}. The lookup id finds the stored key by
 * index; only the SHA-256 of the whole key is stored, and it is compared in constant time. A 190-bit random secret
 * needs no slow hash: nobody can search a space that size, and hashing keeps a database dump from yielding keys.
 */
final class KeyMaterial {

    static final String PREFIX = "wg_live_";
    private static final Pattern FORMAT = Pattern.compile("wg_live_([A-Za-z0-9]{12})_([A-Za-z0-9]{32})");
    private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private KeyMaterial() {
    }

    /** A fresh key, shown once to its owner and never stored. */
    static String generate() {
        return PREFIX + random(12) + "_" + random(32);
    }

    /**
     * The id to look a presented key up by: the embedded id for keys in our format; for any other text (a
     * configured bootstrap key, say) an id derived from its hash, so every key is found the same way.
     */
    static String lookupId(String key) {
        Matcher matcher = FORMAT.matcher(key);
        if (matcher.matches()) {
            return matcher.group(1);
        }
        return "h" + hash(key).substring(0, 40);
    }

    static String hash(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Compares a presented key with a stored hash in time that does not depend on where they differ. */
    static boolean matches(String presentedKey, String storedHash) {
        return MessageDigest.isEqual(hash(presentedKey).getBytes(StandardCharsets.US_ASCII),
                storedHash.getBytes(StandardCharsets.US_ASCII));
    }

    /** A shortened form safe to show and log: the prefix and lookup id, never the secret. */
    static String redacted(String key) {
        Matcher matcher = FORMAT.matcher(key);
        return matcher.matches() ? PREFIX + matcher.group(1) + "_…" : "(key not in Weightgate's format)";
    }

    private static String random(int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(out);
    }
}
