package dev.weightgate.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weightgate.engine.kernel.ComputePool;
import dev.weightgate.engine.tensor.GgmlType;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SessionTests {

    @TempDir
    static Path dir;

    private ComputePool pool;
    private Model model;

    @BeforeAll
    void open() throws Exception {
        pool = ComputePool.create(2);
        // F32 weights: no activation rounding, so different kernel paths (batched prefill, fused decode) agree to
        // float summation order (see ForwardParityTests for why rounded activations can disagree by more)
        model = Model.open(TestModels.write(dir, TestModels.small("llama", GgmlType.F32, 11)), pool);
    }

    @AfterAll
    void close() {
        model.close();
        pool.close();
    }

    @Test
    void forwardReturnsTheLastRowOfForwardAll() {
        int[] prompt = {3, 1, 4, 1, 5, 9};
        try (Session a = model.newSession(32); Session b = model.newSession(32)) {
            float[] all = a.forwardAll(prompt, 0);
            float[] last = b.forward(prompt, 0);
            int v = model.vocabSize();
            assertThat(all).hasSize(prompt.length * v);
            assertClose(last, Arrays.copyOfRange(all, (prompt.length - 1) * v, prompt.length * v));
            assertThat(a.length()).isEqualTo(prompt.length);
        }
    }

    @Test
    void aPromptLongerThanTheBatchIsRunInConsecutiveBatchesWithTheSameResult() {
        int[] prompt = {7, 6, 5, 4, 3, 2, 1, 0, 10, 20, 30};
        try (Session whole = model.newSession(32); Session pieces = model.newSession(32, 4)) {
            assertClose(pieces.forwardAll(prompt, 0), whole.forwardAll(prompt, 0));
        }
    }

    @Test
    void rewindingOverwritesTheCacheFromTheStartPosition() {
        try (Session s = model.newSession(32); Session fresh = model.newSession(32)) {
            s.forward(new int[] {1, 2, 3, 4}, 0);
            float[] replaced = s.forward(new int[] {8, 9}, 2); // 1, 2, 8, 9
            assertThat(s.length()).isEqualTo(4);
            assertClose(replaced, fresh.forward(new int[] {1, 2, 8, 9}, 0));
            s.truncate(1);
            assertThat(s.length()).isEqualTo(1);
            float[] twoTokens = fresh.forwardAll(new int[] {1, 2}, 0);
            assertClose(s.next(2), Arrays.copyOfRange(twoTokens, model.vocabSize(), 2 * model.vocabSize()));
        }
    }

    /** Equal up to float summation order (and the rare F16 cache rounding flip): 1e-3 of the logits' RMS. */
    private static void assertClose(float[] actual, float[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        assertThat(ForwardParityTests.maxDiff(actual, expected) / ForwardParityTests.rms(expected))
                .isLessThanOrEqualTo(1e-3);
    }

    @Test
    void decodeContinuesWherePrefillStopped() {
        try (Session s = model.newSession(32); Session oneByOne = model.newSession(32)) {
            s.forward(new int[] {5, 6, 7}, 0);
            float[] next = s.next(8);
            float[] expected = null;
            for (int token : new int[] {5, 6, 7, 8}) {
                expected = oneByOne.next(token);
            }
            // below VectorKernels.PREFILL_MIN_TOKENS a prompt runs through the decode kernels: identical results
            assertThat(next).containsExactly(expected);
        }
    }

    @Test
    void positionsOutsideTheContextOrAfterTheCacheAndBadTokensAreRejected() {
        try (Session s = model.newSession(4)) {
            assertThatThrownBy(() -> s.forward(new int[] {1, 2, 3, 4, 5}, 0))
                    .isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("context of 4");
            assertThatThrownBy(() -> s.forward(new int[] {1}, 1))
                    .isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("0..0");
            assertThatThrownBy(() -> s.forward(new int[] {TestModels.VOCAB}, 0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside the vocabulary");
            assertThatThrownBy(() -> s.forward(new int[0], 0)).isInstanceOf(IllegalArgumentException.class);
        }
        Session closed = model.newSession(4);
        closed.close();
        assertThatThrownBy(() -> closed.next(1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theCacheGrowsWithTheContextUsedNotTheContextAllowed() {
        try (Session s = model.newSession(4096)) {
            assertThat(s.cacheBytes()).isZero();
            s.forward(new int[] {1, 2, 3}, 0);
            // one chunk of 256 positions per layer: 2 layers x (K + V) x 256 x 2 kv heads x 64 x 2 bytes
            assertThat(s.cacheBytes()).isEqualTo(2L * 2 * 256 * 128 * 2);
            assertThat(model.kvCacheBytes(4096)).isEqualTo(2L * 2 * 4096 * 128 * 2);
        }
    }

    @Test
    void sessionsOnOneModelAreIndependentAndMayRunConcurrently() throws Exception {
        int[] prompt = {11, 12, 13, 14, 15};
        float[] expected;
        try (Session s = model.newSession(16)) {
            expected = s.forward(prompt, 0);
        }
        Thread[] threads = new Thread[3];
        Throwable[] failures = new Throwable[threads.length];
        float[][] results = new float[threads.length][];
        for (int i = 0; i < threads.length; i++) {
            int index = i;
            threads[i] = Thread.ofPlatform().start(() -> {
                try (Session s = model.newSession(16)) {
                    for (int round = 0; round < 3; round++) {
                        results[index] = s.forward(prompt, 0);
                    }
                } catch (Throwable t) {
                    failures[index] = t;
                }
            });
        }
        for (Thread t : threads) {
            t.join();
        }
        for (int i = 0; i < threads.length; i++) {
            assertThat(failures[i]).isNull();
            // not bit-identical: the first runs execute the Vector API's Java fallbacks (sequential lane sums),
            // later ones C2's intrinsics (tree sums)
            assertClose(results[i], expected);
        }
    }
}
