package dev.weightgate.audit.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CheckpointSignerTests {

    private final CheckpointSigner signer = CheckpointSigner.generate();
    private final byte[] checkpoint = "tenant=7 seq=1042 head=9f2c...".getBytes(StandardCharsets.UTF_8);

    @Test
    void verifiesWhatItSigned() {
        byte[] signature = signer.sign(checkpoint);

        assertThat(signature).hasSize(64);
        assertThat(signer.verify(checkpoint, signature)).isTrue();
        assertThat(CheckpointSigner.verify(signer.publicKeyBase64(), checkpoint, signature)).isTrue();
    }

    @Test
    void refusesAMessageOrSignatureWithOneBitFlipped() {
        byte[] signature = signer.sign(checkpoint);
        byte[] alteredMessage = checkpoint.clone();
        alteredMessage[3] ^= 1;
        byte[] alteredSignature = signature.clone();
        alteredSignature[10] ^= 1;

        assertThat(signer.verify(alteredMessage, signature)).isFalse();
        assertThat(signer.verify(checkpoint, alteredSignature)).isFalse();
        assertThat(signer.verify(checkpoint, new byte[3])).isFalse();
    }

    @Test
    void aSignerLoadedFromTheBase64PrivateKeyIsTheSameSigner() {
        byte[] signature = signer.sign(checkpoint);

        CheckpointSigner loaded = CheckpointSigner.fromPrivateKey(signer.privateKeyBase64());

        assertThat(loaded.publicKeyBase64()).isEqualTo(signer.publicKeyBase64());
        assertThat(loaded.keyId()).isEqualTo(signer.keyId()).matches("[0-9a-f]{16}");
        assertThat(loaded.verify(checkpoint, signature)).isTrue();
        assertThat(signer.verify(checkpoint, loaded.sign(checkpoint))).isTrue();
        assertThat(CheckpointSigner.fromKeyPair(signer.privateKeyBase64(), signer.publicKeyBase64()).keyId())
                .isEqualTo(signer.keyId());
    }

    @Test
    void oldCheckpointsStillVerifyWithTheOldPublicKeyAfterAKeyChange() {
        byte[] oldSignature = signer.sign(checkpoint);
        CheckpointSigner next = CheckpointSigner.generate();

        assertThat(next.keyId()).isNotEqualTo(signer.keyId());
        assertThat(next.verify(checkpoint, oldSignature)).isFalse();
        assertThat(CheckpointSigner.verify(signer.publicKeyBase64(), checkpoint, oldSignature)).isTrue();
        assertThat(CheckpointSigner.keyIdOf(signer.publicKeyBase64())).isEqualTo(signer.keyId());
    }

    @Test
    void refusesAPublicKeyThatIsNotThePrivateKeysOwn() {
        String otherPublicKey = CheckpointSigner.generate().publicKeyBase64();

        assertThatThrownBy(() -> CheckpointSigner.fromKeyPair(signer.privateKeyBase64(), otherPublicKey))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not belong");
    }

    @Test
    void refusesMalformedKeysWithoutQuotingThem() {
        assertThatThrownBy(() -> CheckpointSigner.fromPrivateKey("c2VjcmV0LW5vdC1hLWtleQ=="))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("c2VjcmV0");
        assertThatThrownBy(() -> CheckpointSigner.fromPrivateKey("%%%"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not base64");
        assertThatThrownBy(() -> CheckpointSigner.verify("AAAA", checkpoint, new byte[64]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void itsStringFormNamesTheKeyIdOnly() {
        assertThat(signer.toString()).contains(signer.keyId()).doesNotContain(signer.privateKeyBase64());
    }
}
