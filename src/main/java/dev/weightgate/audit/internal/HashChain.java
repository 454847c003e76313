package dev.weightgate.audit.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * How a record's hash is computed: SHA-256 over the previous record's hash and every field of the record that the
 * trail vouches for, each length-prefixed so no two different records encode alike. The stored content is not
 * covered (it may be erased); its SHA-256, {@code content_hash}, is.
 */
final class HashChain {

    static final String GENESIS = "0".repeat(64);

    private HashChain() {
    }

    static String hash(StoredRecord r) {
        MessageDigest sha = sha256();
        field(sha, r.prevHash());
        field(sha, Long.toString(r.seq()));
        field(sha, r.id());
        field(sha, r.kind());
        field(sha, r.occurredAt() == null ? null : r.occurredAt().toString());
        field(sha, r.tenantId());
        field(sha, r.keyId());
        field(sha, r.subject());
        field(sha, r.clientAddress());
        field(sha, r.endpoint());
        field(sha, r.model());
        field(sha, r.backend());
        field(sha, r.decision());
        field(sha, r.decisionReasons());
        field(sha, r.promptTokens());
        field(sha, r.completionTokens());
        field(sha, r.totalTokens());
        field(sha, r.ttftMs());
        field(sha, r.latencyMs());
        field(sha, r.status());
        field(sha, r.errorCode());
        field(sha, r.finishReason());
        field(sha, r.action());
        field(sha, r.details());
        field(sha, r.loggingMode());
        field(sha, r.contentHash());
        return HexFormat.of().formatHex(sha.digest());
    }

    static String sha256Hex(String text) {
        return HexFormat.of().formatHex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static void field(MessageDigest sha, Object value) {
        if (value == null) {
            sha.update((byte) 0);
            return;
        }
        byte[] bytes = value.toString().getBytes(StandardCharsets.UTF_8);
        sha.update((byte) 1);
        sha.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
        sha.update((byte) ':');
        sha.update(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
