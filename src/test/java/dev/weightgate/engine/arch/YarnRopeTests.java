package dev.weightgate.engine.arch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** YaRN as gpt-oss uses it (factor 32 over an original 4096 positions, base 150000, 64 rotated dimensions). */
class YarnRopeTests {

    private static final RopeScaling GPT_OSS = RopeScaling.yarn(32, 4096, 32, 1);

    private static Rope rope() {
        return new Rope(Architecture.RopeType.NEOX, 64, 150_000f, GPT_OSS, null);
    }

    @Test
    void theCorrectionRangeIsLlamaCppsFlooredAndCeiledOne() {
        // spec 4.6: corr(32) = 8.09 -> 8, corr(1) = 17.40 -> 18
        assertThat(rope().yarnRange()).containsExactly(8f, 18f);
    }

    @Test
    void anglesBlendExtrapolationAndInterpolationAndTheMagnitudeGrows() {
        int position = 1000;
        float[] cos = new float[32];
        float[] sin = new float[32];
        rope().angles(position, cos, sin, 0);
        double magnitude = 1 + 0.1 * Math.log(32); // 1.346574: OpenAI's "concentration"
        for (int i = 0; i < 32; i++) {
            double theta = position * Math.pow(150_000, -2.0 * i / 64);
            double ramp = 1 - Math.min(1, Math.max(0, (i - 8) / 10.0));
            double angle = theta / 32 * (1 - ramp) + theta * ramp;
            assertThat(Math.hypot(cos[i], sin[i])).as("magnitude of pair %d", i).isCloseTo(magnitude, within(1e-5));
            // angles compared through cos and sin (large angles lose absolute precision in float)
            double tolerance = 2e-6 * Math.max(1, theta);
            assertThat((double) cos[i]).as("cos of pair %d", i).isCloseTo(Math.cos(angle) * magnitude,
                    within(tolerance));
            assertThat((double) sin[i]).as("sin of pair %d", i).isCloseTo(Math.sin(angle) * magnitude,
                    within(tolerance));
        }
        assertThat(GPT_OSS.frequencyScale()).isEqualTo(1 / 32f);
    }

    @Test
    void withoutYarnTheAnglesAreUnchanged() {
        float[] plain = new float[32];
        float[] viaScaling = new float[32];
        float[] sin = new float[32];
        new Rope(Architecture.RopeType.NEOX, 64, 150_000f, 1f, null).angles(77, plain, sin, 0);
        new Rope(Architecture.RopeType.NEOX, 64, 150_000f, RopeScaling.NONE, null).angles(77, viaScaling, sin, 0);
        assertThat(viaScaling).containsExactly(plain);
    }
}
