package dev.weightgate.engine.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import jdk.incubator.vector.ShortVector;
import org.junit.jupiter.api.Test;

class LanesTests {

    @Test
    void theForcedVectorWidthIsTheOneTheKernelsRunAt() {
        // the build runs the kernel tests once more with -Dweightgate.vectorBits=256 (pom.xml): this fails if that
        // run silently tested the native width instead
        int bits = Integer.getInteger("weightgate.vectorBits", Lanes.F.vectorBitSize());
        assertThat(Lanes.F.vectorBitSize()).isEqualTo(bits);
        assertThat(IntRowDots.PREFERRED).isEqualTo(bits == 256);
    }

    @Test
    void halfToFloatIsExactForEveryBitPattern() {
        short[] bits = new short[Lanes.L];
        float[] out = new float[Lanes.L];
        for (int base = 0; base < 65536; base += Lanes.L) {
            for (int i = 0; i < Lanes.L; i++) {
                bits[i] = (short) (base + i);
            }
            Lanes.halfToFloat(ShortVector.fromArray(Lanes.S, bits, 0)).intoArray(out, 0);
            for (int i = 0; i < Lanes.L; i++) {
                float expected = Float.float16ToFloat(bits[i]);
                if (Float.isNaN(expected)) {
                    assertThat(out[i]).as("bits %04x", bits[i] & 0xFFFF).isNaN();
                } else {
                    assertThat(Float.floatToRawIntBits(out[i])).as("bits %04x", bits[i] & 0xFFFF)
                            .isEqualTo(Float.floatToRawIntBits(expected));
                }
            }
        }
    }

    @Test
    void bf16ToFloatShiftsIntoTheHighHalf() {
        short[] bits = new short[Lanes.L];
        float[] out = new float[Lanes.L];
        for (int base = 0; base < 65536; base += Lanes.L) {
            for (int i = 0; i < Lanes.L; i++) {
                bits[i] = (short) (base + i);
            }
            Lanes.bf16ToFloat(ShortVector.fromArray(Lanes.S, bits, 0)).intoArray(out, 0);
            for (int i = 0; i < Lanes.L; i++) {
                assertThat(Float.floatToRawIntBits(out[i])).isEqualTo((bits[i] & 0xFFFF) << 16);
            }
        }
    }
}
