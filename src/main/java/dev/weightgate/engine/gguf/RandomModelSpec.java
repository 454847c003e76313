package dev.weightgate.engine.gguf;

import dev.weightgate.engine.tensor.GgmlType;
import java.util.Objects;
import java.util.Set;

/**
 * The shape of a random-weight model: a Llama-style decoder with {@code blockCount} layers.
 *
 * @param architecture      {@code llama}, {@code qwen2} (adds q/k/v biases), {@code qwen3} (adds per-head q/k norms)
 *                          or {@code gpt-oss} (mixture of experts, attention sinks, sliding windows, YaRN)
 * @param embeddingLength   model width {@code n_embd}
 * @param blockCount        number of layers
 * @param headCount         attention heads; must divide {@code embeddingLength}
 * @param headCountKv       key/value heads; must divide {@code headCount}
 * @param feedForwardLength SwiGLU hidden width (gpt-oss: of each expert)
 * @param contextLength     training context written to {@code {arch}.context_length}
 * @param type              type of every matrix (norms and biases stay F32), or the base type of a {@code mix}
 * @param seed              makes the weights reproducible
 * @param headDimension     per-head width of Q, K and V ({@code key_length}); 0 for {@code embeddingLength / headCount}
 * @param mix               how matrix types vary by tensor, as a llama.cpp file type does
 * @param tiedEmbeddings    leave out {@code output.weight}, so the token embeddings double as the LM head
 * @param gptOss            the gpt-oss specifics; null for the other architectures
 */
public record RandomModelSpec(String architecture, int embeddingLength, int blockCount, int headCount,
                              int headCountKv, int feedForwardLength, int contextLength, GgmlType type, long seed,
                              int headDimension, TypeMix mix, boolean tiedEmbeddings, GptOss gptOss) {

    public static final Set<String> ARCHITECTURES = Set.of("llama", "qwen2", "qwen3", "gpt-oss");

    /**
     * What a gpt-oss model has beyond the common shape.
     *
     * @param experts       experts per layer (gpt-oss-20b: 32)
     * @param expertsUsed   experts per token (4)
     * @param slidingWindow tokens the even layers attend to (128)
     * @param expertType    type of the expert matrices (MXFP4 in the released models)
     */
    public record GptOss(int experts, int expertsUsed, int slidingWindow, GgmlType expertType) {

        /** gpt-oss-20b's routing and window with MXFP4 experts. */
        public static final GptOss DEFAULT = new GptOss(32, 4, 128, GgmlType.MXFP4);

        public GptOss {
            Objects.requireNonNull(expertType, "expertType");
            if (experts <= 0 || expertsUsed <= 0 || expertsUsed > experts) {
                throw new IllegalArgumentException(expertsUsed + " of " + experts + " experts per token is not valid");
            }
            positive("sliding-window", slidingWindow);
            if (!expertType.isSupported()) {
                throw new IllegalArgumentException("expert type " + expertType + " is not supported");
            }
        }
    }

    /** A model with these types and head width; gpt-oss gets {@link GptOss#DEFAULT}. */
    public RandomModelSpec(String architecture, int embeddingLength, int blockCount, int headCount, int headCountKv,
                           int feedForwardLength, int contextLength, GgmlType type, long seed, int headDimension,
                           TypeMix mix, boolean tiedEmbeddings) {
        this(architecture, embeddingLength, blockCount, headCount, headCountKv, feedForwardLength, contextLength, type,
                seed, headDimension, mix, tiedEmbeddings, "gpt-oss".equals(architecture) ? GptOss.DEFAULT : null);
    }

    /**
     * How the types of the matrices vary, after {@code llama_tensor_get_type} in llama.cpp's
     * {@code src/llama-quant.cpp}.
     */
    public enum TypeMix {
        /** Every matrix has the spec's type. */
        UNIFORM,
        /**
         * {@code LLAMA_FTYPE_MOSTLY_Q4_K_M}: Q4_K everywhere except the LM head (Q6_K) and {@code attn_v} and
         * {@code ffn_down} in the layers {@code use_more_bits} picks (the first and last eighth, and every third
         * layer between), which get Q6_K. With tied embeddings the token embeddings take the LM head's type.
         */
        Q4_K_M
    }

    /** A model with uniform matrix types, the default head width and a separate LM head. */
    public RandomModelSpec(String architecture, int embeddingLength, int blockCount, int headCount, int headCountKv,
                           int feedForwardLength, int contextLength, GgmlType type, long seed) {
        this(architecture, embeddingLength, blockCount, headCount, headCountKv, feedForwardLength, contextLength, type,
                seed, 0, TypeMix.UNIFORM, false);
    }

    public RandomModelSpec {
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(mix, "mix");
        if (headDimension < 0) {
            throw new IllegalArgumentException("head dimension must not be negative, got " + headDimension);
        }
        if (mix == TypeMix.Q4_K_M && type != GgmlType.Q4_K) {
            throw new IllegalArgumentException("the Q4_K_M mix has base type Q4_K, not " + type);
        }
        if (!ARCHITECTURES.contains(architecture)) {
            throw new IllegalArgumentException("architecture " + architecture + " is not one of " + ARCHITECTURES);
        }
        if ((gptOss != null) != architecture.equals("gpt-oss")) {
            throw new IllegalArgumentException("gpt-oss settings belong to gpt-oss models only, and gpt-oss needs them");
        }
        positive("dim", embeddingLength);
        positive("layers", blockCount);
        positive("heads", headCount);
        positive("kv-heads", headCountKv);
        positive("ffn", feedForwardLength);
        positive("context", contextLength);
        if (headDimension == 0 && embeddingLength % headCount != 0) {
            throw new IllegalArgumentException("dim " + embeddingLength + " is not a multiple of heads " + headCount);
        }
        if (headCount % headCountKv != 0) {
            throw new IllegalArgumentException("heads " + headCount + " is not a multiple of kv-heads " + headCountKv);
        }
        if (!type.isSupported()) {
            throw new IllegalArgumentException("type " + type + " is not supported");
        }
        // every matrix's rows (dim for most, ffn for ffn_down, heads x head width for attn_output) hold whole blocks
        int hd = headDimension != 0 ? headDimension : embeddingLength / headCount;
        for (int rowLength : new int[] {embeddingLength, feedForwardLength, headCount * hd}) {
            for (GgmlType t : gptOss == null ? new GgmlType[] {type} : new GgmlType[] {type, gptOss.expertType()}) {
                if (rowLength % t.blockSize() != 0) {
                    throw new IllegalArgumentException("row length " + rowLength + " is not a multiple of the " + t
                            + " block size " + t.blockSize());
                }
            }
        }
    }

    public int headDim() {
        return headDimension != 0 ? headDimension : embeddingLength / headCount;
    }

    /** The same model with another type mix (the base type becomes Q4_K for {@link TypeMix#Q4_K_M}). */
    public RandomModelSpec withMix(TypeMix newMix) {
        GgmlType base = newMix == TypeMix.Q4_K_M ? GgmlType.Q4_K : type;
        return new RandomModelSpec(architecture, embeddingLength, blockCount, headCount, headCountKv,
                feedForwardLength, contextLength, base, seed, headDimension, newMix, tiedEmbeddings, gptOss);
    }

    /** The same model with another per-head width. */
    public RandomModelSpec withHeadDimension(int newHeadDimension) {
        return new RandomModelSpec(architecture, embeddingLength, blockCount, headCount, headCountKv,
                feedForwardLength, contextLength, type, seed, newHeadDimension, mix, tiedEmbeddings, gptOss);
    }

    /** The same model with or without a separate LM head. */
    public RandomModelSpec withTiedEmbeddings(boolean tied) {
        return new RandomModelSpec(architecture, embeddingLength, blockCount, headCount, headCountKv,
                feedForwardLength, contextLength, type, seed, headDimension, mix, tied, gptOss);
    }

    /** The same gpt-oss model with other experts, window or expert type. */
    public RandomModelSpec withGptOss(GptOss newGptOss) {
        return new RandomModelSpec(architecture, embeddingLength, blockCount, headCount, headCountKv,
                feedForwardLength, contextLength, type, seed, headDimension, mix, tiedEmbeddings, newGptOss);
    }

    /** The type of the named matrix under this spec's {@link #mix()}. */
    public GgmlType typeOf(String tensorName) {
        if (gptOss != null && tensorName.endsWith("_exps.weight")) {
            return gptOss.expertType();
        }
        if (tensorName.endsWith(".ffn_gate_inp.weight")) {
            return GgmlType.F32; // llama.cpp's quantizer never quantizes the router
        }
        if (mix == TypeMix.UNIFORM) {
            return type;
        }
        boolean head = tensorName.equals("output.weight")
                || (tiedEmbeddings && tensorName.equals("token_embd.weight"));
        if (head) {
            return GgmlType.Q6_K;
        }
        if (tensorName.startsWith("blk.")
                && (tensorName.endsWith(".attn_v.weight") || tensorName.endsWith(".ffn_down.weight"))) {
            int layer = Integer.parseInt(tensorName.substring(4, tensorName.indexOf('.', 4)));
            return useMoreBits(layer, blockCount) ? GgmlType.Q6_K : type;
        }
        return type;
    }

    /** llama-quant.cpp's {@code use_more_bits}. */
    static boolean useMoreBits(int layer, int layers) {
        return layer < layers / 8 || layer >= 7 * layers / 8 || (layer - layers / 8) % 3 == 2;
    }

    private static void positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }
}
