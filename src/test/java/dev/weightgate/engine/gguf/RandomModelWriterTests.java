package dev.weightgate.engine.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weightgate.engine.tensor.GgmlType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RandomModelWriterTests {

    private static final GgufMetadata VOCABULARY = GgufSamples.vocabulary(300).metadata();

    @TempDir
    Path dir;

    private static RandomModelSpec spec(String arch, GgmlType type, long seed) {
        return new RandomModelSpec(arch, 64, 2, 4, 2, 96, 512, type, seed);
    }

    @Test
    void aLlamaModelHasLlamaCppsKeysTensorNamesShapesAndTypes() throws Exception {
        Path path = dir.resolve("llama.gguf");
        RandomModelWriter.write(spec("llama", GgmlType.Q8_0, 1), VOCABULARY, path);
        try (GgufFile file = GgufFile.open(path)) {
            GgufMetadata m = file.metadata();
            assertThat(m.getString("general.architecture")).isEqualTo("llama");
            assertThat(m.getString("general.name")).contains("random-weight");
            assertThat(m.getLong("general.file_type")).isEqualTo(7); // LLAMA_FTYPE_MOSTLY_Q8_0
            assertThat(m.getLong("llama.context_length")).isEqualTo(512);
            assertThat(m.getLong("llama.embedding_length")).isEqualTo(64);
            assertThat(m.getLong("llama.block_count")).isEqualTo(2);
            assertThat(m.getLong("llama.feed_forward_length")).isEqualTo(96);
            assertThat(m.getLong("llama.attention.head_count")).isEqualTo(4);
            assertThat(m.getLong("llama.attention.head_count_kv")).isEqualTo(2);
            assertThat(m.getLong("llama.rope.dimension_count")).isEqualTo(16);
            assertThat(m.getFloat("llama.attention.layer_norm_rms_epsilon")).isEqualTo(1e-5f);
            assertThat(m.getFloat("llama.rope.freq_base")).isEqualTo(10_000f);
            for (String key : VOCABULARY.keys()) {
                if (key.startsWith("tokenizer.")) {
                    assertThat(m.typeOf(key)).as(key).isEqualTo(VOCABULARY.typeOf(key));
                    assertThat(m.get(key)).as(key).isEqualTo(VOCABULARY.get(key));
                }
            }

            List<String> expectedNames = new ArrayList<>(List.of("token_embd.weight", "output_norm.weight",
                    "output.weight"));
            for (int layer = 0; layer < 2; layer++) {
                for (String part : List.of("attn_norm", "attn_q", "attn_k", "attn_v", "attn_output", "ffn_norm",
                        "ffn_gate", "ffn_up", "ffn_down")) {
                    expectedNames.add("blk." + layer + "." + part + ".weight");
                }
            }
            assertThat(file.tensors()).extracting(GgufTensorInfo::name).containsExactlyElementsOf(expectedNames);

            assertTensor(file, "token_embd.weight", GgmlType.Q8_0, 64, 300);
            assertTensor(file, "output.weight", GgmlType.Q8_0, 64, 300);
            assertTensor(file, "output_norm.weight", GgmlType.F32, 64);
            assertTensor(file, "blk.1.attn_q.weight", GgmlType.Q8_0, 64, 64);
            assertTensor(file, "blk.1.attn_k.weight", GgmlType.Q8_0, 64, 32);
            assertTensor(file, "blk.1.attn_v.weight", GgmlType.Q8_0, 64, 32);
            assertTensor(file, "blk.1.attn_output.weight", GgmlType.Q8_0, 64, 64);
            assertTensor(file, "blk.1.ffn_gate.weight", GgmlType.Q8_0, 64, 96);
            assertTensor(file, "blk.1.ffn_up.weight", GgmlType.Q8_0, 64, 96);
            assertTensor(file, "blk.1.ffn_down.weight", GgmlType.Q8_0, 96, 64);
            assertTensor(file, "blk.1.ffn_norm.weight", GgmlType.F32, 64);
        }
    }

    @Test
    void weightsAreSmallAndNormsNearOne() throws Exception {
        Path path = dir.resolve("llama.gguf");
        RandomModelWriter.write(spec("llama", GgmlType.Q4_0, 1), VOCABULARY, path);
        try (GgufFile file = GgufFile.open(path)) {
            float[] embedding = decode(file, "token_embd.weight");
            double squares = 0;
            for (float v : embedding) {
                assertThat(Float.isFinite(v)).isTrue();
                squares += v * v;
            }
            assertThat(Math.sqrt(squares / embedding.length)).isBetween(0.015, 0.025);
            for (float v : decode(file, "blk.0.attn_norm.weight")) {
                assertThat(v).isBetween(0.5f, 1.5f);
            }
        }
    }

    @Test
    void qwen2AddsAttentionBiases() throws Exception {
        Path path = dir.resolve("qwen2.gguf");
        RandomModelWriter.write(spec("qwen2", GgmlType.F16, 1), VOCABULARY, path);
        try (GgufFile file = GgufFile.open(path)) {
            assertThat(file.metadata().getLong("qwen2.block_count")).isEqualTo(2);
            assertThat(file.metadata().getFloat("qwen2.rope.freq_base")).isEqualTo(1_000_000f);
            assertTensor(file, "blk.0.attn_q.bias", GgmlType.F32, 64);
            assertTensor(file, "blk.0.attn_k.bias", GgmlType.F32, 32);
            assertTensor(file, "blk.0.attn_v.bias", GgmlType.F32, 32);
            assertThat(file.tensor("blk.0.attn_q_norm.weight")).isEmpty();
        }
    }

    @Test
    void qwen3AddsPerHeadQueryAndKeyNorms() throws Exception {
        Path path = dir.resolve("qwen3.gguf");
        RandomModelWriter.write(spec("qwen3", GgmlType.BF16, 1), VOCABULARY, path);
        try (GgufFile file = GgufFile.open(path)) {
            assertThat(file.metadata().getLong("qwen3.attention.key_length")).isEqualTo(16);
            assertThat(file.metadata().getLong("qwen3.attention.value_length")).isEqualTo(16);
            assertTensor(file, "blk.1.attn_q_norm.weight", GgmlType.F32, 16);
            assertTensor(file, "blk.1.attn_k_norm.weight", GgmlType.F32, 16);
            assertThat(file.tensor("blk.0.attn_q.bias")).isEmpty();
        }
    }

    @Test
    void theQ4KMMixFollowsLlamaQuantize() throws Exception {
        // 16 layers: use_more_bits picks 0, 1, 4, 7, 10, 13, 14 and 15
        RandomModelSpec spec = new RandomModelSpec("llama", 256, 16, 4, 2, 256, 512, GgmlType.Q4_K, 1)
                .withMix(RandomModelSpec.TypeMix.Q4_K_M);
        Path path = dir.resolve("q4km.gguf");
        RandomModelWriter.write(spec, VOCABULARY, path);
        try (GgufFile file = GgufFile.open(path)) {
            assertThat(file.metadata().getLong("general.file_type")).isEqualTo(15);
            assertTensor(file, "output.weight", GgmlType.Q6_K, 256, 300);
            assertTensor(file, "token_embd.weight", GgmlType.Q4_K, 256, 300);
            List<Integer> q6 = List.of(0, 1, 4, 7, 10, 13, 14, 15);
            for (int layer = 0; layer < 16; layer++) {
                GgmlType expected = q6.contains(layer) ? GgmlType.Q6_K : GgmlType.Q4_K;
                assertTensor(file, "blk." + layer + ".attn_v.weight", expected, 256, 128);
                assertTensor(file, "blk." + layer + ".ffn_down.weight", expected, 256, 256);
                assertTensor(file, "blk." + layer + ".attn_q.weight", GgmlType.Q4_K, 256, 256);
                assertTensor(file, "blk." + layer + ".ffn_up.weight", GgmlType.Q4_K, 256, 256);
            }
        }
    }

    @Test
    void tiedEmbeddingsLeaveOutTheLmHeadAndAHeadWidthCanBeSet() throws Exception {
        RandomModelSpec spec = spec("qwen3", GgmlType.F32, 1).withTiedEmbeddings(true).withHeadDimension(32);
        Path path = dir.resolve("tied.gguf");
        RandomModelWriter.write(spec, VOCABULARY, path);
        try (GgufFile file = GgufFile.open(path)) {
            assertThat(file.tensor("output.weight")).isEmpty();
            assertThat(file.metadata().getLong("qwen3.attention.key_length")).isEqualTo(32);
            assertThat(file.metadata().getLong("qwen3.rope.dimension_count")).isEqualTo(32);
            assertTensor(file, "blk.0.attn_q.weight", GgmlType.F32, 64, 128);
            assertTensor(file, "blk.0.attn_k.weight", GgmlType.F32, 64, 64);
            assertTensor(file, "blk.0.attn_output.weight", GgmlType.F32, 128, 64);
            assertTensor(file, "blk.0.attn_q_norm.weight", GgmlType.F32, 32);
        }
    }

    @Test
    void theSeedMakesTheFileReproducible() throws Exception {
        Path first = dir.resolve("a.gguf");
        Path second = dir.resolve("b.gguf");
        Path other = dir.resolve("c.gguf");
        RandomModelWriter.write(spec("llama", GgmlType.Q8_0, 42), VOCABULARY, first);
        RandomModelWriter.write(spec("llama", GgmlType.Q8_0, 42), VOCABULARY, second);
        RandomModelWriter.write(spec("llama", GgmlType.Q8_0, 43), VOCABULARY, other);
        assertThat(Files.readAllBytes(first)).isEqualTo(Files.readAllBytes(second));
        assertThat(Files.readAllBytes(first)).isNotEqualTo(Files.readAllBytes(other));
    }

    @Test
    void shapesThatCannotHoldWholeBlocksAreRefusedUpFront() {
        assertThatThrownBy(() -> spec("llama", GgmlType.Q4_K, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("row length 64 is not a multiple of the Q4_K block size 256");
        assertThatThrownBy(() -> new RandomModelSpec("llama", 64, 2, 5, 5, 96, 512, GgmlType.F32, 1))
                .hasMessage("dim 64 is not a multiple of heads 5");
        assertThatThrownBy(() -> new RandomModelSpec("llama", 64, 2, 4, 3, 96, 512, GgmlType.F32, 1))
                .hasMessage("heads 4 is not a multiple of kv-heads 3");
        assertThatThrownBy(() -> new RandomModelSpec("gemma3", 64, 2, 4, 4, 96, 512, GgmlType.F32, 1))
                .hasMessageContaining("architecture gemma3 is not one of");
        assertThatThrownBy(() -> RandomModelWriter.writer(spec("llama", GgmlType.F32, 1), GgufMetadata.empty()))
                .hasMessageContaining("tokenizer.ggml.tokens is missing");
    }

    private static void assertTensor(GgufFile file, String name, GgmlType type, long... shape) {
        GgufTensorInfo tensor = file.tensor(name).orElseThrow(() -> new AssertionError("no tensor " + name));
        assertThat(tensor.type()).as(name).isEqualTo(type);
        assertThat(tensor.shape()).as(name).containsExactly(shape);
    }

    private static float[] decode(GgufFile file, String name) {
        GgufTensorInfo tensor = file.tensor(name).orElseThrow();
        float[] values = new float[Math.toIntExact(tensor.elementCount())];
        tensor.type().dequantize(file.tensorData(tensor), 0, values, 0, values.length);
        return values;
    }
}
