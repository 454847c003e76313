package dev.weightgate.engine.vocab;

import dev.weightgate.engine.gguf.GgufKeys;
import dev.weightgate.engine.gguf.GgufMetadata;
import java.util.List;
import java.util.Map;

/** Reads a {@link Vocabulary} from a GGUF file's {@code tokenizer.*} keys, as llama.cpp's vocabulary loader does. */
public final class GgufVocabularyReader {

    /** Older spellings of the fill-in-the-middle keys, still read by llama.cpp. */
    private static final Map<String, SpecialToken> DEPRECATED_KEYS = Map.of(
            "tokenizer.ggml.prefix_token_id", SpecialToken.FIM_PRE,
            "tokenizer.ggml.suffix_token_id", SpecialToken.FIM_SUF,
            "tokenizer.ggml.middle_token_id", SpecialToken.FIM_MID);

    private GgufVocabularyReader() {
    }

    /**
     * Builds the vocabulary.
     *
     * @throws IllegalArgumentException if the tokenizer model or pre-tokenizer is one Weightgate does not
     *                                  implement, or the vocabulary is inconsistent
     * @throws dev.weightgate.engine.gguf.GgufException if a key is missing or has the wrong type
     */
    public static Vocabulary read(GgufMetadata metadata) {
        String modelName = metadata.getString(GgufKeys.TOKENIZER_MODEL);
        TokenizerModel model = TokenizerModel.fromGgufName(modelName).orElseThrow(() ->
                new IllegalArgumentException("tokenizer model '" + modelName + "' is not supported (supported: "
                        + "llama, gpt2)"));
        Vocabulary.Builder builder = Vocabulary.builder(model, metadata.getStringArray(GgufKeys.TOKENIZER_TOKENS));
        if (metadata.has(GgufKeys.TOKENIZER_SCORES)) {
            builder.scores(metadata.getFloatArray(GgufKeys.TOKENIZER_SCORES));
        }
        if (metadata.has(GgufKeys.TOKENIZER_TOKEN_TYPE)) {
            builder.tokenTypes(metadata.getIntArray(GgufKeys.TOKENIZER_TOKEN_TYPE));
        }
        if (metadata.has(GgufKeys.TOKENIZER_MERGES)) {
            builder.merges(List.of(metadata.getStringArray(GgufKeys.TOKENIZER_MERGES)));
        }
        if (model == TokenizerModel.BYTE_LEVEL_BPE) {
            // SentencePiece files carry a pre-tokenizer name too ("default"), which llama.cpp ignores for them.
            metadata.findString(GgufKeys.TOKENIZER_PRE).ifPresent(builder::preTokenizer);
        }
        metadata.findString(GgufKeys.GENERAL_NAME).ifPresent(builder::modelName);
        metadata.findString(GgufKeys.GENERAL_ARCHITECTURE).ifPresent(builder::architecture);
        for (SpecialToken role : SpecialToken.values()) {
            metadata.findLong(role.ggufKey()).ifPresent(id -> builder.special(role, id));
        }
        DEPRECATED_KEYS.forEach((key, role) -> {
            if (!metadata.has(role.ggufKey())) {
                metadata.findLong(key).ifPresent(id -> builder.special(role, id));
            }
        });
        metadata.findBoolean(GgufKeys.TOKENIZER_ADD_BOS).ifPresent(builder::addBos);
        metadata.findBoolean(GgufKeys.TOKENIZER_ADD_EOS).ifPresent(builder::addEos);
        metadata.findBoolean(GgufKeys.TOKENIZER_ADD_SPACE_PREFIX).ifPresent(builder::addSpacePrefix);
        return builder.build();
    }
}
