package dev.weightgate.engine.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class QuantizerTests {

    @Nested
    class Q8_0 {

        @Test
        void scaleIsTheLargestMagnitudeOver127AndQuantsRoundHalfAwayFromZero() {
            // max |x| = 127 gives d = 1 (f16 0x3C00), so q = roundf(x): 2.5 -> 3, -2.5 -> -3, 0.5 -> 1, -0.5 -> -1
            float[] x = new float[32];
            x[0] = 127f;
            x[1] = 2.5f;
            x[2] = -2.5f;
            x[3] = 0.5f;
            x[4] = -0.5f;
            x[5] = 1.49f;
            byte[] block = Quantizer.quantize(GgmlType.Q8_0, x);
            assertThat(Blocks.u16At(block, 0)).isEqualTo(0x3C00);
            assertThat(new byte[] {block[2], block[3], block[4], block[5], block[6], block[7], block[8]})
                    .containsExactly(127, 3, -3, 1, -1, 1, 0);
        }

        @Test
        void keepsTheUnroundedScaleForQuantsButStoresItAsF16() {
            // x[j] = j - 16: amax 16, d = 16/127 = 0.12598425, stored as f16 0x3008 = 0.125 * (1 + 8/1024)
            // = 0.1259765625. q = roundf((j - 16) * 127/16): j = 0 -> -127, j = 31 -> roundf(119.0625) = 119,
            // j = 17 -> roundf(7.9375) = 8.
            float[] x = new float[32];
            for (int j = 0; j < 32; j++) {
                x[j] = j - 16;
            }
            byte[] block = Quantizer.quantize(GgmlType.Q8_0, x);
            assertThat(Blocks.u16At(block, 0)).isEqualTo(0x3008);
            assertThat(block[2]).isEqualTo((byte) -127);
            assertThat(block[2 + 17]).isEqualTo((byte) 8);
            assertThat(block[2 + 31]).isEqualTo((byte) 119);
            assertThat(Blocks.dequantize(GgmlType.Q8_0, block)[0]).isEqualTo(-127 * 0.1259765625f);
        }

        @Test
        void roundTripErrorStaysWithinHalfAStep() {
            float[] x = gaussian(32 * 64, 0.02, 1);
            float[] back = Blocks.dequantize(GgmlType.Q8_0, Quantizer.quantize(GgmlType.Q8_0, x));
            for (int block = 0; block < 64; block++) {
                float amax = 0;
                for (int j = 0; j < 32; j++) {
                    amax = Math.max(amax, Math.abs(x[32 * block + j]));
                }
                // half a step, plus the f16 rounding of d applied to up to 127 steps (relative 2^-11)
                float tolerance = amax / 127 * 0.5f + amax * 0x1p-11f;
                for (int j = 0; j < 32; j++) {
                    int i = 32 * block + j;
                    assertThat(Math.abs(back[i] - x[i])).as("element %d", i).isLessThanOrEqualTo(tolerance);
                }
            }
        }

        @Test
        void allZeroBlockStaysZero() {
            byte[] block = Quantizer.quantize(GgmlType.Q8_0, new float[32]);
            assertThat(Blocks.dequantize(GgmlType.Q8_0, block)).containsOnly(0f);
        }
    }

    @Nested
    class Q4_0 {

        @Test
        void negativeExtremeGivesPositiveScaleAndTruncatesAfterAddingEightAndAHalf() {
            // max-magnitude value -8 -> d = -8 / -8 = 1 (0x3C00). q = min(15, trunc(x + 8.5)):
            // -8 -> 0, 7 -> 15, 7.4 -> 15, 0 -> 8, 0.49 -> 8, 0.5 -> 9, -0.5 -> 8 (8.0 exactly)
            float[] x = new float[32];
            x[0] = -8f;
            x[1] = 7f;
            x[2] = 7.4f;
            x[3] = 0f;
            x[4] = 0.49f;
            x[5] = 0.5f;
            x[6] = -0.5f;
            byte[] block = Quantizer.quantize(GgmlType.Q4_0, x);
            assertThat(Blocks.u16At(block, 0)).isEqualTo(0x3C00);
            int[] low = new int[7];
            for (int j = 0; j < 7; j++) {
                low[j] = block[2 + j] & 0x0F;
            }
            assertThat(low).containsExactly(0, 15, 15, 8, 8, 9, 8);
            // elements 16..31 are zero: q = 8 in every high nibble
            assertThat(block[2] >>> 4 & 0x0F).isEqualTo(8);
        }

        @Test
        void positiveExtremeGivesNegativeScaleAndClampsTheOtherEnd() {
            // max 8 -> d = -1 (0xBC00), id = -1: 8 -> trunc(0.5) = 0 -> (0 - 8) * -1 = 8;
            // -8 -> trunc(16.5) = 16, clamped to 15 -> (15 - 8) * -1 = -7
            float[] x = new float[32];
            x[0] = 8f;
            x[16] = -8f;
            byte[] block = Quantizer.quantize(GgmlType.Q4_0, x);
            assertThat(Blocks.u16At(block, 0)).isEqualTo(0xBC00);
            float[] back = Blocks.dequantize(GgmlType.Q4_0, block);
            assertThat(back[0]).isEqualTo(8f);
            assertThat(back[16]).isEqualTo(-7f);
        }

        @Test
        void roundTripErrorStaysWithinHalfAStepExceptAtTheClampedEnd() {
            float[] x = gaussian(32 * 64, 1.0, 2);
            float[] back = Blocks.dequantize(GgmlType.Q4_0, Quantizer.quantize(GgmlType.Q4_0, x));
            for (int block = 0; block < 64; block++) {
                float amax = 0;
                for (int j = 0; j < 32; j++) {
                    amax = Math.max(amax, Math.abs(x[32 * block + j]));
                }
                float step = amax / 8;
                for (int j = 0; j < 32; j++) {
                    int i = 32 * block + j;
                    // values opposite the extreme can land one step short (the -8..7 range is asymmetric)
                    float tolerance = Math.abs(x[i]) > amax - step ? step + amax * 0x1p-10f : step / 2 + amax * 0x1p-10f;
                    assertThat(Math.abs(back[i] - x[i])).as("element %d", i).isLessThanOrEqualTo(tolerance);
                }
            }
        }
    }

    @Nested
    class FloatTypes {

        @Test
        void f32AndF16AndBf16RoundTripRepresentableValuesExactly() {
            float[] x = {1.0f, -2.0f, 0.5f, 65504f, -0.0f, 3.140625f};
            assertThat(Blocks.dequantize(GgmlType.F32, Quantizer.quantize(GgmlType.F32, x))).containsExactly(x);
            assertThat(Blocks.dequantize(GgmlType.F16, Quantizer.quantize(GgmlType.F16, x))).containsExactly(x);
            float[] bf = {1.0f, -2.0f, 0.5f, 3.140625f, -0.0f, 65536f};
            assertThat(Blocks.dequantize(GgmlType.BF16, Quantizer.quantize(GgmlType.BF16, bf))).containsExactly(bf);
        }

        @Test
        void f16RoundsToNearestEven() {
            // 1 + 2^-11 lies halfway between 1.0 (0x3C00) and 1 + 2^-10 (0x3C01): ties go to the even 0x3C00
            byte[] bytes = Quantizer.quantize(GgmlType.F16, new float[] {1 + 0x1p-11f, 1 + 3 * 0x1p-11f});
            assertThat(Blocks.u16At(bytes, 0)).isEqualTo(0x3C00);
            assertThat(Blocks.u16At(bytes, 2)).isEqualTo(0x3C02);
        }

        @Test
        void bf16RoundsToNearestEvenAndKeepsNaNsQuiet() {
            // 0x3F808000 is halfway between 0x3F80 and 0x3F81 -> even 0x3F80; 0x3F818000 -> 0x3F82;
            // 0x3F808001 is just above halfway -> 0x3F81
            assertThat(Quantizer.floatToBf16(Float.intBitsToFloat(0x3F808000))).isEqualTo((short) 0x3F80);
            assertThat(Quantizer.floatToBf16(Float.intBitsToFloat(0x3F818000))).isEqualTo((short) 0x3F82);
            assertThat(Quantizer.floatToBf16(Float.intBitsToFloat(0x3F808001))).isEqualTo((short) 0x3F81);
            // a signalling NaN with only low payload bits would truncate to infinity; ggml sets the quiet bit
            assertThat(Quantizer.floatToBf16(Float.intBitsToFloat(0x7F800001))).isEqualTo((short) 0x7FC0);
        }
    }

    @Test
    void refusesTypesWithoutAReferenceQuantizer() {
        assertThat(Quantizer.canQuantize(GgmlType.Q4_K)).isFalse();
        assertThatThrownBy(() -> Quantizer.quantize(GgmlType.Q4_K, new float[256]))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void roundHalfAwayFromZeroMatchesCRoundf() {
        assertThat(Quantizer.roundHalfAwayFromZero(2.5f)).isEqualTo(3);
        assertThat(Quantizer.roundHalfAwayFromZero(-2.5f)).isEqualTo(-3);
        assertThat(Quantizer.roundHalfAwayFromZero(0.49999997f)).isEqualTo(0);
        assertThat(Quantizer.roundHalfAwayFromZero(-126.5f)).isEqualTo(-127);
    }

    static float[] gaussian(int n, double std, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (random.nextGaussian() * std);
        }
        return x;
    }
}
