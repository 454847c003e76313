package dev.weightgate.engine.arch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weightgate.engine.gguf.GgufFile;
import dev.weightgate.engine.gguf.GgufWriter;
import dev.weightgate.engine.gguf.RandomModelSpec;
import dev.weightgate.engine.gguf.RandomModelWriter;
import dev.weightgate.engine.kernel.ComputePool;
import dev.weightgate.engine.kernel.ReferenceKernels;
import dev.weightgate.engine.kernel.VectorKernels;
import dev.weightgate.engine.model.TestModels;
import dev.weightgate.engine.tensor.GgmlType;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gpt-oss's optional keys (window pattern, SWA rope base) and the files the engine refuses. */
class GptOssHyperparametersTests {

    @TempDir
    Path dir;

    private static RandomModelSpec spec() {
        return new RandomModelSpec("gpt-oss", 64, 3, 4, 2, 64, 1024, GgmlType.F16, 3, 16,
                RandomModelSpec.TypeMix.UNIFORM, false, new RandomModelSpec.GptOss(8, 2, 4, GgmlType.MXFP4));
    }

    private Path write(Consumer<GgufWriter> extra) throws Exception {
        GgufWriter writer = RandomModelWriter.writer(spec(), TestModels.vocabulary());
        extra.accept(writer);
        Path path = dir.resolve("m" + System.nanoTime() + ".gguf");
        writer.write(path);
        return path;
    }

    @Test
    void theDefaultPatternSlidesTheEvenLayersAndAnotherPeriodIsRead() throws Exception {
        try (GgufFile file = GgufFile.open(write(w -> { }))) {
            Hyperparameters hp = Hyperparameters.read(file);
            assertThat(hp.slidingWindowPattern()).isEqualTo(2);
            assertThat(hp.feedForwardLength()).isEqualTo(64);
            assertThat(hp.ropeFreqBaseSwa()).isEqualTo(hp.ropeFreqBase());
            assertThat(hp.attentionScale()).isEqualTo(0.25f);
        }
        try (GgufFile file = GgufFile.open(write(w -> w.putUint32("gpt-oss.attention.sliding_window_pattern", 3)))) {
            Hyperparameters hp = Hyperparameters.read(file);
            assertThat(new boolean[] {hp.slidingLayer(0), hp.slidingLayer(1), hp.slidingLayer(2)})
                    .containsExactly(true, true, false);
        }
    }

    @Test
    void slidingLayersWithTheirOwnRopeBaseMatchTheReference() throws Exception {
        try (GgufFile file = GgufFile.open(write(w -> w.putFloat32("gpt-oss.rope.freq_base_swa", 10_000f)));
             ComputePool pool = ComputePool.create(2)) {
            Hyperparameters hp = Hyperparameters.read(file);
            assertThat(hp.ropeFreqBaseSwa()).isEqualTo(10_000f);
            Weights weights = Weights.load(file, hp);
            ForwardPass fast = new ForwardPass(hp, weights, new VectorKernels(pool, false), pool, false);
            ReferenceForward reference = new ReferenceForward(hp, weights, ReferenceKernels.exact(), true, false);
            int[] tokens = {5, 80, 13, 200, 7, 9, 44, 101};
            float[] logits = fast.forward(fast.newState(64, 8), tokens, 0, false);
            float[] expected = null;
            for (int token : tokens) {
                expected = reference.next(token);
            }
            double max = 0;
            double sum = 0;
            for (int i = 0; i < logits.length; i++) {
                max = Math.max(max, Math.abs(logits[i] - expected[i]));
                sum += (double) expected[i] * expected[i];
            }
            assertThat(max / Math.sqrt(sum / logits.length)).isLessThan(1e-3);
        }
    }

    @Test
    void missingOrMismatchedPartsAreRefusedWithTheReason() throws Exception {
        try (GgufFile file = GgufFile.open(write(w -> w.putUint32("gpt-oss.expert_count", 16)))) {
            Hyperparameters hp = Hyperparameters.read(file);
            assertThatThrownBy(() -> Weights.load(file, hp))
                    .hasMessage("tensor blk.0.ffn_gate_inp.weight has shape [64, 8], expected [64, 16]");
        }
        try (GgufFile file = GgufFile.open(write(w -> w.putUint32("gpt-oss.expert_used_count", 9)))) {
            assertThatThrownBy(() -> Hyperparameters.read(file)).hasMessageContaining("9 of 8 experts");
        }
        try (GgufFile file = GgufFile.open(write(w -> w.addTensor("blk.0.ffn_gate.weight", new long[] {64, 64},
                GgmlType.F32, new byte[64 * 64 * 4])))) {
            Hyperparameters hp = Hyperparameters.read(file);
            // dense FFN tensors are simply not read for gpt-oss; what matters is that the experts are
            assertThat(Weights.load(file, hp).layers().get(0).gate()).isNull();
        }
    }
}
