package dev.weightgate.audit.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class LocalMasterKeyWrapperTests {

    private final String masterKey = LocalMasterKeyWrapper.generateBase64();
    private final LocalMasterKeyWrapper wrapper = new LocalMasterKeyWrapper(masterKey);
    private final byte[] dataKey = AesGcm.randomBytes(AesGcm.KEY_BYTES);

    @Test
    void unwrapsWhatItWrapped() {
        byte[] wrapped = wrapper.wrap(dataKey);

        assertThat(wrapped).hasSize(AesGcm.IV_BYTES + AesGcm.KEY_BYTES + AesGcm.TAG_BYTES);
        assertThat(new String(wrapped, java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain(new String(dataKey, java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThat(new LocalMasterKeyWrapper(masterKey).unwrap(wrapper.keyId(), wrapped)).isEqualTo(dataKey);
    }

    @Test
    void namesEachMasterKeyByAStableShortFingerprint() {
        assertThat(wrapper.keyId()).matches("[0-9a-f]{16}")
                .isEqualTo(new LocalMasterKeyWrapper(masterKey).keyId())
                .isNotEqualTo(new LocalMasterKeyWrapper(LocalMasterKeyWrapper.generateBase64()).keyId());
        assertThat(wrapper.toString()).contains(wrapper.keyId()).doesNotContain(masterKey);
    }

    @Test
    void refusesAKeyWrappedByAnotherMasterKey() {
        LocalMasterKeyWrapper other = new LocalMasterKeyWrapper(LocalMasterKeyWrapper.generateBase64());
        byte[] wrapped = other.wrap(dataKey);

        assertThatThrownBy(() -> wrapper.unwrap(other.keyId(), wrapped))
                .isInstanceOf(DecryptionException.class)
                .hasMessageContaining(other.keyId()).hasMessageContaining(wrapper.keyId());
        // Even when the stored id was changed to ours, the key itself does not authenticate.
        assertThatThrownBy(() -> wrapper.unwrap(wrapper.keyId(), wrapped))
                .isInstanceOf(DecryptionException.class).hasMessageContaining("altered");
    }

    @Test
    void refusesAnAlteredWrappedKey() {
        byte[] wrapped = wrapper.wrap(dataKey);
        wrapped[wrapped.length / 2] ^= 1;

        assertThatThrownBy(() -> wrapper.unwrap(wrapper.keyId(), wrapped))
                .isInstanceOf(DecryptionException.class).hasMessageContaining("altered");
        assertThatThrownBy(() -> wrapper.unwrap(wrapper.keyId(), new byte[10]))
                .isInstanceOf(DecryptionException.class);
    }

    @Test
    void refusesAMasterKeyThatIsNot32Base64BytesWithoutQuotingIt() {
        String short16 = Base64.getEncoder().encodeToString(new byte[16]);

        assertThatThrownBy(() -> new LocalMasterKeyWrapper(short16))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("16 bytes")
                .hasMessageNotContaining(short16);
        assertThatThrownBy(() -> new LocalMasterKeyWrapper("not base64 at all!"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("at all");
        assertThatThrownBy(() -> new LocalMasterKeyWrapper(" "))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
