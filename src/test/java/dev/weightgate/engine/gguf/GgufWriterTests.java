package dev.weightgate.engine.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weightgate.engine.tensor.GgmlType;
import java.io.ByteArrayOutputStream;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GgufWriterTests {

    @TempDir
    Path dir;

    @Test
    void writesTheLayoutOfGgufWriteToFileByteForByte() {
        byte[] file = GgufWriter.create()
                .putUint32("a", 7)
                .addTensor("t", new long[] {2}, GgmlType.F32, floats(1.0f, 2.0f))
                .toByteArray();

        ByteBuffer expected = ByteBuffer.allocate(128).order(ByteOrder.LITTLE_ENDIAN);
        expected.put(new byte[] {'G', 'G', 'U', 'F'}).putInt(3).putLong(1).putLong(1); // header: 24 bytes
        expected.putLong(1).put((byte) 'a').putInt(4).putInt(7);                      // KV: bytes 24..40
        expected.putLong(1).put((byte) 't').putInt(1).putLong(2).putInt(0).putLong(0); // tensor info: 41..73
        expected.position(96);                                                          // zero padding to 32
        expected.putFloat(1.0f).putFloat(2.0f);                                         // data, then padding to 128
        assertThat(file).isEqualTo(expected.array());
    }

    @Test
    void everyValueTypeRoundTrips() {
        GgufMetadata written = GgufSamples.everyValueType().metadata();
        try (GgufFile file = GgufSamples.read(GgufSamples.everyValueType().toByteArray())) {
            GgufMetadata read = file.metadata();
            assertThat(read).isEqualTo(written);
            assertThat(List.copyOf(read.keys())).isEqualTo(List.copyOf(written.keys()));
            assertThat(read.getLong("test.u8")).isEqualTo(200);
            assertThat(read.getLong("test.i8")).isEqualTo(-100);
            assertThat(read.getLong("test.u16")).isEqualTo(60000);
            assertThat(read.getLong("test.i16")).isEqualTo(-30000);
            assertThat(read.getLong("test.u32")).isEqualTo(4_000_000_000L);
            assertThat(read.getLong("test.i32")).isEqualTo(-2_000_000_000);
            assertThat(read.getLong("test.i64")).isEqualTo(Long.MIN_VALUE);
            assertThat(read.get("test.u64")).isEqualTo(-1L);
            assertThat(read.getFloat("test.f32")).isEqualTo(1.5f);
            assertThat(read.getFloat("test.f64")).isEqualTo(-2.25f);
            assertThat(read.getBoolean("test.bool")).isTrue();
            assertThat(read.getString("test.string")).isEqualTo("héllo ✓");
            assertThat(read.getStringArray("test.array.string")).containsExactly("a", "", "ß");
            assertThat(read.getIntArray("test.array.u8")).containsExactly(1, 255);
            assertThat(read.getLongArray("test.array.u32")).containsExactly(0, 7, 4294967295L);
            assertThat(read.getFloatArray("test.array.f32")).containsExactly(0.5f, -1f);
            assertThat(read.getArray("test.array.bool").values()).containsExactly(true, false, true);
            GgufArray nested = read.getArray("test.array.nested");
            assertThat(nested.elementType()).isEqualTo(GgufValueType.ARRAY);
            assertThat(nested.values()).containsExactly(GgufArray.ofStrings("x", "y"),
                    GgufArray.ofArrays(GgufArray.ofInt32(1, 2, 3)));
        }
    }

    @Test
    void tensorsArePackedInOrderEachPaddedToTheAlignment() throws Exception {
        Path path = dir.resolve("tensors.gguf");
        GgufSamples.withTensors(1, GgmlType.F32, GgmlType.Q8_0, GgmlType.Q4_K, GgmlType.MXFP4)
                .alignment(64)
                .write(path);
        byte[] raw = Files.readAllBytes(path);
        try (GgufFile file = GgufFile.open(path)) {
            assertThat(file.version()).isEqualTo(3);
            assertThat(file.alignment()).isEqualTo(64);
            assertThat(file.dataOffset() % 64).isZero();
            long expectedOffset = 0;
            for (GgufTensorInfo tensor : file.tensors()) {
                // llama.cpp requires offset_i = sum of the padded sizes of tensors 0..i-1
                assertThat(tensor.offset()).as(tensor.name()).isEqualTo(expectedOffset);
                expectedOffset += (tensor.byteSize() + 63) / 64 * 64;
            }
            assertThat(file.fileSize()).isEqualTo(file.dataOffset() + expectedOffset);
            // padding between the tensor table and the data, and after each tensor, is zeros
            GgufTensorInfo first = file.tensors().getFirst();
            for (long i = first.byteSize(); i < file.tensors().get(1).offset(); i++) {
                assertThat(raw[(int) (file.dataOffset() + i)]).isZero();
            }
        }
    }

    @Test
    void tensorBytesRoundTripThroughTheMapping() throws Exception {
        byte[] data = new byte[34 * 4];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 7);
        }
        Path path = dir.resolve("data.gguf");
        GgufWriter.create().addTensor("w", new long[] {32, 4}, GgmlType.Q8_0, data).write(path);
        try (GgufFile file = GgufFile.open(path)) {
            GgufTensorInfo w = file.tensor("w").orElseThrow();
            assertThat(w.shape()).containsExactly(32, 4);
            assertThat(w.byteSize()).isEqualTo(136);
            assertThat(file.tensorData(w).toArray(ValueLayout.JAVA_BYTE)).isEqualTo(data);
        }
    }

    @Test
    void streamedContentIsWrittenAndItsLengthChecked() {
        byte[] file = GgufWriter.create()
                .addTensor("w", new long[] {4}, GgmlType.F32, out -> out.write(floats(1, 2, 3, 4)))
                .toByteArray();
        try (GgufFile read = GgufSamples.read(file)) {
            assertThat(read.tensorData(read.tensors().getFirst()).toArray(ValueLayout.JAVA_FLOAT_UNALIGNED))
                    .containsExactly(1, 2, 3, 4);
        }
        GgufWriter short_ = GgufWriter.create().addTensor("w", new long[] {4}, GgmlType.F32, out -> out.write(1));
        assertThatThrownBy(short_::toByteArray).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("wrote 1 bytes, expected 16");
    }

    @Test
    void trailingUnitDimensionsAreDroppedAsGgmlNDimsDoes() {
        byte[] file = GgufWriter.create().addTensor("v", new long[] {8, 1, 1}, GgmlType.F32, new byte[32])
                .addTensor("m", new long[] {8, 1, 2}, GgmlType.F32, new byte[64]).toByteArray();
        try (GgufFile read = GgufSamples.read(file)) {
            assertThat(read.tensor("v").orElseThrow().shape()).containsExactly(8);
            assertThat(read.tensor("m").orElseThrow().shape()).containsExactly(8, 1, 2);
        }
    }

    @Test
    void rejectsTensorsLlamaCppCouldNotRead() {
        GgufWriter writer = GgufWriter.create();
        assertThatThrownBy(() -> writer.addTensor("w", new long[] {100}, GgmlType.Q4_K, out -> { }))
                .hasMessageContaining("block size 256");
        assertThatThrownBy(() -> writer.addTensor("x".repeat(64), new long[] {1}, GgmlType.F32, new byte[4]))
                .hasMessageContaining("limit is 63");
        assertThatThrownBy(() -> writer.addTensor("w", new long[] {2}, GgmlType.F32, new byte[7]))
                .hasMessageContaining("needs 8 bytes, got 7");
        writer.addTensor("w", new long[] {1}, GgmlType.F32, new byte[4]);
        assertThatThrownBy(() -> writer.addTensor("w", new long[] {1}, GgmlType.F32, new byte[4]))
                .hasMessageContaining("duplicate tensor name w");
        assertThatThrownBy(() -> writer.alignment(48)).hasMessageContaining("48");
    }

    @Test
    void aLargeVocabularyReadsBack() throws Exception {
        Path path = dir.resolve("vocab.gguf");
        GgufSamples.vocabulary(200_000).write(path);
        try (GgufFile file = GgufFile.open(path)) {
            String[] tokens = file.metadata().getStringArray("tokenizer.ggml.tokens");
            assertThat(tokens).hasSize(200_000);
            assertThat(tokens[199_999]).isEqualTo("tok199999");
            assertThat(file.metadata().getFloatArray("tokenizer.ggml.scores")[12345]).isEqualTo(-12345f);
        }
    }

    @Test
    void writesToAStreamWithoutClosingIt() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        GgufSamples.everyValueType().writeTo(out);
        out.write(0); // still open
        assertThat(out.size() - 1).isEqualTo(GgufSamples.everyValueType().toByteArray().length);
    }

    private static byte[] floats(float... values) {
        ByteBuffer buffer = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : values) {
            buffer.putFloat(value);
        }
        return buffer.array();
    }
}
