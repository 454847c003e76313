package dev.weightgate.engine.model;

import static dev.weightgate.engine.model.ForwardParityTests.compare;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weightgate.engine.arch.Architecture;
import dev.weightgate.engine.arch.ForwardPass;
import dev.weightgate.engine.arch.Hyperparameters;
import dev.weightgate.engine.arch.ReferenceForward;
import dev.weightgate.engine.arch.RopeScaling;
import dev.weightgate.engine.gguf.RandomModelSpec;
import dev.weightgate.engine.gguf.RandomModelWriter;
import dev.weightgate.engine.kernel.ComputePool;
import dev.weightgate.engine.kernel.KvCache;
import dev.weightgate.engine.kernel.ReferenceKernels;
import dev.weightgate.engine.kernel.VectorKernels;
import dev.weightgate.engine.tensor.GgmlType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * gpt-oss's fast forward pass (batched prefill, then decode) against {@link ReferenceForward} on small random-weight
 * models written by make-model's writer: dim 64, 3 layers (two of them sliding), 8 experts of which 2 are used, a
 * window of {@value #WINDOW} so prompts run well past it, F32/F16 and MXFP4 experts. Tolerances as in
 * {@link ForwardParityTests}: {@value ForwardParityTests#TIGHT} of the logits' RMS with the activations unrounded
 * on both sides, {@value ForwardParityTests#ROUNDED} with llama.cpp's roundings (a rounding flip, or a router choice
 * flipped by one, moves later logits by a few percent on these untrained models). Observed: at most 2e-5 unrounded
 * (1e-6 typical; the 300-position run 2e-5) and 2.5e-2 rounded (MXFP4 experts; 1.4e-3 with F16 experts).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GptOssForwardParityTests {

    static final int WINDOW = 6;
    static final int[] PROMPT = {1, 17, 42, 299, 5, 77, 123, 250, 3, 64, 200, 9, 11, 180};

    @TempDir
    Path dir;

    private ComputePool pool;

    @BeforeAll
    void startPool() {
        pool = ComputePool.create(2);
    }

    @AfterAll
    void stopPool() {
        pool.close();
    }

    static RandomModelSpec gptOss(GgmlType type, GgmlType expertType, long seed) {
        return new RandomModelSpec("gpt-oss", 64, 3, 4, 2, 64, 1024, type, seed, 16,
                RandomModelSpec.TypeMix.UNIFORM, false, new RandomModelSpec.GptOss(8, 2, WINDOW, expertType));
    }

    static Stream<Arguments> models() {
        return Stream.of(
                Arguments.of("F32", gptOss(GgmlType.F32, GgmlType.F32, 11)),
                Arguments.of("F16", gptOss(GgmlType.F16, GgmlType.F16, 12)),
                Arguments.of("F16 + MXFP4 experts", gptOss(GgmlType.F16, GgmlType.MXFP4, 13)),
                Arguments.of("Q8_0 + MXFP4 experts", gptOss(GgmlType.Q8_0, GgmlType.MXFP4, 14)),
                Arguments.of("BF16 + MXFP4 experts, tied", gptOss(GgmlType.BF16, GgmlType.MXFP4, 15)
                        .withTiedEmbeddings(true)));
    }

    private Path write(RandomModelSpec spec) throws IOException {
        Path path = dir.resolve("gpt-oss-" + spec.type() + "-" + spec.gptOss().expertType() + "-" + spec.seed()
                + (spec.tiedEmbeddings() ? "-tied" : "") + ".gguf");
        RandomModelWriter.write(spec, TestModels.vocabulary(), path);
        return path;
    }

    @Test
    void theFileReadsAsGptOss() throws Exception {
        try (Model model = Model.open(write(gptOss(GgmlType.F16, GgmlType.MXFP4, 1)), pool)) {
            Hyperparameters hp = model.hyperparameters();
            assertThat(hp.architecture()).isEqualTo(Architecture.GPT_OSS);
            assertThat(hp.expertCount()).isEqualTo(8);
            assertThat(hp.expertUsedCount()).isEqualTo(2);
            assertThat(hp.expertFeedForwardLength()).isEqualTo(64);
            assertThat(hp.slidingWindow()).isEqualTo(WINDOW);
            assertThat(hp.headDim()).isEqualTo(16);
            assertThat(hp.ropeFreqBase()).isEqualTo(150_000f);
            assertThat(hp.ropeScaling().kind()).isEqualTo(RopeScaling.Kind.YARN);
            assertThat(hp.ropeScaling().factor()).isEqualTo(32f);
            assertThat(hp.ropeScaling().originalContext()).isEqualTo(4096);
            assertThat(new boolean[] {hp.slidingLayer(0), hp.slidingLayer(1), hp.slidingLayer(2)})
                    .containsExactly(true, false, true);
            var layer = model.weights().layers().get(0);
            assertThat(layer.experts().count()).isEqualTo(8);
            assertThat(layer.experts().gate()[3].type()).isEqualTo(GgmlType.MXFP4);
            assertThat(layer.experts().router().type()).isEqualTo(GgmlType.F32);
            assertThat(layer.sinks()).hasSize(4);
            assertThat(layer.gate()).isNull();
            assertThat(model.weights().tiedEmbeddings()).isFalse();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void withoutRoundingTheFastPassEqualsTheReference(String label, RandomModelSpec spec) throws Exception {
        try (Model model = Model.open(write(spec), pool)) {
            ForwardPass fastPass = new ForwardPass(model.hyperparameters(), model.weights(),
                    new VectorKernels(pool, false), pool, false);
            ReferenceForward reference = new ReferenceForward(model.hyperparameters(), model.weights(),
                    ReferenceKernels.exact(), true, false);
            // batches of 5: one full prefill tile and the token-by-token path inside each batch
            compare(label, model.vocabSize(), fastPass.newState(128, 5), fastPass, reference, PROMPT, 4,
                    ForwardParityTests.TIGHT, true);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void withLlamaCppRoundingTheFastPassStaysWithinTheQuantizationNoise(String label, RandomModelSpec spec)
            throws Exception {
        try (Model model = Model.open(write(spec), pool)) {
            ForwardPass fastPass = new ForwardPass(model.hyperparameters(), model.weights(), new VectorKernels(pool),
                    pool);
            ReferenceForward same = new ReferenceForward(model.hyperparameters(), model.weights(),
                    ReferenceKernels.llamaCpp(), true, true);
            compare(label, model.vocabSize(), fastPass.newState(128, 256), fastPass, same, PROMPT, 4,
                    ForwardParityTests.ROUNDED, false);
            ReferenceForward exact = new ReferenceForward(model.hyperparameters(), model.weights(),
                    ReferenceKernels.exact(), false, false);
            compare(label, model.vocabSize(), fastPass.newState(128, 256), fastPass, exact, PROMPT, 4,
                    ForwardParityTests.ROUNDED, false);
        }
    }

    /**
     * 300 positions: the sliding layers' ring (256 positions for a window of 6 and batches of 16) wraps, and the
     * full layer attends over everything.
     */
    @Test
    void theSlidingLayersRingWrapsWithoutChangingTheResult() throws Exception {
        try (Model model = Model.open(write(gptOss(GgmlType.F16, GgmlType.MXFP4, 21)), pool)) {
            ForwardPass fastPass = new ForwardPass(model.hyperparameters(), model.weights(),
                    new VectorKernels(pool, false), pool, false);
            ReferenceForward reference = new ReferenceForward(model.hyperparameters(), model.weights(),
                    ReferenceKernels.exact(), true, false);
            int[] prompt = new SplittableRandom(5).ints(290, 0, TestModels.VOCAB).toArray();
            ForwardPass.State state = fastPass.newState(512, 16);
            assertThat(state.cache().capacity(0)).isEqualTo(KvCache.ringFor(WINDOW, 16)).isEqualTo(256);
            assertThat(state.cache().capacity(1)).isEqualTo(512);
            compare("ring", model.vocabSize(), state, fastPass, reference, prompt, 12, ForwardParityTests.TIGHT, true);
            // 302 positions in: the sliding layers hold one chunk, the full layer two
            assertThat(state.cache().allocatedBytes()).isEqualTo(4L * KvCache.CHUNK * 2 * 2 * 32);
        }
    }

    @Test
    void aRewindWithinTheRingRecomputesTheSameLogitsAndOneBeyondItIsRefused() throws Exception {
        try (Model model = Model.open(write(gptOss(GgmlType.F16, GgmlType.MXFP4, 22)), pool)) {
            ForwardPass fastPass = model.forwardPass();
            ForwardPass.State state = fastPass.newState(1024, 8);
            int[] prompt = new SplittableRandom(6).ints(400, 0, TestModels.VOCAB).toArray();
            float[] first = fastPass.forward(state, prompt, 0, false);
            int[] tail = Arrays.copyOfRange(prompt, 390, 400);
            assertThat(fastPass.forward(state, tail, 390, false)).containsExactly(first);
            int[] longTail = Arrays.copyOfRange(prompt, 100, 400);
            assertThatThrownBy(() -> fastPass.forward(state, longTail, 100, false))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("sliding-window layer 0");
        }
    }
}
