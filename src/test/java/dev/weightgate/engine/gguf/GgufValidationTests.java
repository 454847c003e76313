package dev.weightgate.engine.gguf;

import static dev.weightgate.engine.gguf.GgufSamples.after;
import static dev.weightgate.engine.gguf.GgufSamples.indexOf;
import static dev.weightgate.engine.gguf.GgufSamples.putU32;
import static dev.weightgate.engine.gguf.GgufSamples.putU64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weightgate.engine.tensor.GgmlType;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Damaged files are refused with a GgufException that names the problem (spec section 1.3). */
class GgufValidationTests {

    /** Two keys to collide, an array, and two tensors: blk.0.a (Q8_0 {32, 2}) then blk.0.b (F32 {32}). */
    private static byte[] sample() {
        return GgufWriter.create()
                .putString("general.architecture", "test")
                .putUint32("dup.a", 1)
                .putUint32("dup.b", 2)
                .putArray("test.names", GgufArray.ofStrings("x", "y"))
                .addTensor("blk.0.a", new long[] {32, 2}, GgmlType.Q8_0, new byte[68])
                .addTensor("blk.0.b", new long[] {32}, GgmlType.F32, new byte[128])
                .toByteArray();
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertRejected(byte[] image) {
        return assertThatThrownBy(() -> GgufSamples.read(image)).isInstanceOf(GgufException.class);
    }

    @Test
    void theSampleItselfIsValid() {
        try (GgufFile file = GgufSamples.read(sample())) {
            assertThat(file.tensors()).hasSize(2);
        }
    }

    @Nested
    class Header {

        @Test
        void badMagic() {
            byte[] image = sample();
            image[0] = 'X';
            assertRejected(image).hasMessageContaining("bad magic 0x46554758 (expected 0x46554747, \"GGUF\")");
        }

        @Test
        void versionOneIsRefusedWithTheReason() {
            byte[] image = sample();
            putU32(image, 4, 1);
            assertRejected(image).hasMessageContaining("unsupported GGUF version 1 (it used 32-bit counts)");
        }

        @Test
        void versionTwoIsAccepted() {
            byte[] image = sample();
            putU32(image, 4, 2);
            try (GgufFile file = GgufSamples.read(image)) {
                assertThat(file.version()).isEqualTo(2);
            }
        }

        @Test
        void futureVersions() {
            byte[] image = sample();
            putU32(image, 4, 4);
            assertRejected(image).hasMessageContaining("unsupported GGUF version 4 (supported: 2 and 3)");
        }

        @Test
        void bigEndianFiles() {
            byte[] image = sample();
            putU32(image, 4, 0x03000000);
            assertRejected(image).hasMessageContaining("0x03000000 looks byte-swapped");
        }

        @Test
        void truncatedHeaders() {
            assertRejected(Arrays.copyOf(sample(), 3)).hasMessageContaining("3 bytes, too short");
            assertRejected(Arrays.copyOf(sample(), 20)).hasMessageContaining("shorter than the 24-byte GGUF header");
        }
    }

    @Nested
    class Counts {

        @Test
        void aTensorCountTheFileCannotHoldFailsBeforeReadingAnything() {
            byte[] image = sample();
            putU64(image, 8, 1L << 40);
            assertRejected(image).hasMessageContaining("tensor count 1099511627776 at offset 8 cannot fit in the");
        }

        @Test
        void negativeCountsAreShownUnsigned() {
            byte[] image = sample();
            putU64(image, 16, -1);
            assertRejected(image).hasMessageContaining("metadata count 18446744073709551615 at offset 16");
        }

        @Test
        void countsThatFitAloneButNotTogether() {
            byte[] image = sample();
            putU64(image, 8, (image.length - 24) / 32);
            assertRejected(image).hasMessageContaining("tensors and 4 metadata entries cannot fit");
        }
    }

    @Nested
    class Strings {

        @Test
        void aKeyLengthPastTheEnd() {
            byte[] image = sample();
            putU64(image, 24, Long.MAX_VALUE);
            assertRejected(image).hasMessageContaining(
                    "string length 9223372036854775807 at offset 24 runs past the end of the file (" + image.length
                            + " bytes)");
        }

        @Test
        void aValueLengthPastTheEnd() {
            byte[] image = sample();
            int lengthAt = after(image, "general.architecture") + 4;
            putU64(image, lengthAt, 1L << 40);
            assertRejected(image).hasMessageContaining("general.architecture: string length 1099511627776 at offset "
                    + lengthAt + " runs past the end");
        }
    }

    @Nested
    class Keys {

        @Test
        void duplicateKeys() {
            byte[] image = sample();
            int keyAt = indexOf(image, "dup.b");
            image[keyAt + 4] = 'a';
            assertRejected(image).hasMessageContaining("duplicate metadata key dup.a at offset " + (keyAt - 8));
        }

        @Test
        void emptyKeys() {
            byte[] image = new RawGguf().header(0, 1).string("").u32(4).u32(1).bytes();
            assertRejected(image).hasMessageContaining("metadata entry 0 at offset 24 has an empty key");
        }

        @Test
        void unknownValueType() {
            byte[] image = sample();
            putU32(image, after(image, "dup.a"), 13);
            assertRejected(image).hasMessageContaining("metadata key dup.a has unknown value type 13");
        }

        @Test
        void unknownArrayElementType() {
            byte[] image = sample();
            putU32(image, after(image, "test.names") + 4, 13);
            assertRejected(image).hasMessageContaining("metadata key test.names is an array of unknown value type 13");
        }

        @Test
        void arrayLengthPastTheEnd() {
            byte[] image = sample();
            putU64(image, after(image, "test.names") + 8, 1L << 40);
            assertRejected(image).hasMessageContaining(
                    "test.names: array of 1099511627776 STRING elements at offset");
        }

        @Test
        void arraysNestFourDeepButNotFive() {
            GgufArray four = GgufArray.ofArrays(GgufArray.ofArrays(GgufArray.ofArrays(GgufArray.ofInt32(1))));
            try (GgufFile file = GgufSamples.read(GgufWriter.create().putArray("deep", four).toByteArray())) {
                assertThat(file.metadata().getArray("deep")).isEqualTo(four);
            }
            byte[] five = GgufWriter.create().putArray("deep", GgufArray.ofArrays(four)).toByteArray();
            assertRejected(five).hasMessageContaining("metadata key deep: arrays nested deeper than 4 levels");
        }
    }

    @Nested
    class Alignment {

        @Test
        void mustBeAPowerOfTwo() {
            byte[] image = GgufWriter.create().alignment(64).toByteArray();
            int valueAt = after(image, "general.alignment") + 4;
            putU32(image, valueAt, 48);
            assertRejected(image).hasMessageContaining("general.alignment = 48 is not a positive power of two");
            putU32(image, valueAt, 0);
            assertRejected(image).hasMessageContaining("general.alignment = 0 is not a positive power of two");
        }

        @Test
        void mustBeAUint32() {
            byte[] image = GgufWriter.create().alignment(64).toByteArray();
            putU32(image, after(image, "general.alignment"), GgufValueType.INT32.id());
            assertRejected(image).hasMessageContaining("general.alignment has type INT32, expected UINT32");
        }

        @Test
        void tensorOffsetsMustBeMultiples() {
            byte[] image = sample();
            putU64(image, offsetFieldOf(image, "blk.0.b", 1), 1);
            assertRejected(image).hasMessageContaining("tensor blk.0.b offset 1 is not a multiple of the alignment 32");
        }
    }

    @Nested
    class TensorInfos {

        @Test
        void duplicateNames() {
            byte[] image = sample();
            image[indexOf(image, "blk.0.b") + 6] = 'a';
            assertRejected(image).hasMessageContaining("duplicate tensor name blk.0.a");
        }

        @Test
        void namesLongerThanGgmlAllows() {
            byte[] image = new RawGguf().header(1, 0).string("x".repeat(64)).u32(1).u64(1).u32(0).u64(0).bytes();
            assertRejected(image).hasMessageContaining("is 64 bytes; the limit is 63");
        }

        @Test
        void dimensionCounts() {
            byte[] image = sample();
            putU32(image, after(image, "blk.0.b"), 0);
            assertRejected(image).hasMessageContaining("tensor blk.0.b has 0 dimensions (allowed: 1 to 4)");
            putU32(image, after(image, "blk.0.b"), 5);
            assertRejected(image).hasMessageContaining("tensor blk.0.b has 5 dimensions");
        }

        @Test
        void zeroAndNegativeDimensions() {
            byte[] image = sample();
            int dimAt = after(image, "blk.0.b") + 4;
            putU64(image, dimAt, 0);
            assertRejected(image).hasMessageContaining("tensor blk.0.b dimension 0 is 0; dimensions must be positive");
            putU64(image, dimAt, -1);
            assertRejected(image).hasMessageContaining("dimension 0 is 18446744073709551615");
        }

        @Test
        void elementCountOverflow() {
            byte[] image = sample();
            putU64(image, after(image, "blk.0.a") + 4 + 8, 1L << 62);
            assertRejected(image).hasMessageContaining("tensor blk.0.a shape [32, 4611686018427387904] overflows");
        }

        @Test
        void unknownRetiredAndUnsupportedTypes() {
            byte[] image = sample();
            int typeAt = after(image, "blk.0.b") + 4 + 8;
            putU32(image, typeAt, 99);
            assertRejected(image).hasMessageContaining("tensor blk.0.b has unknown type id 99");
            putU32(image, typeAt, 4);
            assertRejected(image).hasMessageContaining("tensor blk.0.b has type Q4_2 (id 4), which ggml has retired");
            putU32(image, typeAt, 16);
            assertRejected(image).hasMessageContaining(
                    "tensor blk.0.b has type IQ2_XXS (id 16), which Weightgate does not support");
        }

        @Test
        void rowsMustHoldWholeBlocks() {
            byte[] image = sample();
            putU64(image, after(image, "blk.0.a") + 4, 33);
            assertRejected(image).hasMessageContaining(
                    "tensor blk.0.a: row length 33 is not a multiple of the Q8_0 block size 32");
        }
    }

    @Nested
    class Placement {

        @Test
        void truncatedDataNamesTheTensorAndBothSizes() {
            byte[] image = sample();
            byte[] truncated = Arrays.copyOf(image, image.length - 40);
            assertRejected(truncated).hasMessageMatching(
                    ".*tensor blk\\.0\\.b ends at byte \\d+, past the end of the file \\(" + truncated.length
                            + " bytes\\)");
        }

        @Test
        void offsetsFarPastTheEnd() {
            byte[] image = sample();
            putU64(image, offsetFieldOf(image, "blk.0.b", 1), 1L << 62);
            assertRejected(image).hasMessageContaining("tensor blk.0.b ends at byte 46116860184273");
        }

        @Test
        void overlappingTensors() {
            byte[] image = sample();
            putU64(image, offsetFieldOf(image, "blk.0.b", 1), 0);
            assertRejected(image).hasMessageContaining("tensors blk.0.a and blk.0.b overlap");
        }

        @Test
        void aVocabularyOnlyFileNeedsNoPaddingAfterItsMetadata() {
            // gguf-py writes tensor-less files without the final padding; llama.cpp reads them
            byte[] padded = GgufSamples.vocabulary(5).toByteArray();
            int unpadded = after(padded, "tokenizer.ggml.add_bos_token") + 5;
            try (GgufFile file = GgufSamples.read(Arrays.copyOf(padded, unpadded))) {
                assertThat(file.metadata().getStringArray("tokenizer.ggml.tokens")).hasSize(5);
            }
        }
    }

    /** Offset of the u64 data offset of a tensor info with {@code nDims} dimensions. */
    private static int offsetFieldOf(byte[] image, String name, int nDims) {
        return after(image, name) + 4 + 8 * nDims + 4;
    }

    /** Builds GGUF bytes field by field, for files the writer refuses to produce. */
    private static final class RawGguf {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        RawGguf header(long tensors, long kvs) {
            return u32(GgufParser.MAGIC).u32(3).u64(tensors).u64(kvs);
        }

        RawGguf u32(long value) {
            for (int i = 0; i < 4; i++) {
                out.write((int) (value >>> (8 * i)));
            }
            return this;
        }

        RawGguf u64(long value) {
            for (int i = 0; i < 8; i++) {
                out.write((int) (value >>> (8 * i)));
            }
            return this;
        }

        RawGguf string(String text) {
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            u64(utf8.length);
            out.writeBytes(utf8);
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
