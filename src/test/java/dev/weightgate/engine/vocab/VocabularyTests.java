package dev.weightgate.engine.vocab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class VocabularyTests {

    @Nested
    class Defaults {

        @Test
        void sentencePieceAddsBosAndASpacePrefix() {
            Vocabulary vocabulary = TestVocabularies.sentencePiece().vocabulary().build();

            assertThat(vocabulary.bos()).isEqualTo(1);
            assertThat(vocabulary.eos()).isEqualTo(2);
            assertThat(vocabulary.unk()).isZero();
            assertThat(vocabulary.addBos()).isTrue();
            assertThat(vocabulary.addEos()).isFalse();
            assertThat(vocabulary.addSpacePrefix()).isTrue();
            assertThat(vocabulary.cleanSpaces()).isFalse();
            assertThat(vocabulary.newline()).isEqualTo(TestVocabularies.byteToken('\n'));
        }

        @Test
        void byteLevelBpeDependsOnThePreTokenizer() {
            Vocabulary gpt2 = TestVocabularies.byteLevel().vocabulary().build();
            Vocabulary llama3 = TestVocabularies.byteLevel().preTokenizer("llama-bpe").vocabulary().build();
            Vocabulary qwen2 = TestVocabularies.byteLevel().preTokenizer("qwen2").vocabulary().build();

            assertThat(gpt2.addBos()).isFalse();
            assertThat(gpt2.cleanSpaces()).isTrue();
            assertThat(gpt2.addSpacePrefix()).isFalse();
            assertThat(gpt2.bos()).as("llama.cpp's placeholder id").isEqualTo(11);
            assertThat(gpt2.newline()).isEqualTo('\n');
            assertThat(llama3.addBos()).isTrue();
            assertThat(llama3.preTokenizer().orElseThrow().ignoreMerges()).isTrue();
            assertThat(qwen2.cleanSpaces()).isFalse();
        }

        @Test
        void theFileOverridesFlagsAndIds() {
            Vocabulary vocabulary = TestVocabularies.sentencePiece().vocabulary()
                    .addBos(false).addEos(true).addSpacePrefix(false)
                    .special(SpecialToken.EOS, 1).special(SpecialToken.PAD, 2)
                    .build();

            assertThat(vocabulary.addBos()).isFalse();
            assertThat(vocabulary.addEos()).isTrue();
            assertThat(vocabulary.addSpacePrefix()).isFalse();
            assertThat(vocabulary.eos()).isEqualTo(1);
            assertThat(vocabulary.pad()).isEqualTo(2);
        }

        @Test
        void idsOutsideTheVocabularyAreIgnored() {
            Vocabulary tiny = Vocabulary.builder(TokenizerModel.BYTE_LEVEL_BPE, new String[] {"a", "b"})
                    .merges(List.of())
                    .special(SpecialToken.EOS, 7)
                    .special(SpecialToken.PAD, 1)
                    .build();

            assertThat(tiny.bos()).isEqualTo(Vocabulary.NO_TOKEN);
            assertThat(tiny.eos()).isEqualTo(Vocabulary.NO_TOKEN);
            assertThat(tiny.pad()).isEqualTo(1);
        }
    }

    @Nested
    class Rejections {

        @Test
        void repeatedTokens() {
            assertThatThrownBy(() -> Vocabulary.builder(TokenizerModel.SENTENCE_PIECE, new String[] {"a", "b", "a"})
                    .build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'a' has ids 0 and 2");
        }

        @Test
        void anUnknownPreTokenizer() {
            assertThatThrownBy(() -> TestVocabularies.byteLevel().preTokenizer("no-such-thing").vocabulary().build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("no-such-thing");
        }

        @Test
        void addingBosWithoutABosToken() {
            assertThatThrownBy(() -> Vocabulary.builder(TokenizerModel.BYTE_LEVEL_BPE, new String[] {"a"})
                    .merges(List.of()).addBos(true).build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("add_bos_token");
        }

        @Test
        void byteLevelBpeWithoutMerges() {
            assertThatThrownBy(() -> Vocabulary.builder(TokenizerModel.BYTE_LEVEL_BPE, new String[] {"a"}).build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("merges");
        }

        @Test
        void scoresShorterThanTheTokens() {
            assertThatThrownBy(() -> Vocabulary.builder(TokenizerModel.SENTENCE_PIECE, new String[] {"a", "b"})
                    .scores(new float[] {1f}).build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("scores");
        }
    }

    @Test
    void anEmptyTokenGetsAPlaceholderText() {
        Vocabulary vocabulary = Vocabulary.builder(TokenizerModel.SENTENCE_PIECE, new String[] {"a", ""}).build();

        assertThat(vocabulary.text(1)).isEqualTo("[EMPTY_1]");
    }

    @Nested
    class RepairsByText {

        @Test
        void endOfTurnMarkersBecomeControlTokensThatEndGeneration() {
            TestVocabularies.BpeBuilder builder = TestVocabularies.byteLevel()
                    .add("<|eot_id|>", TokenAttributes.TYPE_NORMAL)
                    .add("<|eom_id|>", TokenAttributes.TYPE_USER_DEFINED);
            Vocabulary vocabulary = builder.vocabulary().build();
            int eot = builder.id("<|eot_id|>");
            int eom = builder.id("<|eom_id|>");

            assertThat(vocabulary.eot()).isEqualTo(eot);
            assertThat(vocabulary.eom()).isEqualTo(eom);
            assertThat(vocabulary.isControl(eot)).isTrue();
            assertThat(vocabulary.isControl(eom)).isTrue();
            assertThat(vocabulary.isEndOfGeneration(eot)).isTrue();
            assertThat(vocabulary.isEndOfGeneration(eom)).isTrue();
            assertThat(vocabulary.isEndOfGeneration('a')).isFalse();
        }

        @Test
        void controlTokensNamedUnusedBecomeUnused() {
            TestVocabularies.BpeBuilder builder = TestVocabularies.byteLevel()
                    .add("<unused0>", TokenAttributes.TYPE_CONTROL)
                    .add("<unused1>", TokenAttributes.TYPE_NORMAL);
            Vocabulary vocabulary = builder.vocabulary().build();

            assertThat(vocabulary.isUnused(builder.id("<unused0>"))).isTrue();
            assertThat(vocabulary.isUnused(builder.id("<unused1>"))).isFalse();
        }

        @Test
        void harmonyEndIsRenderedAndDoesNotEndGeneration() {
            TestVocabularies.BpeBuilder builder = TestVocabularies.byteLevel();
            for (String marker : List.of("<|start|>", "<|channel|>", "<|message|>", "<|end|>", "<|return|>",
                    "<|call|>")) {
                builder.add(marker, TokenAttributes.TYPE_CONTROL);
            }
            Vocabulary vocabulary = builder.preTokenizer("gpt-4o").vocabulary().build();
            int end = builder.id("<|end|>");

            assertThat(vocabulary.isEndOfGeneration(builder.id("<|return|>"))).isTrue();
            assertThat(vocabulary.isEndOfGeneration(builder.id("<|call|>"))).isTrue();
            assertThat(vocabulary.isEndOfGeneration(end)).isFalse();
            assertThat(vocabulary.attributes(end)).isEqualTo(TokenAttributes.USER_DEFINED);
            assertThat(vocabulary.attributes(builder.id("<|channel|>"))).isEqualTo(TokenAttributes.USER_DEFINED);
            assertThat(Tokenizer.of(vocabulary).decode(new int[] {builder.id("<|channel|>"), end}))
                    .isEqualTo("<|channel|><|end|>");
        }

        @Test
        void withoutReturnAndCallEndStillEndsGeneration() {
            TestVocabularies.BpeBuilder builder = TestVocabularies.byteLevel()
                    .add("<|end|>", TokenAttributes.TYPE_CONTROL);
            Vocabulary vocabulary = builder.vocabulary().build();

            assertThat(vocabulary.isEndOfGeneration(builder.id("<|end|>"))).isTrue();
            assertThat(vocabulary.isControl(builder.id("<|end|>"))).isTrue();
        }
    }
}
