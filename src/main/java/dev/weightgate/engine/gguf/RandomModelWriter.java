package dev.weightgate.engine.gguf;

import dev.weightgate.engine.tensor.GgmlType;
import dev.weightgate.engine.tensor.RandomBlocks;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes a model with random weights in the layout llama.cpp loads for {@code llama}, {@code qwen2}, {@code qwen3}
 * and {@code gpt-oss}: the hyperparameter keys of {@code src/llama-model.cpp}, the tensor names and shapes of
 * {@code src/llama-arch.cpp}, and the tokenizer copied from a real vocabulary. Such a model talks nonsense but runs,
 * which is what parity tests between our engine and llama.cpp need.
 *
 * <p>Matrices are normal with standard deviation 0.02 (small enough that activations stay finite through many
 * layers), norm weights are 1 plus a little noise, biases small. Each tensor draws from its own generator seeded
 * by the model seed and the tensor's name, so a tensor's values do not depend on which other tensors exist.
 *
 * <p>gpt-oss files follow llama.cpp's converter: the keys of section 4.6 of the engine spec (YaRN factor 32 over an
 * original context of 4096, RoPE base 150000, explicit key/value lengths), experts as 3-D tensors
 * {@code {cols, rows, experts}} in the expert type with F32 biases {@code {rows, experts}}, an F32 router, and one
 * F32 sink logit per head (standard deviation 1, so the sinks take a real share of the attention).
 */
public final class RandomModelWriter {

    static final float WEIGHT_STD = 0.02f;
    private static final float NORM_NOISE = 0.1f;
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final RandomModelSpec spec;
    private final GgufMetadata vocabulary;
    private final int vocabSize;

    private RandomModelWriter(RandomModelSpec spec, GgufMetadata vocabulary) {
        this.spec = spec;
        this.vocabulary = vocabulary;
        this.vocabSize = vocabulary.getStringArray(GgufKeys.TOKENIZER_TOKENS).length;
        if (vocabSize == 0) {
            throw new GgufException("the vocabulary has no tokens");
        }
    }

    /** Writes the model to {@code out}; {@code vocabulary} supplies every {@code tokenizer.*} key. */
    public static void write(RandomModelSpec spec, GgufMetadata vocabulary, Path out) throws IOException {
        writer(spec, vocabulary).write(out);
    }

    /** The model as a writer, tensors generated only when it is written. */
    public static GgufWriter writer(RandomModelSpec spec, GgufMetadata vocabulary) {
        return new RandomModelWriter(spec, vocabulary).build();
    }

    private GgufWriter build() {
        String arch = spec.architecture();
        int hd = spec.headDim();
        GgufWriter writer = GgufWriter.create()
                .putString(GgufKeys.GENERAL_ARCHITECTURE, arch)
                .putString(GgufKeys.GENERAL_NAME, "Weightgate random-weight demo (" + arch + ", " + spec.blockCount()
                        + " layers, dim " + spec.embeddingLength() + ", " + spec.type() + ", seed " + spec.seed()
                        + "; not a trained model)")
                .putUint32(GgufKeys.GENERAL_FILE_TYPE, spec.mix() == RandomModelSpec.TypeMix.Q4_K_M
                        ? 15 // LLAMA_FTYPE_MOSTLY_Q4_K_M
                        : spec.gptOss() != null && spec.gptOss().expertType() == GgmlType.MXFP4
                        ? fileType(GgmlType.MXFP4) // MXFP4_MOE: MXFP4 experts, the rest as is
                        : fileType(spec.type()));
        if (spec.type().isQuantized() || (spec.gptOss() != null && spec.gptOss().expertType().isQuantized())) {
            writer.putUint32(GgufKeys.GENERAL_QUANTIZATION_VERSION, 2);
        }
        boolean gptOss = spec.gptOss() != null;
        writer.putUint32(GgufKeys.vocabSize(arch), vocabSize)
                .putUint32(GgufKeys.contextLength(arch), spec.contextLength())
                .putUint32(GgufKeys.embeddingLength(arch), spec.embeddingLength())
                .putUint32(GgufKeys.blockCount(arch), spec.blockCount())
                .putUint32(GgufKeys.feedForwardLength(arch), spec.feedForwardLength())
                .putUint32(GgufKeys.headCount(arch), spec.headCount())
                .putUint32(GgufKeys.headCountKv(arch), spec.headCountKv())
                .putUint32(GgufKeys.ropeDimensionCount(arch), hd)
                .putFloat32(GgufKeys.ropeFreqBase(arch), switch (arch) {
                    case "llama" -> 10_000f;
                    case "gpt-oss" -> 150_000f;
                    default -> 1_000_000f;
                })
                .putFloat32(GgufKeys.layerNormRmsEpsilon(arch), arch.equals("qwen2") || arch.equals("qwen3")
                        ? 1e-6f : 1e-5f);
        if (gptOss) {
            writer.putUint32(arch + ".expert_feed_forward_length", spec.feedForwardLength())
                    .putUint32(arch + ".expert_count", spec.gptOss().experts())
                    .putUint32(arch + ".expert_used_count", spec.gptOss().expertsUsed())
                    .putUint32(arch + ".attention.sliding_window", spec.gptOss().slidingWindow())
                    .putString(arch + ".rope.scaling.type", "yarn")
                    .putFloat32(arch + ".rope.scaling.factor", 32f)
                    .putUint32(arch + ".rope.scaling.original_context_length", 4096);
        }
        if (arch.equals("qwen3") || gptOss || hd * spec.headCount() != spec.embeddingLength()) {
            writer.putUint32(GgufKeys.keyLength(arch), hd).putUint32(GgufKeys.valueLength(arch), hd);
        }
        for (String key : vocabulary.keys()) {
            if (key.startsWith(GgufKeys.TOKENIZER_PREFIX)) {
                writer.put(key, vocabulary.typeOf(key), vocabulary.get(key));
            }
        }

        int dim = spec.embeddingLength();
        int qDim = spec.headCount() * hd;
        int kvDim = spec.headCountKv() * hd;
        int ffn = spec.feedForwardLength();
        matrix(writer, "token_embd.weight", dim, vocabSize);
        norm(writer, "output_norm.weight", dim);
        if (!spec.tiedEmbeddings()) {
            matrix(writer, "output.weight", dim, vocabSize);
        }
        for (int layer = 0; layer < spec.blockCount(); layer++) {
            String blk = "blk." + layer + ".";
            norm(writer, blk + "attn_norm.weight", dim);
            matrix(writer, blk + "attn_q.weight", dim, qDim);
            matrix(writer, blk + "attn_k.weight", dim, kvDim);
            matrix(writer, blk + "attn_v.weight", dim, kvDim);
            if (gptOss) {
                gptOssLayer(writer, blk);
                continue;
            }
            if (arch.equals("qwen2")) {
                bias(writer, blk + "attn_q.bias", qDim);
                bias(writer, blk + "attn_k.bias", kvDim);
                bias(writer, blk + "attn_v.bias", kvDim);
            }
            if (arch.equals("qwen3")) {
                norm(writer, blk + "attn_q_norm.weight", hd);
                norm(writer, blk + "attn_k_norm.weight", hd);
            }
            matrix(writer, blk + "attn_output.weight", qDim, dim);
            norm(writer, blk + "ffn_norm.weight", dim);
            matrix(writer, blk + "ffn_gate.weight", dim, ffn);
            matrix(writer, blk + "ffn_up.weight", dim, ffn);
            matrix(writer, blk + "ffn_down.weight", ffn, dim);
        }
        return writer;
    }

    /** The rest of a gpt-oss layer after Q, K and V: biases, sinks, output projection, router and experts. */
    private void gptOssLayer(GgufWriter writer, String blk) {
        int dim = spec.embeddingLength();
        int qDim = spec.headCount() * spec.headDim();
        int kvDim = spec.headCountKv() * spec.headDim();
        int ffn = spec.feedForwardLength();
        int experts = spec.gptOss().experts();
        bias(writer, blk + "attn_q.bias", qDim);
        bias(writer, blk + "attn_k.bias", kvDim);
        bias(writer, blk + "attn_v.bias", kvDim);
        matrix(writer, blk + "attn_output.weight", qDim, dim);
        bias(writer, blk + "attn_output.bias", dim);
        vector(writer, blk + "attn_sinks.weight", spec.headCount(), 0.0f, 1.0f);
        norm(writer, blk + "post_attention_norm.weight", dim);
        matrix(writer, blk + "ffn_gate_inp.weight", dim, experts);
        bias(writer, blk + "ffn_gate_inp.bias", experts);
        experts(writer, blk + "ffn_gate_exps", dim, ffn, experts);
        experts(writer, blk + "ffn_up_exps", dim, ffn, experts);
        experts(writer, blk + "ffn_down_exps", ffn, dim, experts);
    }

    /** An expert tensor {@code {rowLength, rows, experts}} and its bias {@code {rows, experts}}. */
    private void experts(GgufWriter writer, String base, int rowLength, int rows, int experts) {
        String name = base + ".weight";
        GgmlType type = spec.typeOf(name);
        writer.addTensor(name, new long[] {rowLength, rows, experts}, type, out -> {
            SplittableRandom random = randomFor(name);
            byte[] row = new byte[Math.toIntExact(type.byteSize(rowLength))];
            for (long r = 0; r < (long) rows * experts; r++) {
                RandomBlocks.fill(type, random, WEIGHT_STD, row, 0, rowLength);
                out.write(row);
            }
        });
        String bias = base + ".bias";
        writer.addTensor(bias, new long[] {rows, experts}, GgmlType.F32, out -> {
            SplittableRandom random = randomFor(bias);
            byte[] bytes = new byte[4 * rows];
            MemorySegment segment = MemorySegment.ofArray(bytes);
            for (int e = 0; e < experts; e++) {
                for (int i = 0; i < rows; i++) {
                    segment.set(F32, 4L * i, (float) (random.nextGaussian() * WEIGHT_STD));
                }
                out.write(bytes);
            }
        });
    }

    /** A weight matrix of {@code rows} rows of {@code rowLength} elements (ggml shape {rowLength, rows}). */
    private void matrix(GgufWriter writer, String name, int rowLength, int rows) {
        GgmlType type = spec.typeOf(name);
        if (rowLength % type.blockSize() != 0) {
            throw new IllegalArgumentException(name + ": row length " + rowLength + " is not a multiple of the "
                    + type + " block size " + type.blockSize());
        }
        writer.addTensor(name, new long[] {rowLength, rows}, type, out -> {
            SplittableRandom random = randomFor(name);
            byte[] row = new byte[Math.toIntExact(type.byteSize(rowLength))];
            for (int r = 0; r < rows; r++) {
                RandomBlocks.fill(type, random, WEIGHT_STD, row, 0, rowLength);
                out.write(row);
            }
        });
    }

    private void norm(GgufWriter writer, String name, int length) {
        vector(writer, name, length, 1.0f, NORM_NOISE);
    }

    private void bias(GgufWriter writer, String name, int length) {
        vector(writer, name, length, 0.0f, WEIGHT_STD);
    }

    private void vector(GgufWriter writer, String name, int length, float mean, float std) {
        writer.addTensor(name, new long[] {length}, GgmlType.F32, out -> {
            SplittableRandom random = randomFor(name);
            byte[] bytes = new byte[4 * length];
            MemorySegment segment = MemorySegment.ofArray(bytes);
            for (int i = 0; i < length; i++) {
                segment.set(F32, 4L * i, (float) (mean + random.nextGaussian() * std));
            }
            out.write(bytes);
        });
    }

    private SplittableRandom randomFor(String tensorName) {
        // String.hashCode is fixed by its API contract, so a seed gives the same weights on every run and machine
        return new SplittableRandom(spec.seed() * 0x9E3779B97F4A7C15L + tensorName.hashCode());
    }

    /** llama.cpp's {@code llama_ftype} for a file whose matrices all have one type. */
    static int fileType(GgmlType type) {
        return switch (type) {
            case F32 -> 0;
            case F16 -> 1;
            case Q4_0 -> 2;
            case Q4_1 -> 3;
            case Q8_0 -> 7;
            case Q5_0 -> 8;
            case Q5_1 -> 9;
            case Q2_K -> 10;
            case Q3_K -> 11; // Q3_K_S: every matrix Q3_K
            case Q4_K -> 14; // Q4_K_S
            case Q5_K -> 16; // Q5_K_S
            case Q6_K -> 18;
            case BF16 -> 32;
            case MXFP4 -> 38; // MXFP4_MOE
            default -> throw new IllegalArgumentException("no llama_ftype for " + type);
        };
    }
}
