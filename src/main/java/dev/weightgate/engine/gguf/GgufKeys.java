package dev.weightgate.engine.gguf;

/**
 * Metadata key names, as llama.cpp spells them ({@code LLM_KV_NAMES} in {@code src/llama-arch.cpp}). Keys that
 * start with the architecture name are methods taking it, e.g. {@code contextLength("llama")} is
 * {@code llama.context_length}.
 */
public final class GgufKeys {

    public static final String GENERAL_ARCHITECTURE = "general.architecture";
    public static final String GENERAL_NAME = "general.name";
    public static final String GENERAL_ALIGNMENT = "general.alignment";
    public static final String GENERAL_FILE_TYPE = "general.file_type";
    public static final String GENERAL_QUANTIZATION_VERSION = "general.quantization_version";

    /** Every tokenizer key starts with this prefix. */
    public static final String TOKENIZER_PREFIX = "tokenizer.";
    public static final String TOKENIZER_MODEL = "tokenizer.ggml.model";
    public static final String TOKENIZER_PRE = "tokenizer.ggml.pre";
    public static final String TOKENIZER_TOKENS = "tokenizer.ggml.tokens";
    public static final String TOKENIZER_SCORES = "tokenizer.ggml.scores";
    public static final String TOKENIZER_TOKEN_TYPE = "tokenizer.ggml.token_type";
    public static final String TOKENIZER_MERGES = "tokenizer.ggml.merges";
    public static final String TOKENIZER_BOS_ID = "tokenizer.ggml.bos_token_id";
    public static final String TOKENIZER_EOS_ID = "tokenizer.ggml.eos_token_id";
    public static final String TOKENIZER_EOT_ID = "tokenizer.ggml.eot_token_id";
    public static final String TOKENIZER_EOM_ID = "tokenizer.ggml.eom_token_id";
    public static final String TOKENIZER_UNK_ID = "tokenizer.ggml.unknown_token_id";
    public static final String TOKENIZER_PAD_ID = "tokenizer.ggml.padding_token_id";
    /** Sic: llama.cpp spells it "seperator". */
    public static final String TOKENIZER_SEP_ID = "tokenizer.ggml.seperator_token_id";
    public static final String TOKENIZER_MASK_ID = "tokenizer.ggml.mask_token_id";
    public static final String TOKENIZER_ADD_BOS = "tokenizer.ggml.add_bos_token";
    public static final String TOKENIZER_ADD_EOS = "tokenizer.ggml.add_eos_token";
    public static final String TOKENIZER_ADD_SEP = "tokenizer.ggml.add_sep_token";
    public static final String TOKENIZER_ADD_SPACE_PREFIX = "tokenizer.ggml.add_space_prefix";
    public static final String TOKENIZER_REMOVE_EXTRA_WHITESPACES = "tokenizer.ggml.remove_extra_whitespaces";
    public static final String TOKENIZER_CHAT_TEMPLATE = "tokenizer.chat_template";

    private GgufKeys() {
    }

    public static String vocabSize(String arch) {
        return arch + ".vocab_size";
    }

    public static String contextLength(String arch) {
        return arch + ".context_length";
    }

    public static String embeddingLength(String arch) {
        return arch + ".embedding_length";
    }

    public static String blockCount(String arch) {
        return arch + ".block_count";
    }

    public static String feedForwardLength(String arch) {
        return arch + ".feed_forward_length";
    }

    public static String headCount(String arch) {
        return arch + ".attention.head_count";
    }

    public static String headCountKv(String arch) {
        return arch + ".attention.head_count_kv";
    }

    public static String keyLength(String arch) {
        return arch + ".attention.key_length";
    }

    public static String valueLength(String arch) {
        return arch + ".attention.value_length";
    }

    public static String layerNormRmsEpsilon(String arch) {
        return arch + ".attention.layer_norm_rms_epsilon";
    }

    public static String ropeDimensionCount(String arch) {
        return arch + ".rope.dimension_count";
    }

    public static String ropeFreqBase(String arch) {
        return arch + ".rope.freq_base";
    }
}
