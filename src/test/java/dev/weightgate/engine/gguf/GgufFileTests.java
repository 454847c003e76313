package dev.weightgate.engine.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weightgate.engine.tensor.GgmlType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GgufFileTests {

    @TempDir
    Path dir;

    @Test
    void closingTheFileUnmapsTensorData() throws Exception {
        Path path = dir.resolve("m.gguf");
        GgufSamples.withTensors(3, GgmlType.F32).write(path);
        GgufFile file = GgufFile.open(path);
        MemorySegment data = file.tensorData(file.tensors().getFirst());
        data.get(ValueLayout.JAVA_BYTE, 0);
        file.close();
        assertThatThrownBy(() -> data.get(ValueLayout.JAVA_BYTE, 0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void tensorsAreFoundByNameAndForeignInfosAreRefused() throws Exception {
        Path path = dir.resolve("m.gguf");
        GgufSamples.withTensors(3, GgmlType.F32, GgmlType.Q6_K).write(path);
        try (GgufFile file = GgufFile.open(path)) {
            assertThat(file.path()).isEqualTo(path);
            assertThat(file.tensors()).extracting(GgufTensorInfo::name)
                    .containsExactly("tensor.0.f32", "tensor.1.q6_k");
            GgufTensorInfo q6 = file.tensor("tensor.1.q6_k").orElseThrow();
            assertThat(q6.type()).isEqualTo(GgmlType.Q6_K);
            assertThat(q6.byteSize()).isEqualTo(2 * 210);
            assertThat(q6.rowBytes()).isEqualTo(210);
            assertThat(q6.elementCount()).isEqualTo(512);
            assertThat(q6.dim(3)).isEqualTo(1);
            assertThat(file.tensorData(q6).byteSize()).isEqualTo(420);
            assertThat(file.tensor("missing")).isEmpty();
            GgufTensorInfo forged = new GgufTensorInfo("tensor.1.q6_k", new long[] {256, 2}, GgmlType.Q6_K, 0, 420);
            assertThatThrownBy(() -> file.tensorData(forged)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aMissingFileIsAnIOException() {
        assertThatThrownBy(() -> GgufFile.open(dir.resolve("absent.gguf"))).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void anEmptyFileIsRejectedByName() throws Exception {
        Path path = Files.createFile(dir.resolve("empty.gguf"));
        assertThatThrownBy(() -> GgufFile.open(path)).isInstanceOf(GgufException.class).hasMessageContaining("empty");
    }

    @Nested
    class Metadata {

        private final GgufMetadata metadata = GgufSamples.read(GgufSamples.everyValueType().toByteArray()).metadata();

        @Test
        void getThrowsNamingTheMissingKeyAndFindAnswersEmpty() {
            assertThatThrownBy(() -> metadata.getString("llama.context_length"))
                    .isInstanceOf(GgufException.class).hasMessage("metadata key llama.context_length is missing");
            assertThat(metadata.findLong("llama.context_length")).isEmpty();
            assertThat(metadata.findString("nope")).isEmpty();
            assertThat(metadata.get("nope")).isNull();
            assertThat(metadata.has("test.u8")).isTrue();
        }

        @Test
        void wrongTypesAreErrorsEvenForFind() {
            assertThatThrownBy(() -> metadata.getString("test.u32"))
                    .hasMessage("metadata key test.u32 has type UINT32, expected a string");
            assertThatThrownBy(() -> metadata.findLong("test.f32")).hasMessageContaining("expected an integer");
            assertThatThrownBy(() -> metadata.getBoolean("test.u8")).hasMessageContaining("expected a bool");
            assertThatThrownBy(() -> metadata.getFloat("test.string")).hasMessageContaining("expected a float");
            assertThatThrownBy(() -> metadata.getStringArray("test.array.i32"))
                    .hasMessageContaining("array of INT32, expected an array of strings");
            assertThatThrownBy(() -> metadata.getIntArray("test.array.string")).hasMessageContaining("integers");
        }

        @Test
        void integersAreReadAtTheirWidthAndSignedness() {
            assertThat(metadata.typeOf("test.u8")).isEqualTo(GgufValueType.UINT8);
            assertThat(metadata.get("test.u8")).isEqualTo((byte) 200);
            assertThat(metadata.getLong("test.u8")).isEqualTo(200);
            assertThat(metadata.getInt("test.u16")).isEqualTo(60000);
            assertThatThrownBy(() -> metadata.getLong("test.u64")).hasMessageContaining("18446744073709551615");
            assertThatThrownBy(() -> metadata.getInt("test.u32")).hasMessageContaining("does not fit");
        }

        @Test
        void integerArraysOfAnyWidthBecomeInts() {
            assertThat(metadata.getIntArray("test.array.u8")).containsExactly(1, 255);
            assertThat(metadata.getIntArray("test.array.i8")).containsExactly(-1, 7);
            assertThat(metadata.getIntArray("test.array.u16")).containsExactly(65535);
            assertThat(metadata.getIntArray("test.array.i16")).containsExactly(-2, 3);
            assertThat(metadata.getIntArray("test.array.i32")).containsExactly(-5, 6);
            assertThatThrownBy(() -> metadata.getIntArray("test.array.u64"))
                    .hasMessage("metadata key test.array.u64: element 0 (1099511627776) does not fit in a 32-bit int");
        }

        @Test
        void floatArraysAcceptIntegersAndDoubles() {
            assertThat(metadata.getFloatArray("test.array.i32")).containsExactly(-5f, 6f);
            assertThat(metadata.getFloatArray("test.array.f64")).containsExactly(Float.POSITIVE_INFINITY);
            assertThat(metadata.getFloatArray("test.array.empty")).isEmpty();
        }

        @Test
        void arraysAreSummarizedForDisplay() {
            assertThat(metadata.display("test.array.string")).isEqualTo("STRING[3] [\"a\", \"\", \"ß\"]");
            assertThat(metadata.display("test.array.u32")).isEqualTo("UINT32[3] [0, 7, 4294967295]");
            assertThat(metadata.display("test.u64")).isEqualTo("18446744073709551615");
            assertThat(GgufArray.ofInt32(1, 2, 3, 4, 5, 6, 7).summary(3)).isEqualTo("INT32[7] [1, 2, 3, ...]");
        }

        @Test
        void isImmutable() {
            assertThatThrownBy(() -> metadata.keys().remove("test.u8")).isInstanceOf(UnsupportedOperationException.class);
            GgufArray array = metadata.getArray("test.array.f32");
            assertThatThrownBy(() -> array.values().clear()).isInstanceOf(UnsupportedOperationException.class);
            metadata.getFloatArray("test.array.f32")[0] = 99f;
            assertThat(metadata.getFloatArray("test.array.f32")[0]).isEqualTo(0.5f);
        }
    }
}
