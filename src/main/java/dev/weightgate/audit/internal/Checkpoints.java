package dev.weightgate.audit.internal;

import dev.weightgate.audit.internal.crypto.CheckpointSigner;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Signs the chain head now and then with the gateway's Ed25519 key. A checkpoint pins the chain up to that record:
 * whoever rewrites the chain after it, even consistently from the start, cannot produce a matching signature.
 */
@Component
class Checkpoints {

    private final JdbcTemplate jdbc;
    private final CheckpointSigner signer;
    private final Clock clock = Clock.systemUTC();

    Checkpoints(JdbcTemplate jdbc, CheckpointSigner signer) {
        this.jdbc = jdbc;
        this.signer = signer;
    }

    static byte[] message(long seq, String headHash, Instant createdAt) {
        return ("weightgate-audit-checkpoint|" + seq + "|" + headHash + "|" + createdAt).getBytes(StandardCharsets.UTF_8);
    }

    /** Signs the current head unless it is already signed; answers the signed seq, or -1 when there was nothing new. */
    @Scheduled(fixedDelayString = "${weightgate.audit.checkpoint-interval:60s}", initialDelayString = "${weightgate.audit.checkpoint-interval:60s}")
    long checkpoint() {
        var head = jdbc.queryForMap("SELECT seq, hash FROM audit_chain_head WHERE id = 1");
        long seq = ((Number) head.get("seq")).longValue();
        String hash = (String) head.get("hash");
        Long last = jdbc.queryForObject("SELECT MAX(seq) FROM audit_checkpoint", Long.class);
        if (seq == 0 || (last != null && last >= seq)) {
            return -1;
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        String signature = Base64.getEncoder().encodeToString(signer.sign(message(seq, hash, now)));
        try {
            jdbc.update("INSERT INTO audit_checkpoint (seq, head_hash, created_at, key_id, public_key, signature) "
                    + "VALUES (?, ?, ?, ?, ?, ?)", seq, hash, Timestamp.from(now), signer.keyId(),
                    signer.publicKeyBase64(), signature);
        } catch (DuplicateKeyException anotherReplicaSignedIt) {
            return -1;
        }
        return seq;
    }
}
