package dev.weightgate.engine.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link KvCache#attend} against attention written out in doubles over the same F16-stored keys and values. */
class KvCacheTests {

    @ParameterizedTest(name = "{0} heads per kv head, head width {1}, {2} positions, llama.cpp rounding {3}")
    @CsvSource({"1, 64, 1, true", "4, 64, 37, true", "5, 32, 300, true", "2, 128, 513, false", "3, 80, 17, false"})
    void attendsLikeTheTextbookFormula(int group, int headDim, int positions, boolean rounding) {
        int kvHeads = 2;
        KvCache cache = new KvCache(1, kvHeads, headDim, 600, rounding);
        SplittableRandom random = new SplittableRandom(group * 31L + positions);
        int kvDim = kvHeads * headDim;
        float[][] keys = new float[positions][kvDim];
        float[][] values = new float[positions][kvDim];
        for (int p = 0; p < positions; p++) {
            for (int i = 0; i < kvDim; i++) {
                keys[p][i] = (float) random.nextGaussian();
                values[p][i] = (float) random.nextGaussian();
            }
            cache.store(0, p, keys[p], 0, values[p], 0);
        }
        float[] q = new float[group * headDim];
        for (int i = 0; i < q.length; i++) {
            q[i] = (float) random.nextGaussian();
        }
        float scale = (float) (1 / Math.sqrt(headDim));
        int kvHead = 1;
        float[] out = new float[group * headDim];
        cache.attend(0, kvHead, q, 0, group, positions, scale, new float[KvCache.scratchSize(group, positions)], out, 0);

        for (int h = 0; h < group; h++) {
            double[] p = new double[positions];
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < positions; j++) {
                double dot = 0;
                for (int c = 0; c < headDim; c++) {
                    dot += (double) half(q[h * headDim + c], rounding) * half(keys[j][kvHead * headDim + c], true);
                }
                p[j] = dot * scale;
                max = Math.max(max, p[j]);
            }
            double sum = 0;
            for (int j = 0; j < positions; j++) {
                p[j] = Math.exp(p[j] - max);
                sum += p[j];
            }
            for (int c = 0; c < headDim; c++) {
                double expected = 0;
                for (int j = 0; j < positions; j++) {
                    expected += half((float) (p[j] / sum), rounding) * half(values[j][kvHead * headDim + c], true);
                }
                assertThat((double) out[h * headDim + c]).as("head %d dim %d", h, c).isCloseTo(expected, within(2e-3));
            }
        }
        assertThat(cache.read(true, 0, positions - 1, 3)).isEqualTo(half(keys[positions - 1][3], true));
        assertThat(cache.read(false, 0, 0, kvDim - 1)).isEqualTo(half(values[0][kvDim - 1], true));
    }

    private static float half(float value, boolean round) {
        return round ? Float.float16ToFloat(Float.floatToFloat16(value)) : value;
    }
}
