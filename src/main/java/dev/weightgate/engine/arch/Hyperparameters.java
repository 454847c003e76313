package dev.weightgate.engine.arch;

import dev.weightgate.engine.gguf.GgufArray;
import dev.weightgate.engine.gguf.GgufFile;
import dev.weightgate.engine.gguf.GgufKeys;
import dev.weightgate.engine.gguf.GgufMetadata;
import dev.weightgate.engine.gguf.GgufTensorInfo;
import java.util.Locale;
import java.util.Optional;

/**
 * The shape and numerics of a model, read from GGUF metadata with llama.cpp's keys and defaults
 * ({@code llm_load_hparams} in {@code src/llama-model.cpp}).
 *
 * @param architecture      which decoder
 * @param vocabSize         rows of {@code token_embd.weight} (the logits' length)
 * @param trainedContext    {@code context_length}: what the model was trained for (sessions choose their own)
 * @param embeddingLength   model width {@code n_embd}
 * @param blockCount        layers
 * @param feedForwardLength SwiGLU hidden width
 * @param headCount         query heads
 * @param headCountKv       key/value heads (grouped-query attention when fewer than {@code headCount})
 * @param headDim           width of a Q/K/V head ({@code key_length}, default {@code n_embd / n_head})
 * @param ropeDimensions    rotated dimensions of a head ({@code rope.dimension_count}, equal to {@code headDim})
 * @param ropeFreqBase      RoPE base theta
 * @param rmsEpsilon        RMSNorm epsilon
 * @param attentionScale    the factor on {@code q . k}: {@code attention.scale} if set, else {@code 1/sqrt(headDim)}
 * @param ropeScaling       context-extension scaling of the RoPE angles
 * @param expertCount       experts per layer (gpt-oss), 0 for a dense model
 * @param expertUsedCount   experts each token is routed to
 * @param expertFeedForwardLength hidden width of one expert
 * @param slidingWindow     tokens a sliding-window layer attends to (the query's own included), 0 for none
 * @param slidingWindowPattern period of the sliding/full pattern: layer {@code l} slides iff
 *                          {@code l % pattern < pattern - 1} (llama.cpp {@code set_swa_pattern}); 0 makes every
 *                          layer slide
 * @param ropeFreqBaseSwa   RoPE base of the sliding-window layers
 */
public record Hyperparameters(Architecture architecture, int vocabSize, int trainedContext, int embeddingLength,
                              int blockCount, int feedForwardLength, int headCount, int headCountKv, int headDim,
                              int ropeDimensions, float ropeFreqBase, float rmsEpsilon, float attentionScale,
                              RopeScaling ropeScaling, int expertCount, int expertUsedCount,
                              int expertFeedForwardLength, int slidingWindow, int slidingWindowPattern,
                              float ropeFreqBaseSwa) {

    /** A dense model without sliding-window layers. */
    public Hyperparameters(Architecture architecture, int vocabSize, int trainedContext, int embeddingLength,
                           int blockCount, int feedForwardLength, int headCount, int headCountKv, int headDim,
                           int ropeDimensions, float ropeFreqBase, float rmsEpsilon, float attentionScale,
                           RopeScaling ropeScaling) {
        this(architecture, vocabSize, trainedContext, embeddingLength, blockCount, feedForwardLength, headCount,
                headCountKv, headDim, ropeDimensions, ropeFreqBase, rmsEpsilon, attentionScale, ropeScaling, 0, 0, 0,
                0, 0, ropeFreqBase);
    }

    public Hyperparameters {
        if (expertCount < 0 || expertUsedCount < 0 || expertUsedCount > expertCount
                || (expertCount > 0 && (expertUsedCount == 0 || expertFeedForwardLength <= 0))) {
            throw new IllegalArgumentException(expertUsedCount + " of " + expertCount + " experts of width "
                    + expertFeedForwardLength + " is not a valid mixture of experts");
        }
        if (slidingWindow < 0 || slidingWindowPattern < 0) {
            throw new IllegalArgumentException("sliding window " + slidingWindow + " / pattern "
                    + slidingWindowPattern + " is negative");
        }
        if (headCount % headCountKv != 0) {
            throw new IllegalArgumentException("head_count " + headCount + " is not a multiple of head_count_kv "
                    + headCountKv);
        }
        if (ropeDimensions != headDim) {
            throw new IllegalArgumentException("rope.dimension_count " + ropeDimensions + " differs from the head width "
                    + headDim + " (partial rotary embeddings are not supported by llama, qwen2 or qwen3)");
        }
        if (headDim % 2 != 0) {
            throw new IllegalArgumentException("head width " + headDim + " is odd");
        }
    }

    /** Width of all query heads together. */
    public int queryDim() {
        return headCount * headDim;
    }

    /** Width of all key (or value) heads together. */
    public int kvDim() {
        return headCountKv * headDim;
    }

    /** Query heads per key/value head. */
    public int groupSize() {
        return headCount / headCountKv;
    }

    /** True if the feed-forward block is a mixture of experts. */
    public boolean hasExperts() {
        return expertCount > 0;
    }

    /** True if {@code layer} attends only to the last {@link #slidingWindow()} positions. */
    public boolean slidingLayer(int layer) {
        return slidingWindow > 0 && (slidingWindowPattern == 0 || layer % slidingWindowPattern < slidingWindowPattern - 1);
    }

    /**
     * Reads the hyperparameters of {@code file}.
     *
     * @throws IllegalArgumentException if the architecture is not one the engine runs, or the metadata asks for
     *                                  something it does not support (per-layer widths, mixture of experts outside
     *                                  gpt-oss)
     */
    public static Hyperparameters read(GgufFile file) {
        GgufMetadata m = file.metadata();
        String name = m.findString(GgufKeys.GENERAL_ARCHITECTURE)
                .orElseThrow(() -> new IllegalArgumentException("general.architecture is missing"));
        Architecture arch = Architecture.fromGguf(name).orElseThrow(() -> new IllegalArgumentException(
                "architecture " + name + " is not supported (supported: llama, qwen2, qwen3, gpt-oss)"));
        if (!arch.hasExperts() && m.findLong(ArchKey.EXPERT_COUNT.key(name)).orElse(0L) > 0) {
            throw new IllegalArgumentException(name + " mixture-of-experts models are not supported");
        }
        int dim = scalar(m, name, ArchKey.EMBEDDING_LENGTH);
        int heads = scalar(m, name, ArchKey.HEAD_COUNT);
        int kvHeads = optionalScalar(m, name, ArchKey.HEAD_COUNT_KV).orElse(heads);
        int headDim = optionalScalar(m, name, ArchKey.KEY_LENGTH).orElse(dim / heads);
        int valueDim = optionalScalar(m, name, ArchKey.VALUE_LENGTH).orElse(dim / heads);
        if (valueDim != headDim) {
            throw new IllegalArgumentException("key_length " + headDim + " differs from value_length " + valueDim);
        }
        int ropeDims = optionalScalar(m, name, ArchKey.ROPE_DIMENSION_COUNT).orElse(headDim);
        float base = m.findFloat(ArchKey.ROPE_FREQ_BASE.key(name)).orElse(10_000f);
        float eps = m.findFloat(ArchKey.RMS_EPSILON.key(name)).orElseThrow(() -> new IllegalArgumentException(
                ArchKey.RMS_EPSILON.key(name) + " is missing"));
        float scale = m.findFloat(ArchKey.ATTENTION_SCALE.key(name)).orElse(0f);
        if (scale == 0) {
            scale = (float) (1 / Math.sqrt(headDim));
        }
        int trained = scalar(m, name, ArchKey.CONTEXT_LENGTH);
        GgufTensorInfo embeddings = file.tensor(TensorName.TOKEN_EMBD.of(TensorName.WEIGHT)).orElseThrow(
                () -> new IllegalArgumentException("tensor token_embd.weight is missing"));
        int experts = 0;
        int used = 0;
        int expertFfn = 0;
        int window = 0;
        int pattern = 0;
        if (arch.hasExperts()) {
            experts = scalar(m, name, ArchKey.EXPERT_COUNT);
            used = scalar(m, name, ArchKey.EXPERT_USED_COUNT);
            expertFfn = scalar(m, name, ArchKey.EXPERT_FEED_FORWARD_LENGTH);
            window = scalar(m, name, ArchKey.SLIDING_WINDOW);
            pattern = m.has(ArchKey.SLIDING_WINDOW_PATTERN.key(name))
                    ? Math.toIntExact(m.getLong(ArchKey.SLIDING_WINDOW_PATTERN.key(name))) : 2;
        }
        // llama.cpp reads feed_forward_length as optional; gpt-oss has no dense block to need it
        int ffn = arch.hasExperts() ? optionalScalar(m, name, ArchKey.FEED_FORWARD_LENGTH).orElse(expertFfn)
                : scalar(m, name, ArchKey.FEED_FORWARD_LENGTH);
        float baseSwa = m.findFloat(ArchKey.ROPE_FREQ_BASE_SWA.key(name)).orElse(base);
        return new Hyperparameters(arch, Math.toIntExact(embeddings.dim(1)), trained, dim,
                scalar(m, name, ArchKey.BLOCK_COUNT), ffn, heads, kvHeads, headDim, ropeDims, base, eps, scale,
                ropeScaling(m, name, trained), experts, used, expertFfn, window, pattern, baseSwa);
    }

    private static RopeScaling ropeScaling(GgufMetadata m, String arch, int trained) {
        String type = m.findString(ArchKey.ROPE_SCALING_TYPE.key(arch)).orElse("linear").toLowerCase(Locale.ROOT);
        float factor = m.findFloat(ArchKey.ROPE_SCALING_FACTOR.key(arch))
                .or(() -> m.findFloat(ArchKey.ROPE_SCALE_LINEAR.key(arch))).orElse(0f);
        int original = optionalScalar(m, arch, ArchKey.ROPE_SCALING_ORIGINAL_CONTEXT).orElse(trained);
        return switch (type) {
            case "none" -> RopeScaling.NONE;
            case "linear" -> factor == 0 || factor == 1 ? RopeScaling.NONE
                    : new RopeScaling(RopeScaling.Kind.LINEAR, factor, original, 1, 1);
            case "llama3" -> new RopeScaling(RopeScaling.Kind.LLAMA3, factor == 0 ? 8 : factor,
                    m.has(ArchKey.ROPE_SCALING_ORIGINAL_CONTEXT.key(arch)) ? original : 8192,
                    m.findFloat(ArchKey.ROPE_SCALING_LOW_FREQ_FACTOR.key(arch)).orElse(1f),
                    m.findFloat(ArchKey.ROPE_SCALING_HIGH_FREQ_FACTOR.key(arch)).orElse(4f));
            case "yarn" -> RopeScaling.yarn(factor == 0 ? 1 : factor, original,
                    m.findFloat(ArchKey.ROPE_SCALING_YARN_BETA_FAST.key(arch)).orElse(32f),
                    m.findFloat(ArchKey.ROPE_SCALING_YARN_BETA_SLOW.key(arch)).orElse(1f));
            default -> throw new IllegalArgumentException("rope scaling type " + type + " is not supported "
                    + "(supported: none, linear, llama3, yarn)");
        };
    }

    private static int scalar(GgufMetadata m, String arch, ArchKey key) {
        return optionalScalar(m, arch, key).orElseThrow(() -> new IllegalArgumentException(key.key(arch)
                + " is missing"));
    }

    private static Optional<Integer> optionalScalar(GgufMetadata m, String arch, ArchKey key) {
        String k = key.key(arch);
        if (!m.has(k)) {
            return Optional.empty();
        }
        if (m.get(k) instanceof GgufArray) {
            throw new IllegalArgumentException(k + " is a per-layer array; per-layer widths are not supported");
        }
        long value = m.getLong(k);
        if (value <= 0 || value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(k + " = " + value + " is out of range");
        }
        return Optional.of((int) value);
    }
}
