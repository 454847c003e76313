package dev.weightgate.engine.arch;

import dev.weightgate.engine.gguf.GgufFile;
import dev.weightgate.engine.gguf.GgufTensorInfo;
import dev.weightgate.engine.kernel.WeightMatrix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * All weights of a model: matrices as views of the mapped GGUF file (never copied), small vectors as float arrays.
 * Immutable, and safe to share between threads while the file stays open.
 *
 * @param tokenEmbedding  {@code vocab x dim}; rows are looked up per token
 * @param outputNorm      final RMSNorm weight, {@code [dim]}
 * @param output          the LM head, {@code vocab x dim}: {@code output.weight}, or the token embeddings when the
 *                        file has none (tied embeddings)
 * @param ropeFactors     per-pair divisors of the RoPE angle ({@code rope_freqs.weight}, or computed for Llama 3
 *                        scaling), or {@code null}
 * @param layers          the decoder layers in order
 */
public record Weights(WeightMatrix tokenEmbedding, float[] outputNorm, WeightMatrix output, float[] ropeFactors,
                      List<LayerWeights> layers) {

    public Weights {
        layers = List.copyOf(layers);
    }

    /** True when the LM head is the token embedding matrix. */
    public boolean tiedEmbeddings() {
        return output == tokenEmbedding;
    }

    /**
     * Finds, checks and maps the tensors the architecture needs.
     *
     * @throws IllegalArgumentException naming the tensor, if one is missing, has the wrong shape or an unsupported type
     */
    public static Weights load(GgufFile file, Hyperparameters hp) {
        Loader loader = new Loader(file, hp);
        Architecture arch = hp.architecture();
        int dim = hp.embeddingLength();
        WeightMatrix embeddings = loader.matrix(TensorName.TOKEN_EMBD.of(TensorName.WEIGHT), dim, hp.vocabSize(), true);
        WeightMatrix output = loader.matrix(TensorName.OUTPUT.of(TensorName.WEIGHT), dim, hp.vocabSize(), false);
        float[] ropeFactors = loader.vector(TensorName.ROPE_FREQS.of(TensorName.WEIGHT), hp.ropeDimensions() / 2,
                arch.weight(TensorName.ROPE_FREQS));
        if (ropeFactors == null && hp.ropeScaling().kind() == RopeScaling.Kind.LLAMA3) {
            ropeFactors = hp.ropeScaling().llama3Factors(hp.ropeFreqBase(), hp.ropeDimensions());
        }
        List<LayerWeights> layers = new ArrayList<>();
        for (int i = 0; i < hp.blockCount(); i++) {
            layers.add(loader.layer(i));
        }
        return new Weights(embeddings, loader.vector(TensorName.OUTPUT_NORM.of(TensorName.WEIGHT), dim,
                Architecture.Presence.REQUIRED), output != null ? output : embeddings, ropeFactors, layers);
    }

    private record Loader(GgufFile file, Hyperparameters hp) {

        LayerWeights layer(int i) {
            Architecture arch = hp.architecture();
            int dim = hp.embeddingLength();
            int qDim = hp.queryDim();
            int kvDim = hp.kvDim();
            int ffn = hp.feedForwardLength();
            float[] attnNorm = weightVector(TensorName.ATTN_NORM, i, dim);
            WeightMatrix q = layerMatrix(TensorName.ATTN_Q, i, dim, qDim);
            WeightMatrix k = layerMatrix(TensorName.ATTN_K, i, dim, kvDim);
            WeightMatrix v = layerMatrix(TensorName.ATTN_V, i, dim, kvDim);
            float[] qBias = vector(TensorName.ATTN_Q.of(i, TensorName.BIAS), qDim, arch.bias(TensorName.ATTN_Q));
            float[] kBias = vector(TensorName.ATTN_K.of(i, TensorName.BIAS), kvDim, arch.bias(TensorName.ATTN_K));
            float[] vBias = vector(TensorName.ATTN_V.of(i, TensorName.BIAS), kvDim, arch.bias(TensorName.ATTN_V));
            WeightMatrix output = layerMatrix(TensorName.ATTN_OUTPUT, i, qDim, dim);
            float[] outputBias = vector(TensorName.ATTN_OUTPUT.of(i, TensorName.BIAS), dim,
                    arch.bias(TensorName.ATTN_OUTPUT));
            if (arch.hasExperts()) {
                return new LayerWeights(attnNorm, q, k, v, qBias, kBias, vBias, null, null, output, outputBias,
                        weightVector(TensorName.POST_ATTENTION_NORM, i, dim),
                        null, null, null,
                        weightVector(TensorName.ATTN_SINKS, i, hp.headCount()),
                        experts(i));
            }
            return new LayerWeights(attnNorm, q, k, v, qBias, kBias, vBias,
                    vector(TensorName.ATTN_Q_NORM.of(i, TensorName.WEIGHT), hp.headDim(),
                            arch.weight(TensorName.ATTN_Q_NORM)),
                    vector(TensorName.ATTN_K_NORM.of(i, TensorName.WEIGHT), hp.headDim(),
                            arch.weight(TensorName.ATTN_K_NORM)),
                    output, outputBias,
                    weightVector(TensorName.FFN_NORM, i, dim),
                    layerMatrix(TensorName.FFN_GATE, i, dim, ffn),
                    layerMatrix(TensorName.FFN_UP, i, dim, ffn),
                    layerMatrix(TensorName.FFN_DOWN, i, ffn, dim));
        }

        private ExpertWeights experts(int i) {
            int dim = hp.embeddingLength();
            int n = hp.expertCount();
            int ffn = hp.expertFeedForwardLength();
            WeightMatrix router = layerMatrix(TensorName.FFN_GATE_INP, i, dim, n);
            float[] routerBias = vector(TensorName.FFN_GATE_INP.of(i, TensorName.BIAS), n, Architecture.Presence.REQUIRED);
            WeightMatrix[] gate;
            WeightMatrix[] up;
            float[][] gateBias;
            float[][] upBias;
            String fused = TensorName.FFN_GATE_UP_EXPS.of(i, TensorName.WEIGHT);
            if (file.tensor(TensorName.FFN_GATE_EXPS.of(i, TensorName.WEIGHT)).isEmpty() && file.tensor(fused).isPresent()) {
                WeightMatrix[] both = expertMatrices(fused, dim, 2 * ffn);
                float[][] bothBias = expertRows(TensorName.FFN_GATE_UP_EXPS.of(i, TensorName.BIAS), 2 * ffn, n);
                gate = new WeightMatrix[n];
                up = new WeightMatrix[n];
                gateBias = new float[n][];
                upBias = new float[n][];
                for (int e = 0; e < n; e++) {
                    gate[e] = rowRange(both[e], 0, ffn, "gate");
                    up[e] = rowRange(both[e], ffn, ffn, "up");
                    gateBias[e] = Arrays.copyOfRange(bothBias[e], 0, ffn);
                    upBias[e] = Arrays.copyOfRange(bothBias[e], ffn, 2 * ffn);
                }
            } else {
                gate = expertMatrices(TensorName.FFN_GATE_EXPS.of(i, TensorName.WEIGHT), dim, ffn);
                up = expertMatrices(TensorName.FFN_UP_EXPS.of(i, TensorName.WEIGHT), dim, ffn);
                gateBias = expertRows(TensorName.FFN_GATE_EXPS.of(i, TensorName.BIAS), ffn, n);
                upBias = expertRows(TensorName.FFN_UP_EXPS.of(i, TensorName.BIAS), ffn, n);
            }
            return new ExpertWeights(router, routerBias, gate, up,
                    expertMatrices(TensorName.FFN_DOWN_EXPS.of(i, TensorName.WEIGHT), ffn, dim),
                    gateBias, upBias, expertRows(TensorName.FFN_DOWN_EXPS.of(i, TensorName.BIAS), dim, n));
        }

        private static WeightMatrix rowRange(WeightMatrix w, int first, int count, String part) {
            return new WeightMatrix(w.name() + "." + part, w.type(),
                    w.data().asSlice(first * w.rowBytes(), count * w.rowBytes()), count, w.cols());
        }

        /**
         * The experts of a 3-D tensor {@code {cols, rows, experts}}, each a view of its own slice (expert {@code e}
         * starts {@code e * rows} rows in).
         */
        private WeightMatrix[] expertMatrices(String name, int cols, int rows) {
            int n = hp.expertCount();
            GgufTensorInfo info = file.tensor(name).orElseThrow(
                    () -> new IllegalArgumentException("tensor " + name + " is missing"));
            if (info.nDims() != 3 || info.dim(0) != cols || info.dim(1) != rows || info.dim(2) != n) {
                throw new IllegalArgumentException("tensor " + name + " has shape " + Arrays.toString(info.shape())
                        + ", expected [" + cols + ", " + rows + ", " + n + "]");
            }
            if (!info.type().isSupported()) {
                throw new IllegalArgumentException("tensor " + name + " has unsupported type " + info.type());
            }
            long bytes = info.type().byteSize(cols) * rows;
            var data = file.tensorData(info);
            WeightMatrix[] experts = new WeightMatrix[n];
            for (int e = 0; e < n; e++) {
                experts[e] = new WeightMatrix(name + "[" + e + "]", info.type(), data.asSlice(e * bytes, bytes), rows,
                        cols);
            }
            return experts;
        }

        /** A 2-D tensor {@code {length, count}} of small vectors (per-expert biases), copied to floats. */
        private float[][] expertRows(String name, int length, int count) {
            GgufTensorInfo info = file.tensor(name).orElseThrow(
                    () -> new IllegalArgumentException("tensor " + name + " is missing"));
            if (info.nDims() != 2 || info.dim(0) != length || info.dim(1) != count) {
                throw new IllegalArgumentException("tensor " + name + " has shape " + Arrays.toString(info.shape())
                        + ", expected [" + length + ", " + count + "]");
            }
            float[] all = new float[length * count];
            info.type().dequantize(file.tensorData(info), 0, all, 0, all.length);
            float[][] rows = new float[count][];
            for (int e = 0; e < count; e++) {
                rows[e] = Arrays.copyOfRange(all, e * length, (e + 1) * length);
            }
            return rows;
        }

        private float[] weightVector(TensorName tensor, int layer, int length) {
            return vector(tensor.of(layer, TensorName.WEIGHT), length, Architecture.Presence.REQUIRED);
        }

        private WeightMatrix layerMatrix(TensorName tensor, int layer, int cols, int rows) {
            return matrix(tensor.of(layer, TensorName.WEIGHT), cols, rows, true);
        }

        /** A {@code rows x cols} matrix (ggml shape {cols, rows}), or null if optional and absent. */
        WeightMatrix matrix(String name, int cols, int rows, boolean required) {
            GgufTensorInfo info = file.tensor(name).orElse(null);
            if (info == null) {
                if (required) {
                    throw new IllegalArgumentException("tensor " + name + " is missing");
                }
                return null;
            }
            if (info.nDims() != 2 || info.dim(0) != cols || info.dim(1) != rows) {
                throw new IllegalArgumentException("tensor " + name + " has shape " + Arrays.toString(info.shape())
                        + ", expected [" + cols + ", " + rows + "]");
            }
            if (!info.type().isSupported()) {
                throw new IllegalArgumentException("tensor " + name + " has unsupported type " + info.type());
            }
            return new WeightMatrix(name, info.type(), file.tensorData(info), rows, cols);
        }

        /** A vector copied to floats; null when absent and allowed to be. */
        float[] vector(String name, int length, Architecture.Presence presence) {
            GgufTensorInfo info = file.tensor(name).orElse(null);
            if (info == null) {
                if (presence == Architecture.Presence.REQUIRED) {
                    throw new IllegalArgumentException("tensor " + name + " is missing");
                }
                return null;
            }
            if (presence == Architecture.Presence.ABSENT) {
                throw new IllegalArgumentException("tensor " + name + " does not belong to a "
                        + hp.architecture() + " model");
            }
            if (info.elementCount() != length || info.dim(0) != length) {
                throw new IllegalArgumentException("tensor " + name + " has shape " + Arrays.toString(info.shape())
                        + ", expected [" + length + "]");
            }
            float[] values = new float[length];
            info.type().dequantize(file.tensorData(info), 0, values, 0, length);
            return values;
        }
    }
}
