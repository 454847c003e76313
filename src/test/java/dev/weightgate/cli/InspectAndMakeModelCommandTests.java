package dev.weightgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weightgate.engine.chat.ChatTemplates;
import dev.weightgate.engine.gguf.GgufArray;
import dev.weightgate.engine.gguf.GgufFile;
import dev.weightgate.engine.gguf.GgufKeys;
import dev.weightgate.engine.gguf.GgufWriter;
import dev.weightgate.engine.tensor.GgmlType;
import dev.weightgate.engine.vocab.GgufVocabularyReader;
import dev.weightgate.engine.vocab.Tokenizer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code make-model} writes a loadable random-weight model with the vocabulary it was given; {@code inspect} shows it. */
class InspectAndMakeModelCommandTests {

    @TempDir
    Path dir;

    Path vocab;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    @BeforeEach
    void writeVocabulary() throws IOException {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            tokens.add("t" + i);
        }
        vocab = dir.resolve("vocab.gguf");
        GgufWriter.create()
                .putString(GgufKeys.GENERAL_ARCHITECTURE, "llama")
                .putString(GgufKeys.TOKENIZER_MODEL, "gpt2")
                .putString(GgufKeys.TOKENIZER_PRE, "llama-bpe")
                .putArray(GgufKeys.TOKENIZER_TOKENS, GgufArray.ofStrings(tokens))
                .putArray(GgufKeys.TOKENIZER_MERGES, GgufArray.ofStrings("t 1"))
                .write(vocab);
    }

    int run(Object command, String... args) {
        CommandLine line = new CommandLine(command);
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        return line.execute(args);
    }

    @Test
    void makeModelWritesALlamaShapedModelWithTheGivenVocabulary() throws IOException {
        Path model = dir.resolve("tiny.gguf");
        int exit = run(new MakeModelCommand(), "--out", model.toString(), "--arch", "llama", "--vocab-from", vocab.toString(),
                "--dim", "64", "--layers", "2", "--heads", "4", "--kv-heads", "2", "--ffn", "128", "--type", "Q8_0",
                "--seed", "7");
        assertThat(exit).as(err.toString()).isZero();

        try (GgufFile gguf = GgufFile.open(model)) {
            assertThat(gguf.metadata().getString(GgufKeys.GENERAL_ARCHITECTURE)).isEqualTo("llama");
            assertThat(gguf.metadata().getLong("llama.block_count")).isEqualTo(2);
            assertThat(gguf.metadata().getLong("llama.embedding_length")).isEqualTo(64);
            assertThat(gguf.metadata().getLong("llama.attention.head_count_kv")).isEqualTo(2);
            assertThat(gguf.metadata().getStringArray(GgufKeys.TOKENIZER_TOKENS)).hasSize(300);
            assertThat(gguf.tensor("blk.1.attn_q.weight")).hasValueSatisfying(t -> {
                assertThat(t.type()).isEqualTo(GgmlType.Q8_0);
                assertThat(t.shape()).containsExactly(64, 64);
            });
            assertThat(gguf.tensor("blk.0.attn_k.weight")).hasValueSatisfying(
                    t -> assertThat(t.shape()).containsExactly(64, 32));
            assertThat(gguf.tensor("token_embd.weight")).hasValueSatisfying(
                    t -> assertThat(t.shape()).containsExactly(64, 300));
            assertThat(gguf.tensor("output_norm.weight")).hasValueSatisfying(
                    t -> assertThat(t.type()).isEqualTo(GgmlType.F32));
        }
    }

    @Test
    void makeModelWritesAGptOssModelWithLlamaCppsKeysTensorNamesAndTypes() throws IOException {
        Path model = dir.resolve("oss.gguf");
        int exit = run(new MakeModelCommand(), "--out", model.toString(), "--arch", "gpt-oss", "--vocab-from",
                vocab.toString(), "--dim", "64", "--layers", "2", "--heads", "4", "--kv-heads", "2", "--head-dim", "16",
                "--ffn", "96", "--experts", "8", "--experts-used", "2", "--sliding-window", "16", "--type", "F16");
        assertThat(exit).as(err.toString()).isZero();

        try (GgufFile gguf = GgufFile.open(model)) {
            var m = gguf.metadata();
            assertThat(m.getString(GgufKeys.GENERAL_ARCHITECTURE)).isEqualTo("gpt-oss");
            assertThat(m.getLong(GgufKeys.GENERAL_FILE_TYPE)).isEqualTo(38); // MXFP4_MOE
            assertThat(m.getLong("gpt-oss.expert_count")).isEqualTo(8);
            assertThat(m.getLong("gpt-oss.expert_used_count")).isEqualTo(2);
            assertThat(m.getLong("gpt-oss.expert_feed_forward_length")).isEqualTo(96);
            assertThat(m.getLong("gpt-oss.attention.sliding_window")).isEqualTo(16);
            assertThat(m.getLong("gpt-oss.attention.key_length")).isEqualTo(16);
            assertThat(m.getString("gpt-oss.rope.scaling.type")).isEqualTo("yarn");
            assertThat(m.getLong("gpt-oss.rope.scaling.original_context_length")).isEqualTo(4096);
            assertThat(gguf.tensor("blk.1.ffn_gate_exps.weight")).hasValueSatisfying(t -> {
                assertThat(t.type()).isEqualTo(GgmlType.MXFP4);
                assertThat(t.shape()).containsExactly(64, 96, 8);
            });
            assertThat(gguf.tensor("blk.1.ffn_down_exps.weight")).hasValueSatisfying(
                    t -> assertThat(t.shape()).containsExactly(96, 64, 8));
            assertThat(gguf.tensor("blk.1.ffn_down_exps.bias")).hasValueSatisfying(t -> {
                assertThat(t.type()).isEqualTo(GgmlType.F32);
                assertThat(t.shape()).containsExactly(64, 8);
            });
            assertThat(gguf.tensor("blk.0.ffn_gate_inp.weight")).hasValueSatisfying(
                    t -> assertThat(t.type()).isEqualTo(GgmlType.F32));
            assertThat(gguf.tensor("blk.0.attn_sinks.weight")).hasValueSatisfying(
                    t -> assertThat(t.shape()).containsExactly(4));
            assertThat(gguf.tensor("blk.0.attn_output.weight")).hasValueSatisfying(t -> {
                assertThat(t.type()).isEqualTo(GgmlType.F16);
                assertThat(t.shape()).containsExactly(64, 64);
            });
            assertThat(gguf.tensor("blk.0.post_attention_norm.weight")).isPresent();
            assertThat(gguf.tensor("blk.0.ffn_norm.weight")).isEmpty();
            assertThat(gguf.tensor("output.weight")).isPresent();
        }
    }

    @Test
    void makeModelWritesAGptOssModelWithTheBuiltInO200kHarmonyVocabulary() throws IOException {
        Path model = dir.resolve("oss-o200k.gguf");
        int exit = run(new MakeModelCommand(), "--out", model.toString(), "--arch", "gpt-oss", "--vocab",
                "o200k-harmony", "--dim", "32", "--layers", "1", "--heads", "2", "--kv-heads", "1", "--head-dim", "16",
                "--ffn", "32", "--experts", "2", "--experts-used", "1", "--type", "Q8_0");
        assertThat(exit).as(err.toString()).isZero();

        try (GgufFile gguf = GgufFile.open(model)) {
            var m = gguf.metadata();
            assertThat(m.getLong("gpt-oss.vocab_size")).isEqualTo(201_088);
            assertThat(m.getString(GgufKeys.TOKENIZER_PRE)).isEqualTo("gpt-4o");
            assertThat(m.getLong(GgufKeys.TOKENIZER_BOS_ID)).isEqualTo(199_998);
            assertThat(m.getLong(GgufKeys.TOKENIZER_EOS_ID)).isEqualTo(200_002);
            assertThat(m.getLong(GgufKeys.TOKENIZER_PAD_ID)).isEqualTo(199_999);
            assertThat(gguf.tensor("token_embd.weight")).hasValueSatisfying(
                    t -> assertThat(t.shape()).containsExactly(32, 201_088));
            assertThat(gguf.tensor("output.weight")).hasValueSatisfying(
                    t -> assertThat(t.shape()).containsExactly(32, 201_088));
            Tokenizer tokenizer = Tokenizer.of(GgufVocabularyReader.read(m));
            assertThat(tokenizer.encode("<|start|>assistant<|channel|>final<|message|>Hi<|return|>", false, true))
                    .startsWith(200_006).contains(200_005, 200_008).endsWith(200_002);
            assertThat(ChatTemplates.forModel(m).match()).isEqualTo(ChatTemplates.Match.EXACT);
        }
    }

    @Test
    void makeModelTakesExactlyOneVocabularySource() {
        String[] shape = {"--dim", "64", "--layers", "1", "--heads", "4", "--ffn", "64"};
        assertThat(run(new MakeModelCommand(), concat(shape, "--out", dir.resolve("a.gguf").toString()))).isNotZero();
        assertThat(err.toString()).contains("--vocab-from", "--vocab");
        assertThat(run(new MakeModelCommand(), concat(shape, "--out", dir.resolve("b.gguf").toString(), "--vocab",
                "o200k-harmony", "--vocab-from", vocab.toString()))).isNotZero();
        assertThat(err.toString()).contains("mutually exclusive");
        assertThat(run(new MakeModelCommand(), concat(shape, "--out", dir.resolve("c.gguf").toString(), "--vocab",
                "cl100k"))).isNotZero();
        assertThat(err.toString()).contains("o200k-harmony");
        assertThat(dir.resolve("a.gguf")).doesNotExist();
        assertThat(dir.resolve("b.gguf")).doesNotExist();
        assertThat(dir.resolve("c.gguf")).doesNotExist();
    }

    private static String[] concat(String[] first, String... rest) {
        String[] all = Arrays.copyOf(first, first.length + rest.length);
        System.arraycopy(rest, 0, all, first.length, rest.length);
        return all;
    }

    @Test
    void theSameSeedWritesTheSameFile() throws IOException {
        Path first = dir.resolve("a.gguf");
        Path second = dir.resolve("b.gguf");
        for (Path model : List.of(first, second)) {
            assertThat(run(new MakeModelCommand(), "--out", model.toString(), "--vocab-from", vocab.toString(), "--dim", "32",
                    "--layers", "1", "--heads", "2", "--ffn", "64", "--seed", "3")).isZero();
        }
        assertThat(Files.mismatch(first, second)).isEqualTo(-1);
    }

    @Test
    void inspectShowsTheArchitectureMetadataAndTensors() {
        Path model = dir.resolve("shown.gguf");
        run(new MakeModelCommand(), "--out", model.toString(), "--vocab-from", vocab.toString(), "--dim", "32",
                "--layers", "1", "--heads", "2", "--ffn", "64", "--type", "F16");
        out.getBuffer().setLength(0);

        int exit = run(new InspectCommand(), "--model", model.toString());

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString()).contains("llama").contains("llama.block_count").contains("tokenizer.ggml.tokens")
                .contains("blk.0.attn_q.weight").contains("F16");
    }

    @Test
    void inspectRefusesADamagedFileWithAMessage() throws IOException {
        Path damaged = dir.resolve("damaged.gguf");
        Files.write(damaged, new byte[] {'G', 'G', 'U', 'X', 3, 0, 0, 0});
        int exit = run(new InspectCommand(), "--model", damaged.toString());
        assertThat(exit).isNotZero();
        assertThat(err.toString()).containsIgnoringCase("magic");
    }
}
