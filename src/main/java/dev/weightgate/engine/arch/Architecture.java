package dev.weightgate.engine.arch;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The decoder architectures the engine runs, one row each: the GGUF name, the RoPE pairing, and which tensors
 * exist (required or optional). Everything that differs between {@code llama}, {@code qwen2}, {@code qwen3} and
 * {@code gpt-oss} is here as data; the forward pass reads it and has no per-architecture branches of its own.
 */
public enum Architecture {
    /** Llama 1/2/3 (and Mistral-style dense models): NORM rope, optional biases, optional {@code rope_freqs}. */
    LLAMA("llama", RopeType.NORMAL,
            EnumSet.noneOf(TensorName.class),
            EnumSet.of(TensorName.ATTN_Q, TensorName.ATTN_K, TensorName.ATTN_V, TensorName.ATTN_OUTPUT),
            EnumSet.of(TensorName.OUTPUT, TensorName.ROPE_FREQS)),
    /** Qwen2 / Qwen2.5: NEOX rope, q/k/v biases always present. */
    QWEN2("qwen2", RopeType.NEOX,
            EnumSet.of(TensorName.ATTN_Q, TensorName.ATTN_K, TensorName.ATTN_V),
            EnumSet.noneOf(TensorName.class),
            EnumSet.of(TensorName.OUTPUT)),
    /** Qwen3 (dense): NEOX rope, no biases, per-head RMSNorm of Q and K before RoPE. */
    QWEN3("qwen3", RopeType.NEOX,
            EnumSet.noneOf(TensorName.class),
            EnumSet.noneOf(TensorName.class),
            EnumSet.of(TensorName.OUTPUT)),
    /**
     * gpt-oss (llama.cpp's {@code OPENAI_MOE}): NEOX rope with YaRN, biases on every attention projection, learned
     * attention sinks, sliding-window attention on alternate layers, and a mixture of experts instead of the dense
     * feed-forward block.
     */
    GPT_OSS("gpt-oss", RopeType.NEOX,
            EnumSet.of(TensorName.ATTN_Q, TensorName.ATTN_K, TensorName.ATTN_V, TensorName.ATTN_OUTPUT,
                    TensorName.FFN_GATE_INP, TensorName.FFN_GATE_EXPS, TensorName.FFN_UP_EXPS,
                    TensorName.FFN_DOWN_EXPS),
            EnumSet.noneOf(TensorName.class),
            EnumSet.of(TensorName.OUTPUT));

    /** How RoPE pairs the dimensions of a head. */
    public enum RopeType {
        /** Adjacent pairs (2i, 2i+1): llama.cpp's {@code LLAMA_ROPE_TYPE_NORM}. */
        NORMAL,
        /** Halves (i, i + n/2): {@code LLAMA_ROPE_TYPE_NEOX}. */
        NEOX
    }

    private static final Set<TensorName> DENSE_FFN = Collections.unmodifiableSet(EnumSet.of(TensorName.FFN_NORM,
            TensorName.FFN_GATE, TensorName.FFN_UP, TensorName.FFN_DOWN));
    private static final Set<TensorName> MOE = Collections.unmodifiableSet(EnumSet.of(TensorName.ATTN_SINKS,
            TensorName.POST_ATTENTION_NORM, TensorName.FFN_GATE_INP, TensorName.FFN_GATE_EXPS, TensorName.FFN_UP_EXPS,
            TensorName.FFN_DOWN_EXPS));

    private static final Set<TensorName> ALWAYS = Collections.unmodifiableSet(EnumSet.of(TensorName.TOKEN_EMBD,
            TensorName.OUTPUT_NORM, TensorName.ATTN_NORM, TensorName.ATTN_Q, TensorName.ATTN_K, TensorName.ATTN_V,
            TensorName.ATTN_OUTPUT, TensorName.FFN_NORM, TensorName.FFN_GATE, TensorName.FFN_UP, TensorName.FFN_DOWN));

    private final String ggufName;
    private final RopeType ropeType;
    private final Set<TensorName> requiredBiases;
    private final Set<TensorName> optionalBiases;
    private final Set<TensorName> optionalWeights;

    Architecture(String ggufName, RopeType ropeType, Set<TensorName> requiredBiases, Set<TensorName> optionalBiases,
                 Set<TensorName> optionalWeights) {
        this.ggufName = ggufName;
        this.ropeType = ropeType;
        this.requiredBiases = requiredBiases;
        this.optionalBiases = optionalBiases;
        this.optionalWeights = optionalWeights;
    }

    /** The architecture {@code general.architecture} names, if the engine runs it. */
    public static Optional<Architecture> fromGguf(String name) {
        return Arrays.stream(values()).filter(a -> a.ggufName.equals(name)).findFirst();
    }

    /** The value of {@code general.architecture}, also the prefix of its metadata keys. */
    public String ggufName() {
        return ggufName;
    }

    public RopeType ropeType() {
        return ropeType;
    }

    /** True for qwen3's per-head Q/K norms. */
    public boolean hasQkNorm() {
        return this == QWEN3;
    }

    /**
     * True for gpt-oss: a mixture of experts replaces the dense SwiGLU block, attention has learned sinks, and
     * alternate layers attend over a sliding window.
     */
    public boolean hasExperts() {
        return this == GPT_OSS;
    }

    /** Whether this tensor's {@code .weight} must exist, may exist, or does not belong to the architecture. */
    public Presence weight(TensorName tensor) {
        if (tensor == TensorName.ATTN_Q_NORM || tensor == TensorName.ATTN_K_NORM) {
            return hasQkNorm() ? Presence.REQUIRED : Presence.ABSENT;
        }
        if (MOE.contains(tensor)) {
            return hasExperts() ? Presence.REQUIRED : Presence.ABSENT;
        }
        if (DENSE_FFN.contains(tensor) && hasExperts()) {
            return Presence.ABSENT;
        }
        if (ALWAYS.contains(tensor)) {
            return Presence.REQUIRED;
        }
        return optionalWeights.contains(tensor) ? Presence.OPTIONAL : Presence.ABSENT;
    }

    /** Whether this tensor's {@code .bias} must exist, may exist, or does not belong to the architecture. */
    public Presence bias(TensorName tensor) {
        if (requiredBiases.contains(tensor)) {
            return Presence.REQUIRED;
        }
        return optionalBiases.contains(tensor) ? Presence.OPTIONAL : Presence.ABSENT;
    }

    /** Whether a tensor is part of a file. */
    public enum Presence {
        REQUIRED, OPTIONAL, ABSENT
    }

    @Override
    public String toString() {
        return ggufName;
    }
}
