package dev.weightgate.engine.vocab;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamingDecoderTests {

    private static final Tokenizer SPM = TestVocabularies.sentencePiece(" ", "a").tokenizer();
    /** Only single bytes: every multi-byte character is split over tokens. */
    private static final Tokenizer BYTES = TestVocabularies.byteLevel().tokenizer();

    private static List<String> stream(Tokenizer tokenizer, String text) {
        StreamingDecoder decoder = tokenizer.streamingDecoder(false);
        List<String> emitted = new ArrayList<>();
        for (int id : tokenizer.encode(text, false, false)) {
            emitted.add(decoder.next(id));
        }
        emitted.add(decoder.flush());
        return emitted;
    }

    @Test
    void anEmojiSplitOverByteTokensIsEmittedWhole() {
        // " a🦙": the space and 'a', then four byte tokens, then the flush.
        assertThat(stream(SPM, "a\uD83E\uDD99")).containsExactly(" ", "a", "", "", "", "\uD83E\uDD99", "");
    }

    @Test
    void aZwjSequenceComesOutAsItsCharactersComplete() {
        String family = "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67";

        List<String> emitted = stream(BYTES, family);

        assertThat(String.join("", emitted)).isEqualTo(family);
        assertThat(emitted).filteredOn(s -> !s.isEmpty())
                .containsExactly("\uD83D\uDC68", "\u200D", "\uD83D\uDC69", "\u200D", "\uD83D\uDC67");
    }

    @Test
    void chineseSplitAcrossByteLevelTokensIsHeldUntilComplete() {
        List<String> emitted = stream(BYTES, "\u65E5\u672C\u8A9E");

        assertThat(emitted).containsExactly("", "", "\u65E5", "", "", "\u672C", "", "", "\u8A9E", "");
    }

    @Test
    void flushGivesWhatIsLeftWithReplacementCharacters() {
        StreamingDecoder decoder = BYTES.streamingDecoder(false);
        int[] ids = BYTES.encode("\u65E5", false, false);

        assertThat(decoder.next(ids[0])).isEmpty();
        assertThat(decoder.hasPendingBytes()).isTrue();
        assertThat(decoder.flush()).isEqualTo("\uFFFD");
        assertThat(decoder.hasPendingBytes()).isFalse();
    }

    @Test
    void eachStreamHasItsOwnDecoder() {
        int[] first = BYTES.encode("\u65E5", false, false);
        int[] second = BYTES.encode("\u00E9", false, false);
        StreamingDecoder one = BYTES.streamingDecoder(false);
        StreamingDecoder two = BYTES.streamingDecoder(false);

        assertThat(one.next(first[0]) + two.next(second[0]) + one.next(first[1])).isEmpty();
        assertThat(two.next(second[1])).isEqualTo("\u00E9");
        assertThat(one.next(first[2])).isEqualTo("\u65E5");
    }

    @Test
    void controlTokensShowOnlyWhenRendered() {
        assertThat(SPM.streamingDecoder(false).next(TestVocabularies.EOS)).isEmpty();
        assertThat(SPM.streamingDecoder(true).next(TestVocabularies.EOS)).isEqualTo("</s>");
    }
}
