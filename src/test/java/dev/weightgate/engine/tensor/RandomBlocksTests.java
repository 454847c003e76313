package dev.weightgate.engine.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RandomBlocksTests {

    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"F32", "F16", "BF16", "Q4_0", "Q4_1", "Q5_0", "Q5_1", "Q8_0",
            "Q2_K", "Q3_K", "Q4_K", "Q5_K", "Q6_K", "MXFP4"})
    void randomBlocksDecodeToFiniteValuesNearTheRequestedSpread(GgmlType type) {
        int count = 256 * 16;
        byte[] bytes = new byte[Math.toIntExact(type.byteSize(count))];
        RandomBlocks.fill(type, new SplittableRandom(7), 0.02f, bytes, 0, count);
        float[] x = Blocks.dequantize(type, bytes);

        double sum = 0;
        double squares = 0;
        for (float v : x) {
            assertThat(Float.isFinite(v)).isTrue();
            sum += v;
            squares += v * v;
        }
        double mean = sum / count;
        double std = Math.sqrt(squares / count - mean * mean);
        assertThat(std).as("%s standard deviation", type).isBetween(0.01, 0.04);
        assertThat(Math.abs(mean)).as("%s mean", type).isLessThan(0.005);
    }

    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"Q8_0", "Q4_K", "MXFP4"})
    void theSameSeedGivesTheSameBytes(GgmlType type) {
        byte[] first = new byte[Math.toIntExact(type.byteSize(512))];
        byte[] second = new byte[first.length];
        RandomBlocks.fill(type, new SplittableRandom(42), 0.02f, first, 0, 512);
        RandomBlocks.fill(type, new SplittableRandom(42), 0.02f, second, 0, 512);
        assertThat(first).isEqualTo(second);
    }
}
