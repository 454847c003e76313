package dev.weightgate.engine.gguf;

import dev.weightgate.engine.tensor.GgmlType;
import java.util.Objects;
import java.util.Set;

/**
 * The shape of a random-weight model: a Llama-style decoder with {@code blockCount} layers.
 *
 * @param architecture      {@code llama}, {@code qwen2} (adds q/k/v biases) or {@code qwen3} (adds per-head q/k norms)
 * @param embeddingLength   model width {@code n_embd}
 * @param blockCount        number of layers
 * @param headCount         attention heads; must divide {@code embeddingLength}
 * @param headCountKv       key/value heads; must divide {@code headCount}
 * @param feedForwardLength SwiGLU hidden width
 * @param contextLength     training context written to {@code {arch}.context_length}
 * @param type              type of every matrix (norms and biases stay F32)
 * @param seed              makes the weights reproducible
 */
public record RandomModelSpec(String architecture, int embeddingLength, int blockCount, int headCount,
                              int headCountKv, int feedForwardLength, int contextLength, GgmlType type, long seed) {

    public static final Set<String> ARCHITECTURES = Set.of("llama", "qwen2", "qwen3");

    public RandomModelSpec {
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(type, "type");
        if (!ARCHITECTURES.contains(architecture)) {
            throw new IllegalArgumentException("architecture " + architecture + " is not one of " + ARCHITECTURES);
        }
        positive("dim", embeddingLength);
        positive("layers", blockCount);
        positive("heads", headCount);
        positive("kv-heads", headCountKv);
        positive("ffn", feedForwardLength);
        positive("context", contextLength);
        if (embeddingLength % headCount != 0) {
            throw new IllegalArgumentException("dim " + embeddingLength + " is not a multiple of heads " + headCount);
        }
        if (headCount % headCountKv != 0) {
            throw new IllegalArgumentException("heads " + headCount + " is not a multiple of kv-heads " + headCountKv);
        }
        if (!type.isSupported()) {
            throw new IllegalArgumentException("type " + type + " is not supported");
        }
        // every matrix's rows (dim for most, ffn for ffn_down) must hold whole blocks
        for (int rowLength : new int[] {embeddingLength, feedForwardLength}) {
            if (rowLength % type.blockSize() != 0) {
                throw new IllegalArgumentException("row length " + rowLength + " is not a multiple of the " + type
                        + " block size " + type.blockSize());
            }
        }
    }

    public int headDim() {
        return embeddingLength / headCount;
    }

    private static void positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }
}
