package dev.weightgate.engine.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Each supported type decoded from a block written byte by byte, against values worked out by hand from the block
 * layouts in ggml-common.h and the dequantize_row_* functions in ggml-quants.c. F16 constants: 0x3400 = 0.25,
 * 0x3800 = 0.5, 0x3C00 = 1.0, 0x4000 = 2.0, 0xBC00 = -1.0.
 */
class DequantizerTests {

    @Nested
    class ScalarTypes {

        @Test
        void f32ReadsLittleEndianIeeeFloats() {
            // 0x3FC00000 = 1.5, 0xC0200000 = -2.5
            byte[] bytes = {0x00, 0x00, (byte) 0xC0, 0x3F, 0x00, 0x00, 0x20, (byte) 0xC0};
            assertThat(Blocks.dequantize(GgmlType.F32, bytes)).containsExactly(1.5f, -2.5f);
        }

        @Test
        void f16CoversNormalSubnormalInfiniteAndSignedZero() {
            Blocks block = new Blocks(12)
                    .f16(0, 0x3C00)   // 1.0
                    .f16(2, 0xC000)   // -2.0
                    .f16(4, 0x7BFF)   // 65504, the largest finite half
                    .f16(6, 0x0001)   // 2^-24, the smallest subnormal
                    .f16(8, 0x7C00)   // +infinity
                    .f16(10, 0x8000); // -0.0
            float[] values = Blocks.dequantize(GgmlType.F16, block.bytes());
            assertThat(values).containsExactly(1.0f, -2.0f, 65504.0f, 0x1p-24f, Float.POSITIVE_INFINITY, -0.0f);
            assertThat(Float.floatToRawIntBits(values[5])).isEqualTo(0x80000000);
        }

        @Test
        void bf16IsTheHighHalfOfAFloat() {
            Blocks block = new Blocks(8)
                    .u16(0, 0x3F80)  // 0x3F800000 = 1.0
                    .u16(2, 0xC040)  // 0xC0400000 = -3.0
                    .u16(4, 0x4049)  // 0x40490000 = 3.140625
                    .u16(6, 0x7F80); // +infinity
            assertThat(Blocks.dequantize(GgmlType.BF16, block.bytes()))
                    .containsExactly(1.0f, -3.0f, 3.140625f, Float.POSITIVE_INFINITY);
        }
    }

    @Nested
    class LegacyBlocks {

        @Test
        void q4_0SubtractsEightAndSplitsHalvesByNibble() {
            // d = 0.5; qs[j] = j | (15 - j) << 4: element j = (j - 8) * 0.5, element 16 + j = (7 - j) * 0.5
            Blocks block = new Blocks(18).f16(0, 0x3800);
            for (int j = 0; j < 16; j++) {
                block.u8(2 + j, j | (15 - j) << 4);
            }
            assertThat(Blocks.dequantize(GgmlType.Q4_0, block.bytes())).containsExactly(
                    -4.0f, -3.5f, -3.0f, -2.5f, -2.0f, -1.5f, -1.0f, -0.5f, 0.0f, 0.5f, 1.0f, 1.5f, 2.0f, 2.5f, 3.0f, 3.5f,
                    3.5f, 3.0f, 2.5f, 2.0f, 1.5f, 1.0f, 0.5f, 0.0f, -0.5f, -1.0f, -1.5f, -2.0f, -2.5f, -3.0f, -3.5f, -4.0f);
        }

        @Test
        void q4_1AddsTheMinimum() {
            // d = 0.25, m = -1.0; qs[j] = j | (15 - j) << 4: element j = j/4 - 1, element 16 + j = (15 - j)/4 - 1
            Blocks block = new Blocks(20).f16(0, 0x3400).f16(2, 0xBC00);
            for (int j = 0; j < 16; j++) {
                block.u8(4 + j, j | (15 - j) << 4);
            }
            assertThat(Blocks.dequantize(GgmlType.Q4_1, block.bytes())).containsExactly(
                    -1.0f, -0.75f, -0.5f, -0.25f, 0.0f, 0.25f, 0.5f, 0.75f, 1.0f, 1.25f, 1.5f, 1.75f, 2.0f, 2.25f, 2.5f, 2.75f,
                    2.75f, 2.5f, 2.25f, 2.0f, 1.75f, 1.5f, 1.25f, 1.0f, 0.75f, 0.5f, 0.25f, 0.0f, -0.25f, -0.5f, -0.75f, -1.0f);
        }

        @Test
        void q5_0TakesTheFifthBitOfElementKFromBitKOfQh() {
            // d = 1.0; qh bytes 01 80 01 00 = u32 0x00018001: bits 0, 15, 16 set (elements 0, 15, 16).
            // qs[j] = j | j << 4. Element j = (j | fifth bit) - 16:
            //   0 -> 16 - 16 = 0; 1..14 -> j - 16; 15 -> 31 - 16 = 15; 16 -> 16 - 16 = 0; 16 + j (j >= 1) -> j - 16
            Blocks block = new Blocks(22).f16(0, 0x3C00).u8(2, 0x01, 0x80, 0x01, 0x00);
            for (int j = 0; j < 16; j++) {
                block.u8(6 + j, j | j << 4);
            }
            assertThat(Blocks.dequantize(GgmlType.Q5_0, block.bytes())).containsExactly(
                    0f, -15f, -14f, -13f, -12f, -11f, -10f, -9f, -8f, -7f, -6f, -5f, -4f, -3f, -2f, 15f,
                    0f, -15f, -14f, -13f, -12f, -11f, -10f, -9f, -8f, -7f, -6f, -5f, -4f, -3f, -2f, -1f);
        }

        @Test
        void q5_1AddsTheMinimumToFiveBitQuants() {
            // d = 0.5, m = 2.0; same qh and qs as the Q5_0 case: q = 16, 1..14, 31, 16, 1..15.
            // x = q/2 + 2: 16 -> 10, j -> j/2 + 2, 31 -> 17.5
            Blocks block = new Blocks(24).f16(0, 0x3800).f16(2, 0x4000).u8(4, 0x01, 0x80, 0x01, 0x00);
            for (int j = 0; j < 16; j++) {
                block.u8(8 + j, j | j << 4);
            }
            assertThat(Blocks.dequantize(GgmlType.Q5_1, block.bytes())).containsExactly(
                    10f, 2.5f, 3f, 3.5f, 4f, 4.5f, 5f, 5.5f, 6f, 6.5f, 7f, 7.5f, 8f, 8.5f, 9f, 17.5f,
                    10f, 2.5f, 3f, 3.5f, 4f, 4.5f, 5f, 5.5f, 6f, 6.5f, 7f, 7.5f, 8f, 8.5f, 9f, 9.5f);
        }

        @Test
        void q8_0ScalesSignedBytes() {
            // d = 0.5; qs[j] = j - 16, except qs[0] = -128 and qs[31] = 127: x = qs * 0.5
            Blocks block = new Blocks(34).f16(0, 0x3800);
            for (int j = 0; j < 32; j++) {
                block.u8(2 + j, j - 16);
            }
            block.u8(2, -128).u8(33, 127);
            assertThat(Blocks.dequantize(GgmlType.Q8_0, block.bytes())).containsExactly(
                    -64f, -7.5f, -7f, -6.5f, -6f, -5.5f, -5f, -4.5f, -4f, -3.5f, -3f, -2.5f, -2f, -1.5f, -1f, -0.5f,
                    0f, 0.5f, 1f, 1.5f, 2f, 2.5f, 3f, 3.5f, 4f, 4.5f, 5f, 5.5f, 6f, 6.5f, 7f, 63.5f);
        }

        @Test
        void mxfp4UsesTheDoubledE2M1TableAndHalfTheE8M0Scale() {
            // e = 128: scale 2^(128 - 128) = 1, so x = kvalues_mxfp4[nibble] (the E2M1 values doubled).
            // qs[j] = j | (15 - j) << 4.
            Blocks block = new Blocks(17).u8(0, 128);
            for (int j = 0; j < 16; j++) {
                block.u8(1 + j, j | (15 - j) << 4);
            }
            assertThat(Blocks.dequantize(GgmlType.MXFP4, block.bytes())).containsExactly(
                    0f, 1f, 2f, 3f, 4f, 6f, 8f, 12f, 0f, -1f, -2f, -3f, -4f, -6f, -8f, -12f,
                    -12f, -8f, -6f, -4f, -3f, -2f, -1f, 0f, 12f, 8f, 6f, 4f, 3f, 2f, 1f, 0f);

            // e = 127 halves them back to the plain E2M1 values: nibble 7 -> 6.0, nibble 9 -> -0.5
            block.u8(0, 127);
            float[] plain = Blocks.dequantize(GgmlType.MXFP4, block.bytes());
            assertThat(plain[7]).isEqualTo(6.0f);
            assertThat(plain[9]).isEqualTo(-0.5f);
        }

        @Test
        void e8m0HalfScaleMatchesGgmlBitPatterns() {
            assertThat(Float.floatToRawIntBits(Dequantizer.e8m0Half(0))).isEqualTo(0x00200000); // 2^-128, subnormal
            assertThat(Float.floatToRawIntBits(Dequantizer.e8m0Half(1))).isEqualTo(0x00400000); // 2^-127, subnormal
            assertThat(Dequantizer.e8m0Half(2)).isEqualTo(0x1p-126f);
            assertThat(Dequantizer.e8m0Half(128)).isEqualTo(1.0f);
            assertThat(Dequantizer.e8m0Half(255)).isEqualTo(0x1p127f); // not NaN: ggml does not special-case 255
        }
    }

    @Nested
    class KQuants {

        @Test
        void q2_K() {
            // d = 0.5, dmin = 1.0; scales[s] = s | 1 << 4 (scale s, min 1): x = 0.5 * s * q - 1.0.
            // qs[0..31] = 0xE4 (2-bit fields 0,1,2,3: q = shift index j), qs[32..63] = 0x1B (q = 3 - j),
            // except qs[5] = 0 (q = 0 at every shift).
            // Element w: n = w/128, j = (w%128)/32, l = w%32, s = 8n + 2j + (l >= 16).
            Blocks block = new Blocks(84).f16(80, 0x3800).f16(82, 0x3C00);
            for (int s = 0; s < 16; s++) {
                block.u8(s, s | 1 << 4);
            }
            block.fill(16, 48, 0xE4).fill(48, 80, 0x1B).u8(16 + 5, 0x00);
            float[] x = Blocks.dequantize(GgmlType.Q2_K, block.bytes());
            assertThat(x[0]).isEqualTo(-1.0f);    // s 0, q 0: 0 - 1
            assertThat(x[37]).isEqualTo(-1.0f);   // j 1, l 5: qs[5] = 0 -> q 0
            assertThat(x[40]).isEqualTo(0.0f);    // j 1, l 8, s 2, q 1: 0.5*2*1 - 1
            assertThat(x[50]).isEqualTo(0.5f);    // j 1, l 18, s 3, q 1: 0.5*3*1 - 1
            assertThat(x[100]).isEqualTo(8.0f);   // j 3, l 4, s 6, q 3: 0.5*6*3 - 1
            assertThat(x[128]).isEqualTo(11.0f);  // n 1, j 0, s 8, q 3: 0.5*8*3 - 1
            assertThat(x[200]).isEqualTo(5.0f);   // n 1, j 2, l 8, s 12, q 1: 0.5*12*1 - 1
            assertThat(x[255]).isEqualTo(-1.0f);  // n 1, j 3, l 31, s 15, q 0
        }

        @Test
        void q3_K() {
            // d = 0.5. Scales: stored 6-bit values 33..48 give sc3(s) = s + 1. Low nibbles: S[k] = (k+1) | ((k+9)&15)<<4
            // for k < 8; high 2-bit fields all 2 except scale 15 (3): S[8..10] = 0xAA, S[11] = 0xEA.
            // hmask all set (q = low bits), except hmask[3] = 0 (q = low - 4 for l = 3) and hmask[10] = 0xFE
            // (only the n=0, j=0 field of l = 10 loses its high bit). qs[0..31] = 0xE4 (low = j), qs[32..63] =
            // 0x1B (low = 3 - j). x = 0.5 * (s + 1) * q with s = 8n + 2j + (l >= 16).
            Blocks block = new Blocks(110).fill(0, 32, 0xFF).u8(3, 0x00).u8(10, 0xFE)
                    .fill(32, 64, 0xE4).fill(64, 96, 0x1B)
                    .u8(96, 0x91, 0xA2, 0xB3, 0xC4, 0xD5, 0xE6, 0xF7, 0x08, 0xAA, 0xAA, 0xAA, 0xEA)
                    .f16(108, 0x3800);
            float[] x = Blocks.dequantize(GgmlType.Q3_K, block.bytes());
            assertThat(x[0]).isEqualTo(0.0f);     // s 0, q 0
            assertThat(x[3]).isEqualTo(-2.0f);    // l 3 loses the high bit: q = 0 - 4; 0.5*1*-4
            assertThat(x[10]).isEqualTo(-2.0f);   // hmask[10] bit 0 clear: q = -4
            assertThat(x[42]).isEqualTo(1.5f);    // j 1, l 10 keeps bit 1: q 1, s 2: 0.5*3*1
            assertThat(x[35]).isEqualTo(-4.5f);   // j 1, l 3: q = 1 - 4, s 2: 0.5*3*-3
            assertThat(x[127]).isEqualTo(12.0f);  // j 3, l 31, s 7, q 3: 0.5*8*3
            assertThat(x[128]).isEqualTo(13.5f);  // n 1, j 0, s 8, q 3: 0.5*9*3
            assertThat(x[131]).isEqualTo(-4.5f);  // n 1, l 3: q = 3 - 4: 0.5*9*-1
            assertThat(x[180]).isEqualTo(12.0f);  // n 1, j 1, l 20, s 11, q 2: 0.5*12*2
            assertThat(x[200]).isEqualTo(6.5f);   // n 1, j 2, l 8, s 12, q 1: 0.5*13*1
            assertThat(Dequantizer.q3Scale(block.segment(), 96, 15)).isEqualTo(16);
            assertThat(Dequantizer.q3Scale(block.segment(), 96, 8)).isEqualTo(9);
        }

        /** Scales {1, 2, 3, 4, 17, 33, 50, 63} and mins {0, 1, 2, 3, 16, 20, 40, 63} packed as get_scale_min_k4 reads them. */
        private static final int[] K4_SCALES = {0x41, 0x82, 0xC3, 0xC4, 0x40, 0x41, 0x82, 0xC3, 0x01, 0x41, 0x82, 0xFF};

        @Test
        void q4_KUnpacksSixBitScalesAndMins() {
            // d = 0.5, dmin = 0.25; qs[i] = (i & 15) | (15 - (i & 15)) << 4.
            // Element w: g = w/64, l = w%32, h = (w%64) >= 32, s = 2g + h, q = h ? 15 - (l&15) : l&15;
            // x = (0.5 * sc[s]) * q - 0.25 * m[s].
            Blocks block = new Blocks(144).f16(0, 0x3800).f16(2, 0x3400).u8(4, K4_SCALES);
            for (int i = 0; i < 128; i++) {
                block.u8(16 + i, (i & 15) | (15 - (i & 15)) << 4);
            }
            float[] x = Blocks.dequantize(GgmlType.Q4_K, block.bytes());
            assertThat(x[0]).isEqualTo(0.0f);      // s 0, q 0
            assertThat(x[5]).isEqualTo(2.5f);      // s 0, q 5: 0.5*1*5 - 0
            assertThat(x[37]).isEqualTo(9.75f);    // s 1, q 10: 0.5*2*10 - 0.25*1
            assertThat(x[84]).isEqualTo(5.5f);     // s 2, l 20, q 4: 0.5*3*4 - 0.25*2
            assertThat(x[127]).isEqualTo(-0.75f);  // s 3, q 0: -0.25*3
            assertThat(x[130]).isEqualTo(13.0f);   // s 4 (sc 17, m 16), q 2: 17 - 4
            assertThat(x[170]).isEqualTo(77.5f);   // s 5 (sc 33, m 20), l 10, q 5: 82.5 - 5
            assertThat(x[200]).isEqualTo(190.0f);  // s 6 (sc 50, m 40), q 8: 200 - 10
            assertThat(x[240]).isEqualTo(456.75f); // s 7 (sc 63, m 63), l 16, q 15: 472.5 - 15.75
            assertThat(x[255]).isEqualTo(-15.75f); // s 7, q 0
        }

        @Test
        void q5_KAddsSixteenWhenTheQhBitOfTheSubBlockIsSet() {
            // As the Q4_K case (qs now at byte 48), plus qh[5] = 0xFF (every sub-block of l = 5 gets +16)
            // and qh[10] = 0x20 (only sub-block 5 of l = 10).
            Blocks block = new Blocks(176).f16(0, 0x3800).f16(2, 0x3400).u8(4, K4_SCALES).u8(16 + 5, 0xFF)
                    .u8(16 + 10, 0x20);
            for (int i = 0; i < 128; i++) {
                block.u8(48 + i, (i & 15) | (15 - (i & 15)) << 4);
            }
            float[] x = Blocks.dequantize(GgmlType.Q5_K, block.bytes());
            assertThat(x[0]).isEqualTo(0.0f);
            assertThat(x[5]).isEqualTo(10.5f);     // s 0, q 5 + 16: 0.5*1*21
            assertThat(x[37]).isEqualTo(25.75f);   // s 1, q 10 + 16: 0.5*2*26 - 0.25
            assertThat(x[138]).isEqualTo(81.0f);   // s 4, l 10, bit 4 clear, q 10: 0.5*17*10 - 4
            assertThat(x[170]).isEqualTo(341.5f);  // s 5, l 10, bit 5 set, q 5 + 16: 0.5*33*21 - 5
            assertThat(x[229]).isEqualTo(803.25f); // s 7, l 5, q 10 + 16: 0.5*63*26 - 15.75
            assertThat(x[240]).isEqualTo(456.75f); // s 7, l 16, no high bit: as Q4_K
        }

        @Test
        void q6_K() {
            // d = 0.5; scales[s] = 2s - 15 (-15, -13, ..., 15). ql all 0x21 (low nibble 1, high 2) except
            // ql[0] = 0xF0 and ql[33] = 0x5A; qh all 0xE4 (2-bit field c holds c) except qh[63] = 0.
            // Element w: n = w/128, c = (w%128)/32, l = w%32; low 4 bits from ql[64n + l + 32(c&1)] (low nibble
            // for c < 2), high 2 bits from qh[32n + l] >> 2c; q = value - 32; x = (0.5 * scales[8n + l/16 + 2c]) * q.
            Blocks block = new Blocks(210).fill(0, 128, 0x21).u8(0, 0xF0).u8(33, 0x5A).fill(128, 192, 0xE4)
                    .u8(128 + 63, 0x00).f16(208, 0x3800);
            for (int s = 0; s < 16; s++) {
                block.u8(192 + s, 2 * s - 15);
            }
            float[] x = Blocks.dequantize(GgmlType.Q6_K, block.bytes());
            assertThat(x[0]).isEqualTo(240.0f);    // ql[0] low 0, high bits 0: q -32; scale -15: -7.5 * -32
            assertThat(x[20]).isEqualTo(201.5f);   // low 1, high 0: q -31; scale[1] -13: -6.5 * -31
            assertThat(x[33]).isEqualTo(33.0f);    // c 1: ql[33] low 10, high 1: q 26 - 32 = -6; scale[2] -11
            assertThat(x[64]).isEqualTo(-52.5f);   // c 2: ql[0] high 15, high bits 2: q 47 - 32 = 15; scale[4] -7
            assertThat(x[97]).isEqualTo(-31.5f);   // c 3: ql[33] high 5, high bits 3: q 53 - 32 = 21; scale[6] -3
            assertThat(x[128]).isEqualTo(-15.5f);  // n 1, c 0: q -31; scale[8] 1
            assertThat(x[170]).isEqualTo(-37.5f);  // n 1, c 1, l 10: q 17 - 32 = -15; scale[10] 5
            assertThat(x[255]).isEqualTo(-225.0f); // n 1, c 3, l 31: ql[127] high 2, qh[63] 0: q -30; scale[15] 15
        }
    }

    @Nested
    class Rows {

        @Test
        void decodesConsecutiveBlocksFromAnOffsetIntoAnOffset() {
            // Two Q8_0 blocks after 3 bytes of padding: d = 1.0 with all qs 1, then d = 2.0 with all qs -1.
            Blocks bytes = new Blocks(3 + 68).f16(3, 0x3C00).fill(5, 37, 1).f16(37, 0x4000).fill(39, 71, -1);
            float[] out = new float[70];
            GgmlType.Q8_0.dequantize(bytes.segment(), 3, out, 5, 64);
            assertThat(out[4]).isZero();
            assertThat(out[5]).isEqualTo(1.0f);
            assertThat(out[36]).isEqualTo(1.0f);
            assertThat(out[37]).isEqualTo(-2.0f);
            assertThat(out[68]).isEqualTo(-2.0f);
            assertThat(out[69]).isZero();
        }

        @Test
        void rejectsPartialBlocksAndUnsupportedTypes() {
            MemorySegment bytes = MemorySegment.ofArray(new byte[1024]);
            assertThatThrownBy(() -> GgmlType.Q4_K.dequantize(bytes, 0, new float[512], 0, 100))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("256");
            assertThatThrownBy(() -> GgmlType.IQ4_NL.dequantize(bytes, 0, new float[32], 0, 32))
                    .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("IQ4_NL");
        }
    }
}
