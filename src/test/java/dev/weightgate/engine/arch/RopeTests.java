package dev.weightgate.engine.arch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RopeTests {

    @Test
    void positionZeroLeavesTheHeadUnchanged() {
        Rope rope = new Rope(Architecture.RopeType.NORMAL, 8, 10_000f, 1f, null);
        float[] cos = new float[4];
        float[] sin = new float[4];
        rope.angles(0, cos, sin, 0);
        float[] x = {1, 2, 3, 4, 5, 6, 7, 8};
        rope.rotate(x, 0, 1, 8, cos, sin, 0);
        assertThat(x).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
    }

    @Test
    void normalRopeRotatesAdjacentPairsAndNeoxRotatesHalves() {
        // dims 4, base 10000: pair 0 turns by p radians, pair 1 by p / 100
        float[] cos = new float[2];
        float[] sin = new float[2];
        new Rope(Architecture.RopeType.NORMAL, 4, 10_000f, 1f, null).angles(1, cos, sin, 0);
        assertThat(cos[0]).isCloseTo((float) Math.cos(1), within(1e-7f));
        assertThat(sin[1]).isCloseTo((float) Math.sin(0.01), within(1e-7f));

        float[] normal = {1, 0, 1, 0};
        new Rope(Architecture.RopeType.NORMAL, 4, 10_000f, 1f, null).rotate(normal, 0, 1, 4, cos, sin, 0);
        assertThat(normal[0]).isCloseTo((float) Math.cos(1), within(1e-6f));
        assertThat(normal[1]).isCloseTo((float) Math.sin(1), within(1e-6f));
        assertThat(normal[3]).isCloseTo((float) Math.sin(0.01), within(1e-6f));

        float[] neox = {1, 1, 0, 0}; // pairs (0, 2) and (1, 3)
        new Rope(Architecture.RopeType.NEOX, 4, 10_000f, 1f, null).rotate(neox, 0, 1, 4, cos, sin, 0);
        assertThat(neox[0]).isCloseTo((float) Math.cos(1), within(1e-6f));
        assertThat(neox[2]).isCloseTo((float) Math.sin(1), within(1e-6f));
        assertThat(neox[3]).isCloseTo((float) Math.sin(0.01), within(1e-6f));
    }

    @Test
    void factorsDivideTheAngleAndLinearScalingStretchesIt() {
        float[] cos = new float[2];
        float[] sin = new float[2];
        new Rope(Architecture.RopeType.NORMAL, 4, 10_000f, 1f, new float[] {2f, 8f}).angles(4, cos, sin, 0);
        assertThat(sin[0]).isCloseTo((float) Math.sin(2.0), within(1e-6f));
        assertThat(sin[1]).isCloseTo((float) Math.sin(0.04 / 8), within(1e-6f));
        new Rope(Architecture.RopeType.NORMAL, 4, 10_000f, 0.25f, null).angles(4, cos, sin, 0);
        assertThat(sin[0]).isCloseTo((float) Math.sin(1.0), within(1e-6f));
    }

    @Test
    void llama3FactorsFollowMetasFormula() {
        // Llama 3.1 8B: base 500000, 128 rotary dims, factor 8, low 1, high 4, original context 8192
        RopeScaling scaling = new RopeScaling(RopeScaling.Kind.LLAMA3, 8, 8192, 1, 4);
        float[] f = scaling.llama3Factors(500_000f, 128);
        assertThat(f[0]).isEqualTo(1f);        // wavelength 2 pi: high frequency, untouched
        assertThat(f[63]).isEqualTo(8f);       // wavelength far above 8192: divided by the factor
        for (int i = 1; i < 64; i++) {
            assertThat(f[i]).isGreaterThanOrEqualTo(f[i - 1]); // monotone blend between the two
        }
        // a pair in the blend band: wavelength between 8192/4 and 8192
        int i = 0;
        while (2 * Math.PI * Math.pow(500_000, 2.0 * i / 128) < 2048) {
            i++;
        }
        double wavelength = 2 * Math.PI * Math.pow(500_000, 2.0 * i / 128);
        double smooth = (8192 / wavelength - 1) / (4 - 1);
        assertThat((double) f[i]).isCloseTo(1 / ((1 - smooth) / 8 + smooth), within(1e-5));
    }
}
