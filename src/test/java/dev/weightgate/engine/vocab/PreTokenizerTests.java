package dev.weightgate.engine.vocab;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class PreTokenizerTests {

    private static List<String> split(PreTokenizerType type, String text) {
        return new PreTokenizer(type).split(text);
    }

    @Test
    void gpt2KeepsALeadingSpaceWithTheWordAndLeavesTheLastSpaceOfARun() {
        assertThat(split(PreTokenizerType.GPT2, "Hello world  again!!\n\n"))
                .containsExactly("Hello", " world", " ", " again", "!!", "\n\n");
    }

    @Test
    void gpt2ContractionsAreLowerCaseOnly() {
        assertThat(split(PreTokenizerType.GPT2, "it's IT'S"))
                .containsExactly("it", "'s", " IT", "'", "S");
    }

    @Test
    void llama3ContractionsIgnoreCaseAndDigitsGoInThrees() {
        assertThat(split(PreTokenizerType.LLAMA3, "IT'S 1234567"))
                .containsExactly("IT", "'S", " ", "123", "456", "7");
    }

    @Test
    void llama3PutsPunctuationBeforeALetterRunAndNewlinesAfterPunctuation() {
        assertThat(split(PreTokenizerType.LLAMA3, "(hello)\n\n  x"))
                .containsExactly("(hello", ")\n\n", " ", " x");
    }

    @Test
    void qwen2SplitsEveryDigit() {
        assertThat(split(PreTokenizerType.QWEN2, "abc 2026")).containsExactly("abc", " ", "2", "0", "2", "6");
    }

    @Test
    void o200kSplitsAtCaseChangesAndKeepsContractionsWithTheWord() {
        assertThat(split(PreTokenizerType.O200K, "HelloWORLD don't 1234567 a/b\n"))
                .containsExactly("Hello", "WORLD", " don't", " ", "123", "456", "7", " a", "/b", "\n");
    }

    @Test
    void o200kReadsCaseInEveryScript() {
        assertThat(split(PreTokenizerType.O200K, "\u041F\u0440\u0438\u0432\u0435\u0442\u041C\u0438\u0440"))
                .containsExactly("\u041F\u0440\u0438\u0432\u0435\u0442", "\u041C\u0438\u0440");
    }

    @Test
    void starcoderSplitsEveryDigitBeforeGpt2() {
        assertThat(split(PreTokenizerType.STARCODER, "x=123")).containsExactly("x", "=", "1", "2", "3");
    }

    @Test
    void deepseekLlmCutsNewlinesLettersPunctuationCjkAndNumbersApart() {
        assertThat(split(PreTokenizerType.DEEPSEEK_LLM, "Hi, \u4F60\u597D 42\n"))
                .containsExactly("Hi", ",", " ", "\u4F60\u597D", " ", "42", "\n");
    }

    @Test
    void theDefaultPreTokenizerGroupsDigitsInThrees() {
        assertThat(split(PreTokenizerType.DEFAULT, "12345")).containsExactly("123", "45");
    }

    @Test
    void llamaCppReadsEveryNonAsciiLetterAsBothCasesInCollapsedPatterns() {
        // The collapsed-category trick maps \p{Lu} and \p{Ll} alike to "letter".
        String pattern = CollapsedCategories.translate("[\\p{Lu}]+", true);

        assertThat(java.util.regex.Pattern.compile(pattern).matcher(
                new SplitText("\u00E9\u00C9").collapsed()).matches()).isTrue();
    }

    /** 256 Ki characters is enough: a quadratic splitter would take minutes on them. */
    static Stream<Arguments> longRuns() {
        int length = 1 << 18;
        return Stream.of(
                Arguments.of("one letter", "a".repeat(length)),
                Arguments.of("upper case", "A".repeat(length)),
                Arguments.of("spaces then a letter", " ".repeat(length) + "x"),
                Arguments.of("spaces then a digit", " ".repeat(length) + "5"),
                Arguments.of("newlines", "\n".repeat(length)),
                Arguments.of("mixed whitespace", " \t\n\u3000".repeat(length / 4) + "x"),
                Arguments.of("digits", "7".repeat(length)),
                Arguments.of("punctuation", "!".repeat(length)),
                Arguments.of("combining marks", "\u0301".repeat(length)),
                Arguments.of("CJK", "\u4E2D".repeat(length / 3)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("longRuns")
    void aLongRunSplitsWithoutBlowingUp(String name, String text) {
        for (PreTokenizerType type : PreTokenizerType.values()) {
            List<String> words = split(type, text);
            assertThat(String.join("", words).equals(text)).as(type + " covers the text").isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(PreTokenizerType.class)
    void wordsCoverTheTextExactly(PreTokenizerType type) {
        for (String text : O200kCorpus.handWritten()) {
            assertThat(String.join("", split(type, text))).isEqualTo(text);
        }
    }
}
