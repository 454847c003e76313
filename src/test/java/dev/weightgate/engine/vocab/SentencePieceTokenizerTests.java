package dev.weightgate.engine.vocab;

import static dev.weightgate.engine.vocab.TestVocabularies.BOS;
import static dev.weightgate.engine.vocab.TestVocabularies.EOS;
import static dev.weightgate.engine.vocab.TestVocabularies.UNK;
import static dev.weightgate.engine.vocab.TestVocabularies.byteToken;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SentencePieceTokenizerTests {

    /** Pieces that build "▁hello" step by step, and "▁world" in one go from its halves. */
    private static final TestVocabularies.SpmBuilder HELLO_WORLD = TestVocabularies.sentencePiece(
            " ", "h", "e", "l", "o", "w", "r", "d",
            "ll=-2", "llo=-2.5", "he=-3", "hello=-3.2", " hello=-1",
            " w=-4", "or=-4", "ld=-4", " wor=-3", " world=-0.5");

    private static int id(Tokenizer tokenizer, String text) {
        return tokenizer.vocabulary().idOf(text.replace(' ', '\u2581'));
    }

    @Test
    void mergesUntilWordsAreSingleTokens() {
        Tokenizer tokenizer = HELLO_WORLD.tokenizer();

        assertThat(tokenizer.encode("hello world", false, false))
                .containsExactly(id(tokenizer, " hello"), id(tokenizer, " world"));
    }

    @Test
    void theHighestScoringPairMergesFirst() {
        Tokenizer bcFirst = TestVocabularies.sentencePiece("a", "b", "c", "ab=-2", "bc=-1")
                .tokenizer(b -> b.addSpacePrefix(false));
        Tokenizer abFirst = TestVocabularies.sentencePiece("a", "b", "c", "ab=-1", "bc=-2")
                .tokenizer(b -> b.addSpacePrefix(false));

        assertThat(bcFirst.encode("abc", false, false)).containsExactly(id(bcFirst, "a"), id(bcFirst, "bc"));
        assertThat(abFirst.encode("abc", false, false)).containsExactly(id(abFirst, "ab"), id(abFirst, "c"));
    }

    @Test
    void equalScoresMergeTheLeftmostPairFirst() {
        Tokenizer tokenizer = TestVocabularies.sentencePiece("a", "aa=-1").tokenizer(b -> b.addSpacePrefix(false));

        assertThat(tokenizer.encode("aaa", false, false)).containsExactly(id(tokenizer, "aa"), id(tokenizer, "a"));
    }

    @Test
    void charactersWithoutTokensAreSpelledInByteTokens() {
        Tokenizer tokenizer = HELLO_WORLD.tokenizer();

        assertThat(tokenizer.encode("h\u00E9", false, false)).containsExactly(
                id(tokenizer, " "), id(tokenizer, "h"), byteToken(0xC3), byteToken(0xA9));
        assertThat(tokenizer.encode("\uD83E\uDD99", false, false)).containsExactly(
                id(tokenizer, " "), byteToken(0xF0), byteToken(0x9F), byteToken(0xA6), byteToken(0x99));
    }

    @Test
    void withoutByteTokensTheUnknownTokenStandsIn() {
        Vocabulary noBytes = Vocabulary.builder(TokenizerModel.SENTENCE_PIECE,
                new String[] {"<unk>", "<s>", "</s>", "\u2581", "a"}).build();

        assertThat(Tokenizer.of(noBytes).encode("a\u00E9", false, false)).containsExactly(3, 4, UNK, UNK);
    }

    @Test
    void aSpaceIsAddedBeforeTheTextAndAfterEverySpecialToken() {
        Tokenizer tokenizer = HELLO_WORLD.tokenizer();
        int space = id(tokenizer, " ");
        int h = id(tokenizer, "h");

        assertThat(tokenizer.encode("h", false, false)).containsExactly(space, h);
        assertThat(tokenizer.encode("h</s>h", false, true)).containsExactly(space, h, EOS, space, h);
    }

    @Test
    void withoutTheSpacePrefixFlagTextIsTakenAsIs() {
        Tokenizer tokenizer = HELLO_WORLD.tokenizer(b -> b.addSpacePrefix(false));

        assertThat(tokenizer.encode("h", false, false)).containsExactly(id(tokenizer, "h"));
    }

    @Test
    void anUnpairedSurrogateIsReadAsTheReplacementCharacter() {
        Tokenizer tokenizer = HELLO_WORLD.tokenizer();

        assertThat(tokenizer.encode("h\uD800h", false, false)).isEqualTo(tokenizer.encode("h\uFFFDh", false, false));
    }

    @Test
    void emptyTextGivesNoTokensNotEvenTheSpace() {
        Tokenizer tokenizer = HELLO_WORLD.tokenizer();

        assertThat(tokenizer.encode("", false, false)).isEmpty();
        assertThat(tokenizer.encode("", true, false)).containsExactly(BOS);
    }

    @Nested
    class BosAndEos {

        @Test
        void bosIsAddedByDefaultWhenSpecialTokensAreAsked() {
            Tokenizer tokenizer = HELLO_WORLD.tokenizer();

            assertThat(tokenizer.encode("hello", true, false)).containsExactly(BOS, id(tokenizer, " hello"));
            assertThat(tokenizer.encode("hello", false, false)).containsExactly(id(tokenizer, " hello"));
        }

        @Test
        void theFilesFlagsDecide() {
            Tokenizer tokenizer = HELLO_WORLD.tokenizer(b -> b.addBos(false).addEos(true));

            assertThat(tokenizer.encode("hello", true, false)).containsExactly(id(tokenizer, " hello"), EOS);
        }
    }

    @Nested
    class Decoding {

        @Test
        void decodingGivesBackTheText() {
            Tokenizer tokenizer = HELLO_WORLD.tokenizer();
            String text = "hello world, h\u00E9llo \uD83E\uDD99 \u65E5\u672C";

            assertThat(tokenizer.decode(tokenizer.encode(text, false, false))).isEqualTo(text);
        }

        @Test
        void controlTokensAreHiddenUnlessRendered() {
            Tokenizer tokenizer = HELLO_WORLD.tokenizer();
            int[] ids = tokenizer.encode("hello</s>", true, true);

            assertThat(tokenizer.decode(ids)).isEqualTo(" hello");
            assertThat(tokenizer.decode(ids, false, true)).isEqualTo("<s> hello</s>");
            assertThat(tokenizer.decode(ids, true, false)).isEqualTo(" hello");
        }

        @Test
        void byteTokensAreSingleBytes() {
            Tokenizer tokenizer = HELLO_WORLD.tokenizer();

            assertThat(tokenizer.piece(byteToken(0xC3), false)).containsExactly((byte) 0xC3);
            assertThat(tokenizer.piece(id(tokenizer, " hello"), false))
                    .isEqualTo(" hello".getBytes(StandardCharsets.UTF_8));
        }

        @Test
        void anIdOutsideTheVocabularyIsRejected() {
            Tokenizer tokenizer = HELLO_WORLD.tokenizer();

            assertThatThrownBy(() -> tokenizer.decode(new int[] {100_000}))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("100000");
        }
    }
}
