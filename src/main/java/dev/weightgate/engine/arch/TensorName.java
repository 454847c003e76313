package dev.weightgate.engine.arch;

/**
 * The tensors of the decoder architectures, named as llama.cpp's {@code LLM_TENSOR_NAMES} ({@code src/llama-arch.cpp})
 * names them. {@link #of(int, String)} is the single place a tensor name is built.
 */
public enum TensorName {
    TOKEN_EMBD("token_embd", false),
    OUTPUT_NORM("output_norm", false),
    OUTPUT("output", false),
    ROPE_FREQS("rope_freqs", false),
    ATTN_NORM("attn_norm", true),
    ATTN_Q("attn_q", true),
    ATTN_K("attn_k", true),
    ATTN_V("attn_v", true),
    ATTN_OUTPUT("attn_output", true),
    ATTN_Q_NORM("attn_q_norm", true),
    ATTN_K_NORM("attn_k_norm", true),
    FFN_NORM("ffn_norm", true),
    FFN_GATE("ffn_gate", true),
    FFN_UP("ffn_up", true),
    FFN_DOWN("ffn_down", true),
    /** gpt-oss: one learned attention-sink logit per query head. */
    ATTN_SINKS("attn_sinks", true),
    /** gpt-oss: the RMSNorm before the mixture of experts (the role of {@link #FFN_NORM} in dense models). */
    POST_ATTENTION_NORM("post_attention_norm", true),
    /** Mixture of experts: the router, one logit per expert. */
    FFN_GATE_INP("ffn_gate_inp", true),
    /** Mixture of experts: all experts' gate matrices in one 3-D tensor {@code {dim, ffn, experts}}. */
    FFN_GATE_EXPS("ffn_gate_exps", true),
    FFN_UP_EXPS("ffn_up_exps", true),
    /** {@code {ffn, dim, experts}}. */
    FFN_DOWN_EXPS("ffn_down_exps", true),
    /** Newer converters' fused gate and up experts, {@code {dim, 2 ffn, experts}}: rows 0..ffn-1 gate, then up. */
    FFN_GATE_UP_EXPS("ffn_gate_up_exps", true);

    /** The suffix of a weight tensor. */
    public static final String WEIGHT = "weight";
    /** The suffix of a bias tensor. */
    public static final String BIAS = "bias";

    private final String base;
    private final boolean perLayer;

    TensorName(String base, boolean perLayer) {
        this.base = base;
        this.perLayer = perLayer;
    }

    /** True for tensors that exist once per layer ({@code blk.N.}). */
    public boolean perLayer() {
        return perLayer;
    }

    /** The name of a model-level tensor, e.g. {@code output_norm.weight}. */
    public String of(String suffix) {
        if (perLayer) {
            throw new IllegalArgumentException(this + " is a per-layer tensor: give the layer");
        }
        return base + "." + suffix;
    }

    /** The name of a layer's tensor, e.g. {@code blk.3.attn_q.bias}. */
    public String of(int layer, String suffix) {
        if (!perLayer) {
            throw new IllegalArgumentException(this + " is not a per-layer tensor");
        }
        return "blk." + layer + "." + base + "." + suffix;
    }
}
