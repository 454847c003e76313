package dev.weightgate.engine.arch;

/**
 * Architecture-prefixed metadata keys, as llama.cpp's {@code LLM_KV_NAMES} spells them: {@code key("qwen2")} of
 * {@link #CONTEXT_LENGTH} is {@code qwen2.context_length}.
 */
public enum ArchKey {
    VOCAB_SIZE("vocab_size"),
    CONTEXT_LENGTH("context_length"),
    EMBEDDING_LENGTH("embedding_length"),
    BLOCK_COUNT("block_count"),
    FEED_FORWARD_LENGTH("feed_forward_length"),
    HEAD_COUNT("attention.head_count"),
    HEAD_COUNT_KV("attention.head_count_kv"),
    KEY_LENGTH("attention.key_length"),
    VALUE_LENGTH("attention.value_length"),
    RMS_EPSILON("attention.layer_norm_rms_epsilon"),
    ATTENTION_SCALE("attention.scale"),
    ROPE_DIMENSION_COUNT("rope.dimension_count"),
    ROPE_FREQ_BASE("rope.freq_base"),
    ROPE_SCALING_TYPE("rope.scaling.type"),
    ROPE_SCALING_FACTOR("rope.scaling.factor"),
    /** Old files: a linear scale without the type key. */
    ROPE_SCALE_LINEAR("rope.scale_linear"),
    ROPE_SCALING_ORIGINAL_CONTEXT("rope.scaling.original_context_length"),
    /** Llama 3 scaling when no {@code rope_freqs} tensor was baked in (the converter normally bakes it). */
    ROPE_SCALING_LOW_FREQ_FACTOR("rope.scaling.low_freq_factor"),
    ROPE_SCALING_HIGH_FREQ_FACTOR("rope.scaling.high_freq_factor"),
    /** YaRN: low end of the correction range, in rotations over the original context (runtime default 32). */
    ROPE_SCALING_YARN_BETA_FAST("rope.scaling.yarn_beta_fast"),
    /** YaRN: high end of the correction range (runtime default 1). */
    ROPE_SCALING_YARN_BETA_SLOW("rope.scaling.yarn_beta_slow"),
    /** gpt-oss: RoPE base of the sliding-window layers, default the common base. */
    ROPE_FREQ_BASE_SWA("rope.freq_base_swa"),
    /** gpt-oss: tokens a sliding-window layer looks back over ({@code n_swa}). */
    SLIDING_WINDOW("attention.sliding_window"),
    /** gpt-oss: period of the sliding/full layer pattern (llama.cpp {@code set_swa_pattern}), default 2. */
    SLIDING_WINDOW_PATTERN("attention.sliding_window_pattern"),
    EXPERT_COUNT("expert_count"),
    EXPERT_USED_COUNT("expert_used_count"),
    EXPERT_FEED_FORWARD_LENGTH("expert_feed_forward_length");

    private final String suffix;

    ArchKey(String suffix) {
        this.suffix = suffix;
    }

    public String key(String architecture) {
        return architecture + "." + suffix;
    }
}
