package dev.weightgate.engine.vocab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weightgate.engine.gguf.GgufArray;
import dev.weightgate.engine.gguf.GgufFile;
import dev.weightgate.engine.gguf.GgufKeys;
import dev.weightgate.engine.gguf.GgufWriter;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GgufVocabularyReaderTests {

    @TempDir
    Path dir;

    private Tokenizer readBack(GgufWriter writer) throws IOException {
        Path file = dir.resolve("vocab.gguf");
        writer.write(file);
        try (GgufFile gguf = GgufFile.open(file)) {
            return Tokenizer.fromGguf(gguf);
        }
    }

    @Test
    void aSentencePieceFileTokenizesLikeTheVocabularyItWasWrittenFrom() throws IOException {
        TestVocabularies.SpmBuilder spm = TestVocabularies.sentencePiece(" ", "h", "i", "hi=-1", " hi=-0.5");
        Tokenizer fromFile = readBack(spm.gguf()
                .putUint32(GgufKeys.TOKENIZER_BOS_ID, 1)
                .putUint32(GgufKeys.TOKENIZER_EOS_ID, 2)
                .putBool(GgufKeys.TOKENIZER_ADD_EOS, true));

        assertThat(fromFile).isInstanceOf(SentencePieceTokenizer.class);
        assertThat(fromFile.encode("hi hi\u00E9", true, false))
                .containsExactly(1, fromFile.vocabulary().idOf("\u2581hi"), fromFile.vocabulary().idOf("\u2581hi"),
                        TestVocabularies.byteToken(0xC3), TestVocabularies.byteToken(0xA9), 2);
        assertThat(fromFile.vocabulary().addEos()).isTrue();
    }

    @Test
    void aByteLevelFileReadsItsMergesPreTokenizerAndIds() throws IOException {
        TestVocabularies.BpeBuilder bpe = TestVocabularies.byteLevel("Ġ w", "o r", "Ġw or")
                .add("<|endoftext|>", TokenAttributes.TYPE_CONTROL);
        int endOfText = bpe.id("<|endoftext|>");
        Tokenizer fromFile = readBack(bpe.preTokenizer("qwen2").gguf()
                .putUint32(GgufKeys.TOKENIZER_EOS_ID, endOfText)
                .putUint32(GgufKeys.TOKENIZER_BOS_ID, endOfText));

        assertThat(fromFile.vocabulary().preTokenizerName()).contains("qwen2");
        assertThat(fromFile.vocabulary().eos()).isEqualTo(endOfText);
        assertThat(fromFile.vocabulary().isEndOfGeneration(endOfText)).isTrue();
        assertThat(fromFile.encode(" wor<|endoftext|>", false, true)).containsExactly(bpe.id("Ġwor"), endOfText);
    }

    @Test
    void integerScoresAreAccepted() throws IOException {
        TestVocabularies.SpmBuilder spm = TestVocabularies.sentencePiece("a", "b", "ab");
        int[] scores = new int[spm.tokens.size()];
        scores[spm.tokens.indexOf("ab")] = 5;
        Tokenizer fromFile = readBack(spm.gguf().putArray(GgufKeys.TOKENIZER_SCORES, GgufArray.ofInt32(scores)));

        assertThat(fromFile.vocabulary().score(fromFile.vocabulary().idOf("ab"))).isEqualTo(5f);
    }

    @Test
    void anUnsupportedTokenizerModelIsNamed() {
        GgufWriter bert = TestVocabularies.sentencePiece().gguf().putString(GgufKeys.TOKENIZER_MODEL, "bert");

        assertThatThrownBy(() -> readBack(bert))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'bert'");
    }
}
