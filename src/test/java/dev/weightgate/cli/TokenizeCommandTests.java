package dev.weightgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weightgate.engine.gguf.GgufArray;
import dev.weightgate.engine.gguf.GgufKeys;
import dev.weightgate.engine.gguf.GgufWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TokenizeCommandTests {

    /** Byte-level vocabulary: ids 0..255 are the bytes, then "<|bos|>" (256), "<|ctl|>" (257), "Ġhi" (258). */
    private static final int BOS = 256;
    private static final int CONTROL = 257;
    private static final int SPACE_HI = 258;

    @TempDir
    Path dir;

    private Path model;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void writeVocabulary() throws IOException {
        List<String> tokens = new ArrayList<>();
        int[] types = new int[259];
        for (int b = 0; b < 256; b++) {
            tokens.add(String.valueOf(byteLevelChar(b)));
            types[b] = 1;
        }
        tokens.addAll(List.of("<|bos|>", "<|ctl|>", "\u0120hi"));
        types[BOS] = 3;
        types[CONTROL] = 3;
        types[SPACE_HI] = 1;
        model = dir.resolve("vocab.gguf");
        GgufWriter.create()
                .putString(GgufKeys.GENERAL_ARCHITECTURE, "llama")
                .putString(GgufKeys.TOKENIZER_MODEL, "gpt2")
                .putString(GgufKeys.TOKENIZER_PRE, "llama-bpe")
                .putArray(GgufKeys.TOKENIZER_TOKENS, GgufArray.ofStrings(tokens))
                .putArray(GgufKeys.TOKENIZER_TOKEN_TYPE, GgufArray.ofInt32(types))
                .putArray(GgufKeys.TOKENIZER_MERGES, GgufArray.ofStrings("\u0120 h", "\u0120h i"))
                .putUint32(GgufKeys.TOKENIZER_BOS_ID, BOS)
                .write(model);
    }

    private int run(String... args) {
        CommandLine command = new CommandLine(new TokenizeCommand());
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        return command.execute(args);
    }

    @Test
    void printsTheIdsOnOneLine() {
        int exit = run("--model", model.toString(), "--text", "a hi");

        assertThat(exit).isZero();
        assertThat(out.toString()).isEqualTo("97 258" + System.lineSeparator());
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void specialTokenTextIsPlainTextUnlessAskedFor() {
        run("--model", model.toString(), "--text", "<|ctl|>");
        String plain = out.toString().strip();
        out.getBuffer().setLength(0);
        run("--model", model.toString(), "--text", "<|ctl|>", "--special");

        assertThat(plain.split(" ")).hasSize("<|ctl|>".length());
        assertThat(out.toString().strip()).isEqualTo("257");
    }

    @Test
    void addsBosOnlyWhenAsked() {
        run("--model", model.toString(), "--text", "a", "--add-special");

        assertThat(out.toString().strip()).isEqualTo("256 97");
    }

    @Test
    void readsEveryByteOfATextFileIncludingTheLastNewline() throws IOException {
        Path text = dir.resolve("text.txt");
        Files.write(text, "hi \u00E9\n".getBytes(StandardCharsets.UTF_8));

        run("--model", model.toString(), "--text-file", text.toString());

        assertThat(out.toString().strip()).isEqualTo("104 105 32 195 169 10");
    }

    @Test
    void emptyTextPrintsAnEmptyLine() {
        assertThat(run("--model", model.toString(), "--text", "")).isZero();
        assertThat(out.toString()).isEqualTo(System.lineSeparator());
    }

    @Test
    void aFileThatIsNotGgufIsReportedOnStderr() throws IOException {
        Path notGguf = Files.writeString(dir.resolve("x.gguf"), "not a gguf file");

        assertThat(run("--model", notGguf.toString(), "--text", "a")).isEqualTo(1);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).startsWith("tokenize: ");
    }

    @Test
    void textAndTextFileExcludeEachOther() {
        assertThat(run("--model", model.toString(), "--text", "a", "--text-file", "b")).isNotZero();
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void isRegisteredAsASubcommand() {
        assertThat(Cli.handles(new String[] {"tokenize", "--help"})).isTrue();
    }

    /** GPT-2's byte-to-character table (duplicated here so the test reads the file as a user would). */
    private static char byteLevelChar(int b) {
        boolean printable = (b >= 0x21 && b <= 0x7E) || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
        if (printable) {
            return (char) b;
        }
        int n = 0;
        for (int i = 0; i < b; i++) {
            boolean p = (i >= 0x21 && i <= 0x7E) || (i >= 0xA1 && i <= 0xAC) || (i >= 0xAE && i <= 0xFF);
            if (!p) {
                n++;
            }
        }
        return (char) (0x100 + n);
    }
}
