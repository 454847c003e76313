package dev.weightgate.engine.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weightgate.engine.tensor.GgmlType;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The activation rounding of llama.cpp's CPU matmul, on values worked out by hand. */
class ActivationRoundingTests {

    @Test
    void eachWeightTypeGetsLlamaCppsVecDotType() {
        assertThat(ActivationRounding.forWeights(GgmlType.F32)).isEqualTo(ActivationRounding.NONE);
        assertThat(ActivationRounding.forWeights(GgmlType.F16)).isEqualTo(ActivationRounding.F16);
        assertThat(ActivationRounding.forWeights(GgmlType.BF16)).isEqualTo(ActivationRounding.BF16);
        assertThat(ActivationRounding.forWeights(GgmlType.Q4_0)).isEqualTo(ActivationRounding.Q8_0);
        assertThat(ActivationRounding.forWeights(GgmlType.Q8_0)).isEqualTo(ActivationRounding.Q8_0);
        assertThat(ActivationRounding.forWeights(GgmlType.Q4_K)).isEqualTo(ActivationRounding.Q8_K);
        assertThat(ActivationRounding.forWeights(GgmlType.Q6_K)).isEqualTo(ActivationRounding.Q8_K);
    }

    @Test
    void q8_0RoundsHalvesToEvenAsTheAvxQuantizerDoes() {
        // amax 127 gives d = 1 (exact in f16) and id = 1, so q = rint(x): 2.5 -> 2, 3.5 -> 4, -2.5 -> -2
        float[] x = new float[32];
        x[0] = 127;
        x[1] = 2.5f;
        x[2] = 3.5f;
        x[3] = -2.5f;
        x[4] = 0.49f;
        float[] out = new float[32];
        ActivationRounding.Q8_0.apply(x, 0, 32, out, 0);
        assertThat(Arrays.copyOf(out, 5)).containsExactly(127f, 2f, 4f, -2f, 0f);
    }

    @Test
    void q8_0UsesTheHalfPrecisionScale() {
        // amax 1: d = 1/127 rounds to the f16 0.007873535 (0x2008); q = 127 and 64 -> d * q
        float[] x = new float[32];
        x[0] = 1f;
        x[1] = 0.5f;
        float[] out = new float[32];
        ActivationRounding.Q8_0.apply(x, 0, 32, out, 0);
        float d = Float.float16ToFloat(Float.floatToFloat16(1f / 127));
        assertThat(out[0]).isEqualTo(d * 127);
        assertThat(out[1]).isEqualTo(d * 64); // 0.5 * 127 = 63.5 rounds to the even 64
    }

    @Test
    void q8_KScalesByTheSignedExtremeAndCapsAt127() {
        // max = -2 (largest magnitude): iscale = 63.5, d = 1/63.5; -2 -> q = -127, 1 -> q = 64 (63.5 to even)
        float[] x = new float[256];
        x[0] = 1f;
        x[1] = -2f;
        x[2] = 2f; // same magnitude later: the first extreme wins, so q = rint(-127) * -1 ... = 127
        float[] out = new float[256];
        ActivationRounding.Q8_K.apply(x, 0, 256, out, 0);
        float iscale = -127f / -2f;
        float d = 1 / iscale;
        assertThat(out[0]).isEqualTo(d * 64);
        assertThat(out[1]).isEqualTo(d * -127);
        assertThat(out[2]).isEqualTo(d * 127);
    }

    @Test
    void anAllZeroBlockStaysZeroAndF16AndBf16RoundToNearestEven() {
        float[] zeros = new float[256];
        float[] out = new float[256];
        ActivationRounding.Q8_K.apply(zeros, 0, 256, out, 0);
        ActivationRounding.Q8_0.apply(zeros, 0, 32, out, 0);
        assertThat(out).containsOnly(0f);

        float[] one = {1 + 0x1p-11f}; // exactly half way between two halves: rounds to even (1.0)
        ActivationRounding.F16.apply(one, 0, 1, out, 0);
        assertThat(out[0]).isEqualTo(1f);
        float[] two = {1 + 0x1p-8f}; // half way between two bfloat16 values: rounds to even (1.0)
        ActivationRounding.BF16.apply(two, 0, 1, out, 0);
        assertThat(out[0]).isEqualTo(1f);
    }

    @Test
    void theQuantsTimesTheirScalesAreExactlyTheRoundedValues() {
        // the integer kernels multiply with q and scale instead of the rounded floats; they must be the same numbers
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        int n = 1024;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) random.nextGaussian() * (random.nextInt(50) == 0 ? 30 : 1);
        }
        Arrays.fill(x, 256, 512, 0f); // an all-zero block for both block sizes
        x[300] = -0f;
        for (ActivationRounding rounding : new ActivationRounding[] {ActivationRounding.Q8_0, ActivationRounding.Q8_K}) {
            assertThat(rounding.isEightBit()).isTrue();
            float[] rounded = new float[n];
            rounding.apply(x, 0, n, rounded, 0);
            short[] q = new short[n + 3];
            float[] scales = new float[n / 32 + 1];
            rounding.quantize(x, 0, n, q, 3, scales, 1);
            for (int i = 0; i < n; i++) {
                assertThat(q[3 + i]).as("%s q %d", rounding, i).isBetween((short) -127, (short) 127);
                assertThat(scales[1 + i / 32] * q[3 + i] == rounded[i]).as("%s value %d: %s * %s vs %s", rounding, i,
                        scales[1 + i / 32], q[3 + i], rounded[i]).isTrue();
            }
        }
        assertThat(ActivationRounding.F16.isEightBit()).isFalse();
        assertThat(ActivationRounding.NONE.isEightBit()).isFalse();
    }
}
