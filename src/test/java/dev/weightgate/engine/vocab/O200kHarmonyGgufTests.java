package dev.weightgate.engine.vocab;

import static org.assertj.core.api.Assertions.assertThat;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.weightgate.engine.chat.ChatFamily;
import dev.weightgate.engine.chat.ChatTemplates;
import dev.weightgate.engine.chat.GptOssVocabulary;
import dev.weightgate.engine.chat.HarmonyToken;
import dev.weightgate.engine.gguf.GgufKeys;
import dev.weightgate.engine.gguf.GgufMetadata;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The built-in gpt-oss vocabulary make-model writes: the keys and sizes of a released gpt-oss-20b GGUF (as llama.cpp
 * logs them loading {@code ggml-org/gpt-oss-20b-GGUF}, e.g. in llama.cpp PR #17609: tokens and token_type of 201088,
 * 446189 merges, pre {@code gpt-4o}, bos 199998, eos 200002, padding 199999, 21 special tokens cached), and, read
 * back as a model's vocabulary is, o200k_base's tokenization and harmony's markers as single ids.
 */
class O200kHarmonyGgufTests {

    private static GgufMetadata metadata;
    private static Vocabulary vocabulary;
    private static Tokenizer tokenizer;
    private static Encoding jtokkit;

    @BeforeAll
    static void build() {
        metadata = GptOssVocabulary.metadata();
        vocabulary = GgufVocabularyReader.read(metadata);
        tokenizer = Tokenizer.of(vocabulary);
        jtokkit = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
    }

    @Test
    void hasTheKeysAndSizesOfTheReleasedGptOssFiles() {
        assertThat(metadata.keys()).containsExactlyInAnyOrder(GgufKeys.TOKENIZER_MODEL, GgufKeys.TOKENIZER_PRE,
                GgufKeys.TOKENIZER_TOKENS, GgufKeys.TOKENIZER_TOKEN_TYPE, GgufKeys.TOKENIZER_MERGES,
                GgufKeys.TOKENIZER_BOS_ID, GgufKeys.TOKENIZER_EOS_ID, GgufKeys.TOKENIZER_PAD_ID,
                GgufKeys.TOKENIZER_CHAT_TEMPLATE);
        assertThat(metadata.getString(GgufKeys.TOKENIZER_MODEL)).isEqualTo("gpt2");
        assertThat(metadata.getString(GgufKeys.TOKENIZER_PRE)).isEqualTo("gpt-4o");
        String[] tokens = metadata.getStringArray(GgufKeys.TOKENIZER_TOKENS);
        assertThat(tokens).hasSize(201_088).startsWith("!", "\"", "#", "$", "%", "&", "'");
        assertThat(metadata.getIntArray(GgufKeys.TOKENIZER_TOKEN_TYPE)).hasSize(201_088);
        assertThat(metadata.getStringArray(GgufKeys.TOKENIZER_MERGES)).hasSize(446_189)
                .startsWith("\u0120 \u0120", "\u0120 \u0120\u0120\u0120", "\u0120\u0120 \u0120\u0120");
        assertThat(metadata.getLong(GgufKeys.TOKENIZER_BOS_ID)).isEqualTo(199_998);
        assertThat(metadata.getLong(GgufKeys.TOKENIZER_EOS_ID)).isEqualTo(200_002);
        assertThat(metadata.getLong(GgufKeys.TOKENIZER_PAD_ID)).isEqualTo(199_999);
        assertThat(vocabulary.size()).isEqualTo(201_088);
    }

    @Test
    void theAddedTokensAreControlTokensWithHarmonysIdsAndTheRestIsPadding() {
        String[] tokens = metadata.getStringArray(GgufKeys.TOKENIZER_TOKENS);
        int[] types = metadata.getIntArray(GgufKeys.TOKENIZER_TOKEN_TYPE);
        Map<Integer, String> added = GptOssVocabulary.addedTokens();
        assertThat(added).hasSize(21).containsEntry(200_018, "<|endofprompt|>")
                .containsEntry(200_013, "<|reserved_200013|>");
        added.forEach((id, text) -> {
            assertThat(tokens[id]).isEqualTo(text);
            assertThat(types[id]).as(text).isEqualTo(TokenAttributes.TYPE_CONTROL);
        });
        for (HarmonyToken token : HarmonyToken.values()) {
            assertThat(tokens[token.o200kHarmonyId()]).isEqualTo(token.text());
            assertThat(tokenizer.encode(token.text(), false, true)).as(token.text())
                    .containsExactly(token.o200kHarmonyId());
        }
        assertThat(HarmonyToken.idsIn(vocabulary)).allSatisfy((token, id) ->
                assertThat(id).isEqualTo(token.o200kHarmonyId()));
        assertThat(tokens[200_019]).isEqualTo("[PAD200019]");
        assertThat(tokens[201_087]).isEqualTo("[PAD201087]");
        assertThat(types[200_019]).isEqualTo(TokenAttributes.TYPE_UNUSED);
        assertThat(Arrays.stream(types, 0, 199_998)).allMatch(t -> t == TokenAttributes.TYPE_NORMAL);
        // llama.cpp's repairs by text then apply as they do to the released files
        assertThat(vocabulary.endOfGenerationIds()).contains(200_002, 200_012, 199_999).doesNotContain(200_007);
        assertThat(vocabulary.isUserDefined(HarmonyToken.MESSAGE.o200kHarmonyId())).isTrue();
    }

    @Test
    void tokenizesOrdinaryTextExactlyAsO200kBase() {
        List<String> corpus = new ArrayList<>(O200kCorpus.handWritten());
        corpus.addAll(O200kCorpus.generated(new Random(4711), 150));
        for (String text : corpus) {
            assertThat(tokenizer.encode(text, false, false)).as(O200kCorpus.quote(text))
                    .containsExactly(jtokkit.encodeOrdinary(text).toArray());
        }
    }

    @Test
    void carriesGptOssChatTemplateWhichIsRecognisedAsHarmony() {
        ChatTemplates.Selection selection = ChatTemplates.forModel(metadata);
        assertThat(selection.match()).isEqualTo(ChatTemplates.Match.EXACT);
        assertThat(ChatTemplates.detect(metadata.getString(GgufKeys.TOKENIZER_CHAT_TEMPLATE)).family())
                .isEqualTo(ChatFamily.HARMONY);
    }
}
