package dev.weightgate.engine.vocab;

import dev.weightgate.engine.gguf.GgufKeys;

/** The roles a vocabulary can assign to a token id, with the GGUF key that sets each. */
public enum SpecialToken {
    BOS(GgufKeys.TOKENIZER_BOS_ID),
    EOS(GgufKeys.TOKENIZER_EOS_ID),
    EOT(GgufKeys.TOKENIZER_EOT_ID),
    EOM(GgufKeys.TOKENIZER_EOM_ID),
    UNK(GgufKeys.TOKENIZER_UNK_ID),
    /** The key keeps llama.cpp's spelling, "seperator". */
    SEP(GgufKeys.TOKENIZER_SEP_ID),
    PAD(GgufKeys.TOKENIZER_PAD_ID),
    MASK(GgufKeys.TOKENIZER_MASK_ID),
    FIM_PRE("tokenizer.ggml.fim_pre_token_id"),
    FIM_SUF("tokenizer.ggml.fim_suf_token_id"),
    FIM_MID("tokenizer.ggml.fim_mid_token_id"),
    FIM_PAD("tokenizer.ggml.fim_pad_token_id"),
    FIM_REP("tokenizer.ggml.fim_rep_token_id"),
    FIM_SEP("tokenizer.ggml.fim_sep_token_id");

    private final String ggufKey;

    SpecialToken(String ggufKey) {
        this.ggufKey = ggufKey;
    }

    public String ggufKey() {
        return ggufKey;
    }
}
