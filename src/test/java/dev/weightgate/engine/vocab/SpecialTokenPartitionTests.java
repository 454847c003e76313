package dev.weightgate.engine.vocab;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Special tokens in text: which are recognised, in what order, and what they strip. */
class SpecialTokenPartitionTests {

    private static final TestVocabularies.BpeBuilder CHAT = TestVocabularies.byteLevel()
            .add("<|im_start|>", TokenAttributes.TYPE_CONTROL)
            .add("<|im_end|>", TokenAttributes.TYPE_CONTROL)
            .add("<tool>", TokenAttributes.TYPE_USER_DEFINED)
            .add("xy", TokenAttributes.TYPE_USER_DEFINED)
            .add("yzw", TokenAttributes.TYPE_USER_DEFINED)
            .add("<a>", TokenAttributes.TYPE_USER_DEFINED)
            .add("<a><b>", TokenAttributes.TYPE_USER_DEFINED);

    private static int[] encode(String text, boolean parseSpecial) {
        return CHAT.preTokenizer("qwen2").tokenizer().encode(text, false, parseSpecial);
    }

    @Nested
    class ControlTokens {

        @Test
        void areRecognisedWhenSpecialParsingIsOn() {
            assertThat(encode("<|im_start|>a<|im_end|>", true))
                    .containsExactly(CHAT.id("<|im_start|>"), 'a', CHAT.id("<|im_end|>"));
        }

        @Test
        void areTokenizedAsPlainTextWhenItIsOff() {
            int[] ids = encode("<|im_start|>", false);

            assertThat(ids).doesNotContain(CHAT.id("<|im_start|>"));
            assertThat(CHAT.preTokenizer("qwen2").tokenizer().decode(ids)).isEqualTo("<|im_start|>");
        }
    }

    @Nested
    class UserDefinedTokens {

        @Test
        void areRecognisedEvenWhenSpecialParsingIsOff() {
            assertThat(encode("a<tool>b", false)).containsExactly('a', CHAT.id("<tool>"), 'b');
        }

        @Test
        void longerTokensAreSplitOutFirstWhereverTheyAre() {
            // llama.cpp takes tokens longest first over the whole text, not leftmost first.
            assertThat(encode("xyzw", false)).containsExactly('x', CHAT.id("yzw"));
            assertThat(encode("<a><b><a>", false)).containsExactly(CHAT.id("<a><b>"), CHAT.id("<a>"));
        }
    }

    @Nested
    class Stripping {

        /** llama.cpp gives Phi-3's special tokens RSTRIP, by model name. */
        private final Tokenizer phi3 = TestVocabularies.sentencePiece("a", " ")
                .add("<|user|>", 0f, TokenAttributes.TYPE_USER_DEFINED)
                .tokenizer(b -> b.modelName("Phi3"));

        @Test
        void rstripTokensSwallowTheWhitespaceAfterThem() {
            int user = phi3.vocabulary().idOf("<|user|>");
            int a = phi3.vocabulary().idOf("a");
            int space = phi3.vocabulary().idOf("\u2581");

            assertThat(phi3.encode("<|user|> \n a", false, false)).containsExactly(user, space, a);
            assertThat(phi3.vocabulary().attributes(user) & TokenAttributes.RSTRIP).isNotZero();
        }

        @Test
        void otherModelsKeepTheWhitespace() {
            Tokenizer other = TestVocabularies.sentencePiece("a", " ")
                    .add("<|user|>", 0f, TokenAttributes.TYPE_USER_DEFINED).tokenizer();
            int space = other.vocabulary().idOf("\u2581");

            assertThat(other.encode("<|user|> a", false, false))
                    .containsExactly(other.vocabulary().idOf("<|user|>"), space, space, other.vocabulary().idOf("a"));
        }
    }
}
