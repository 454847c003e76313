package dev.weightgate.engine.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.weightgate.engine.tensor.GgmlType;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The MXFP4 row kernels against the scalar dequantizer. */
class Mxfp4RowsTests {

    /** Random blocks, every nibble value and the E8M0 extremes (subnormal 0 and 1, and 254, 255) included. */
    private static MemorySegment row(int elements, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] bytes = new byte[elements / 32 * Mxfp4Rows.BLOCK_BYTES];
        random.nextBytes(bytes);
        int[] exponents = {0, 1, 2, 127, 128, 254, 255};
        for (int b = 0; b < elements / 32; b++) {
            bytes[b * Mxfp4Rows.BLOCK_BYTES] = (byte) (b < exponents.length ? exponents[b] : 118 + random.nextInt(12));
        }
        return MemorySegment.ofArray(bytes);
    }

    @Test
    void decodingEqualsTheScalarDequantizerBitForBit() {
        int n = 2880; // gpt-oss's width: 90 blocks
        MemorySegment w = row(n, 1);
        float[] expected = new float[n];
        GgmlType.MXFP4.dequantize(w, 0, expected, 0, n);
        float[] decoded = new float[n + 3];
        Mxfp4Rows.decode(w, 0, n, decoded, 3);
        for (int i = 0; i < n; i++) {
            assertThat(Float.floatToRawIntBits(decoded[3 + i])).as("element %d", i)
                    .isEqualTo(Float.floatToRawIntBits(expected[i]));
        }
    }

    @Test
    void theScaleIsTwoToTheExponentMinus128WithGgmlsSubnormals() {
        assertThat(Float.floatToRawIntBits(Mxfp4Rows.scale(0))).isEqualTo(0x00200000);
        assertThat(Float.floatToRawIntBits(Mxfp4Rows.scale(1))).isEqualTo(0x00400000);
        assertThat(Mxfp4Rows.scale(128)).isEqualTo(1f);
        assertThat(Mxfp4Rows.scale(127)).isEqualTo(0.5f);
        assertThat(Mxfp4Rows.scale(255)).isEqualTo(0x1p127f);
    }

    @ParameterizedTest
    @ValueSource(ints = {32, 64, 96, 2880})
    void theFusedDotEqualsTheDotOfTheDequantizedRowUpToSummationOrder(int n) {
        // ordinary exponents only, so the sum's magnitude is meaningful
        SplittableRandom random = new SplittableRandom(n);
        byte[] bytes = new byte[n / 32 * Mxfp4Rows.BLOCK_BYTES];
        random.nextBytes(bytes);
        for (int b = 0; b < n / 32; b++) {
            bytes[b * Mxfp4Rows.BLOCK_BYTES] = (byte) (120 + random.nextInt(10));
        }
        MemorySegment w = MemorySegment.ofArray(bytes);
        float[] x = new float[n + 5];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        float[] values = new float[n];
        GgmlType.MXFP4.dequantize(w, 0, values, 0, n);
        double exact = 0;
        double magnitude = 0;
        for (int i = 0; i < n; i++) {
            exact += (double) values[i] * x[5 + i];
            magnitude += Math.abs((double) values[i] * x[5 + i]);
        }
        assertThat((double) Mxfp4Rows.dot(w, 0, x, 5, n)).isCloseTo(exact, within(1e-6 * magnitude));
    }
}
