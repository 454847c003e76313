package dev.weightgate.engine.vocab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ByteLevelBpeTokenizerTests {

    private static final TestVocabularies.BpeBuilder HELLO_WORLD = TestVocabularies.byteLevel(
            "h e", "l l", "he ll", "hell o", "Ġ w", "o r", "Ġw or", "l d", "Ġwor ld");

    @Test
    void mergesEachWordUntilNoRuleApplies() {
        Tokenizer tokenizer = HELLO_WORLD.tokenizer();

        assertThat(tokenizer.encode("hello world", false, false))
                .containsExactly(HELLO_WORLD.id("hello"), HELLO_WORLD.id("Ġworld"));
    }

    @Test
    void theLowestRankMergesFirst() {
        TestVocabularies.BpeBuilder bcFirst = TestVocabularies.byteLevel("b c", "a b");
        TestVocabularies.BpeBuilder abFirst = TestVocabularies.byteLevel("a b", "b c");

        assertThat(bcFirst.tokenizer().encode("abc", false, false)).containsExactly('a', bcFirst.id("bc"));
        assertThat(abFirst.tokenizer().encode("abc", false, false)).containsExactly(abFirst.id("ab"), 'c');
    }

    @Test
    void equalRanksMergeTheLeftmostPairFirst() {
        TestVocabularies.BpeBuilder vocabulary = TestVocabularies.byteLevel("a a");

        assertThat(vocabulary.tokenizer().encode("aaa", false, false)).containsExactly(vocabulary.id("aa"), 'a');
    }

    @Test
    void mergesNeverCrossAWordBoundary() {
        TestVocabularies.BpeBuilder vocabulary = TestVocabularies.byteLevel("a Ġ", "aĠ b");

        assertThat(vocabulary.tokenizer().encode("a b", false, false)).containsExactly('a', ' ', 'b');
    }

    @Test
    void everyByteOfAnyTextHasAToken() {
        Tokenizer tokenizer = HELLO_WORLD.tokenizer();
        String text = "h\u00E9 \uD83E\uDD99\t\u0000\u65E5";
        int[] ids = tokenizer.encode(text, false, false);

        assertThat(ids).hasSize(text.getBytes(StandardCharsets.UTF_8).length);
        assertThat(tokenizer.decode(ids)).isEqualTo(text);
    }

    @Test
    void anUnpairedSurrogateIsReadAsTheReplacementCharacter() {
        Tokenizer tokenizer = HELLO_WORLD.tokenizer();

        assertThat(tokenizer.encode("a\uDC00b", false, false)).isEqualTo(tokenizer.encode("a\uFFFDb", false, false));
    }

    @Test
    void llama3TakesAWordThatIsATokenAsIsWithoutMerging() {
        TestVocabularies.BpeBuilder vocabulary = TestVocabularies.byteLevel("a b")
                .add("abc", TokenAttributes.TYPE_NORMAL);
        int[] asGpt2 = vocabulary.preTokenizer("gpt-2").tokenizer().encode("abc", false, false);
        int[] asLlama3 = vocabulary.preTokenizer("llama-bpe").tokenizer().encode("abc", false, false);

        assertThat(asGpt2).containsExactly(vocabulary.id("ab"), 'c');
        assertThat(asLlama3).containsExactly(vocabulary.id("abc"));
    }

    @Test
    void llama3AddsBosByDefaultGpt2DoesNot() {
        TestVocabularies.BpeBuilder vocabulary = TestVocabularies.byteLevel()
                .add("<|begin_of_text|>", TokenAttributes.TYPE_CONTROL);
        int bos = vocabulary.id("<|begin_of_text|>");

        Tokenizer llama3 = vocabulary.preTokenizer("llama-bpe").tokenizer(b -> b.special(SpecialToken.BOS, bos));
        Tokenizer gpt2 = vocabulary.preTokenizer("gpt-2").tokenizer(b -> b.special(SpecialToken.BOS, bos));

        assertThat(llama3.encode("a", true, false)).containsExactly(bos, 'a');
        assertThat(gpt2.encode("a", true, false)).containsExactly('a');
    }

    @Test
    void decodingMapsCharactersBackToBytesAndCleansSpacesWhereTheVocabularyDoes() {
        Tokenizer gpt2 = HELLO_WORLD.tokenizer();
        Tokenizer qwen2 = HELLO_WORLD.preTokenizer("qwen2").tokenizer();
        String text = "hello , world ! it 's";

        assertThat(gpt2.decode(gpt2.encode(text, false, false))).isEqualTo("hello, world! it's");
        assertThat(qwen2.decode(qwen2.encode(text, false, false))).isEqualTo(text);
    }

    @Test
    void spaceCleanUpFollowsLlamaCpp() {
        assertThat(cleaned("a , b . c ! d ?")).isEqualTo("a, b. c! d?");
        assertThat(cleaned("I ' m")).isEqualTo("I'm");
        assertThat(cleaned("it 's we 're you 've I 'm")).isEqualTo("it's we're you've I'm");
        assertThat(cleaned("don 't we 'd you 'll")).isEqualTo("don 't we 'd you 'll");
        assertThat(cleaned(" ,")).isEqualTo(",");
    }

    private static String cleaned(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return new String(bytes, 0, PieceTable.cleanSpaces(bytes), StandardCharsets.UTF_8);
    }
}
