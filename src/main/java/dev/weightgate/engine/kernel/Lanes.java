package dev.weightgate.engine.kernel;

import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector species the kernels use, chosen once: float lanes of the widest shape the CPU runs natively (16 on
 * AVX-512, 8 on AVX2), and byte, short and int species with the same lane count, so one byte load widens to exactly
 * one float vector. {@code -Dweightgate.vectorBits=256} forces 8 lanes (for measuring; see docs/benchmarks.md).
 *
 * <p>Every kernel is written for any lane count that divides 16, so the same code runs on both shapes.
 */
final class Lanes {

    static final VectorSpecies<Float> F = floatSpecies();
    static final int L = F.length();
    static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, F.vectorShape());
    static final VectorSpecies<Byte> B = VectorSpecies.of(byte.class, VectorShape.forBitSize(L * 8));
    static final VectorSpecies<Short> S = VectorSpecies.of(short.class, VectorShape.forBitSize(L * 16));

    static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private Lanes() {
    }

    private static VectorSpecies<Float> floatSpecies() {
        int preferred = FloatVector.SPECIES_PREFERRED.vectorBitSize();
        int bits = Integer.getInteger("weightgate.vectorBits", Math.min(512, preferred));
        if (bits != 256 && bits != 512) {
            throw new IllegalStateException("weightgate.vectorBits must be 256 or 512, got " + bits);
        }
        if (bits > preferred) {
            bits = preferred;
        }
        if (bits < 256) {
            throw new IllegalStateException("the engine needs 256-bit vectors (AVX2 or better); this CPU offers "
                    + preferred + " bits");
        }
        return VectorSpecies.of(float.class, VectorShape.forBitSize(bits));
    }

    /** Bytes (read as unsigned) widened to int lanes. */
    static IntVector unsignedBytes(ByteVector bytes) {
        return (IntVector) bytes.convertShape(VectorOperators.ZERO_EXTEND_B2I, I, 0);
    }

    /** Bytes (signed) widened to float lanes. */
    static FloatVector signedBytesToFloat(ByteVector bytes) {
        return (FloatVector) bytes.convertShape(VectorOperators.B2F, F, 0);
    }

    static FloatVector toFloat(IntVector ints) {
        return (FloatVector) ints.convert(VectorOperators.I2F, 0);
    }

    /**
     * IEEE half-precision bit patterns to floats, exactly (subnormals, infinities and NaNs included): the exponent
     * and mantissa shifted into float position and scaled by 2^112 re-bias the exponent and make subnormals exact.
     */
    static FloatVector halfToFloat(ShortVector halves) {
        IntVector h = (IntVector) halves.convertShape(VectorOperators.ZERO_EXTEND_S2I, I, 0);
        IntVector sign = h.and(0x8000).lanewise(VectorOperators.LSHL, 16);
        IntVector magnitude = h.and(0x7FFF);
        IntVector shifted = magnitude.lanewise(VectorOperators.LSHL, 13);
        IntVector finite = shifted.reinterpretAsFloats().mul(0x1p112f).reinterpretAsInts();
        VectorMask<Integer> special = magnitude.compare(VectorOperators.GE, 0x7C00);
        IntVector bits = finite.blend(shifted.or(0x7F800000), special).or(sign);
        return bits.reinterpretAsFloats();
    }

    /** bfloat16 bit patterns to floats (the 16 bits become the high half). */
    static FloatVector bf16ToFloat(ShortVector halves) {
        IntVector h = (IntVector) halves.convertShape(VectorOperators.S2I, I, 0);
        return h.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
    }
}
