package dev.weightgate.engine.arch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weightgate.engine.gguf.GgufFile;
import dev.weightgate.engine.gguf.GgufWriter;
import dev.weightgate.engine.gguf.RandomModelSpec;
import dev.weightgate.engine.gguf.RandomModelWriter;
import dev.weightgate.engine.model.TestModels;
import dev.weightgate.engine.tensor.GgmlType;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hyperparameters and weights read from make-model files, and the files the engine refuses, with their messages. */
class HyperparametersTests {

    @TempDir
    Path dir;

    private Path write(RandomModelSpec spec, Consumer<GgufWriter> extra) throws Exception {
        GgufWriter writer = RandomModelWriter.writer(spec, TestModels.vocabulary());
        extra.accept(writer);
        Path path = dir.resolve("m" + System.nanoTime() + ".gguf");
        writer.write(path);
        return path;
    }

    @Test
    void aLlamaFileGivesLlamaCppsHyperparametersAndWeightViews() throws Exception {
        Path path = write(TestModels.small("llama", GgmlType.Q8_0, 1), w -> { });
        try (GgufFile file = GgufFile.open(path)) {
            Hyperparameters hp = Hyperparameters.read(file);
            assertThat(hp.architecture()).isEqualTo(Architecture.LLAMA);
            assertThat(hp.vocabSize()).isEqualTo(TestModels.VOCAB);
            assertThat(hp.embeddingLength()).isEqualTo(256);
            assertThat(hp.headCount()).isEqualTo(4);
            assertThat(hp.headCountKv()).isEqualTo(2);
            assertThat(hp.headDim()).isEqualTo(64);
            assertThat(hp.groupSize()).isEqualTo(2);
            assertThat(hp.rmsEpsilon()).isEqualTo(1e-5f);
            assertThat(hp.ropeFreqBase()).isEqualTo(10_000f);
            assertThat(hp.attentionScale()).isEqualTo(0.125f);
            assertThat(hp.ropeScaling()).isEqualTo(RopeScaling.NONE);
            Weights weights = Weights.load(file, hp);
            assertThat(weights.layers()).hasSize(2);
            assertThat(weights.tiedEmbeddings()).isFalse();
            assertThat(weights.ropeFactors()).isNull();
            LayerWeights layer = weights.layers().get(1);
            assertThat(layer.q().rows()).isEqualTo(256);
            assertThat(layer.k().rows()).isEqualTo(128);
            assertThat(layer.down().cols()).isEqualTo(512);
            assertThat(layer.qBias()).isNull();
            assertThat(layer.qNorm()).isNull();
            // a view of the mapping, not a copy
            assertThat(layer.q().data().isNative()).isTrue();
        }
    }

    @Test
    void qwenDifferencesAreData() throws Exception {
        try (GgufFile qwen2 = GgufFile.open(write(TestModels.small("qwen2", GgmlType.F32, 1), w -> { }));
             GgufFile qwen3 = GgufFile.open(write(TestModels.small("qwen3", GgmlType.F32, 1)
                     .withHeadDimension(128).withTiedEmbeddings(true), w -> { }))) {
            Hyperparameters h2 = Hyperparameters.read(qwen2);
            assertThat(h2.architecture().ropeType()).isEqualTo(Architecture.RopeType.NEOX);
            assertThat(Weights.load(qwen2, h2).layers().getFirst().vBias()).hasSize(128);
            Hyperparameters h3 = Hyperparameters.read(qwen3);
            assertThat(h3.headDim()).isEqualTo(128);
            assertThat(h3.queryDim()).isEqualTo(512); // wider than the model (256), as real Qwen3 models are
            Weights w3 = Weights.load(qwen3, h3);
            assertThat(w3.tiedEmbeddings()).isTrue();
            assertThat(w3.output()).isSameAs(w3.tokenEmbedding());
            assertThat(w3.layers().getFirst().kNorm()).hasSize(128);
            assertThat(w3.layers().getFirst().output().cols()).isEqualTo(512);
        }
    }

    @Test
    void llama3RopeScalingComesFromRopeFreqsOrFromTheKeys() throws Exception {
        RandomModelSpec spec = TestModels.small("llama", GgmlType.F32, 1);
        float[] baked = new float[32];
        java.util.Arrays.fill(baked, 3f);
        byte[] bytes = new byte[4 * 32];
        java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(baked);
        try (GgufFile file = GgufFile.open(write(spec, w -> w.addTensor("rope_freqs.weight", new long[] {32},
                GgmlType.F32, bytes)))) {
            assertThat(Weights.load(file, Hyperparameters.read(file)).ropeFactors()).containsOnly(3f);
        }
        try (GgufFile file = GgufFile.open(write(spec, w -> w.putString("llama.rope.scaling.type", "llama3")
                .putFloat32("llama.rope.scaling.factor", 8f)
                .putUint32("llama.rope.scaling.original_context_length", 8192)))) {
            Hyperparameters hp = Hyperparameters.read(file);
            assertThat(hp.ropeScaling().kind()).isEqualTo(RopeScaling.Kind.LLAMA3);
            float[] factors = Weights.load(file, hp).ropeFactors();
            assertThat(factors).hasSize(32);
            assertThat(factors[0]).isEqualTo(1f);
            assertThat(factors[31]).isEqualTo(8f);
        }
        try (GgufFile file = GgufFile.open(write(spec, w -> w.putString("llama.rope.scaling.type", "linear")
                .putFloat32("llama.rope.scaling.factor", 4f)))) {
            assertThat(Hyperparameters.read(file).ropeScaling().frequencyScale()).isEqualTo(0.25f);
        }
    }

    @Test
    void unsupportedFilesAreRefusedWithTheReason() throws Exception {
        RandomModelSpec spec = TestModels.small("llama", GgmlType.F32, 1);
        try (GgufFile file = GgufFile.open(write(spec, w -> w.putString("llama.rope.scaling.type", "longrope")))) {
            assertThatThrownBy(() -> Hyperparameters.read(file)).hasMessageContaining("rope scaling type longrope");
        }
        try (GgufFile file = GgufFile.open(write(spec, w -> w.putUint32("llama.expert_count", 8)))) {
            assertThatThrownBy(() -> Hyperparameters.read(file)).hasMessageContaining("mixture-of-experts");
        }
        try (GgufFile file = GgufFile.open(write(spec, w -> w.putString("general.architecture", "gpt2")))) {
            assertThatThrownBy(() -> Hyperparameters.read(file)).hasMessageContaining("architecture gpt2");
        }
        try (GgufFile file = GgufFile.open(write(spec, w -> w.putUint32("llama.feed_forward_length", 1024)))) {
            Hyperparameters hp = Hyperparameters.read(file);
            assertThatThrownBy(() -> Weights.load(file, hp))
                    .hasMessage("tensor blk.0.ffn_gate.weight has shape [256, 512], expected [256, 1024]");
        }
        try (GgufFile file = GgufFile.open(write(spec, w -> w.addTensor("blk.0.attn_q_norm.weight",
                new long[] {64}, GgmlType.F32, new byte[256])))) {
            Hyperparameters hp = Hyperparameters.read(file);
            assertThatThrownBy(() -> Weights.load(file, hp))
                    .hasMessage("tensor blk.0.attn_q_norm.weight does not belong to a llama model");
        }
    }

    @Test
    void tensorNamesAreBuiltInOnePlace() {
        assertThat(TensorName.ATTN_Q.of(3, TensorName.BIAS)).isEqualTo("blk.3.attn_q.bias");
        assertThat(TensorName.OUTPUT_NORM.of(TensorName.WEIGHT)).isEqualTo("output_norm.weight");
        assertThat(ArchKey.HEAD_COUNT_KV.key("qwen2")).isEqualTo("qwen2.attention.head_count_kv");
        assertThatThrownBy(() -> TensorName.ATTN_Q.of(TensorName.WEIGHT)).isInstanceOf(IllegalArgumentException.class);
    }
}
