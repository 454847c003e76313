package dev.weightgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weightgate.engine.gguf.RandomModelSpec;
import dev.weightgate.engine.model.TestModels;
import dev.weightgate.engine.tensor.GgmlType;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The shape of bench's output on a tiny model (speed itself is never asserted in tests). */
class BenchCommandTests {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = new CommandLine(new BenchCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void printsOneJsonLineWithBothSpeedsAndTheHeap() {
        Path model = TestModels.write(dir, TestModels.small("qwen2", GgmlType.Q8_0, 3));
        int code = run("--model", model.toString(), "--threads", "2", "--prompt-tokens", "6", "--gen-tokens", "3",
                "--repetitions", "3", "--warmup", "0");
        assertThat(code).as(err.toString()).isZero();
        String line = out.toString().strip();
        assertThat(line.lines()).hasSize(1);
        assertThat(line).startsWith("{").endsWith("}")
                .contains("\"architecture\":\"qwen2\"", "\"type\":\"Q8_0\"", "\"threads\":2",
                        "\"prompt_tokens\":6", "\"gen_tokens\":3", "\"repetitions\":3", "\"context\":9")
                .containsPattern("\"prefill_tokens_per_s\":[0-9.]+,")
                .containsPattern("\"decode_tokens_per_s\":[0-9.]+,")
                .containsPattern("\"decode_runs\":\\[[0-9.]+,[0-9.]+,[0-9.]+]")
                .containsPattern("\"peak_heap_bytes\":[1-9][0-9]*,");
    }

    @Test
    void aMixtureOfExpertsModelIsLabelledByItsFileType() {
        // gpt-oss layers have no dense gate, which the type label used to read
        Path model = TestModels.write(dir, new RandomModelSpec("gpt-oss", 64, 2, 4, 2, 64, 1024, GgmlType.Q8_0, 5,
                16, RandomModelSpec.TypeMix.UNIFORM, false, new RandomModelSpec.GptOss(8, 2, 4, GgmlType.MXFP4)));
        int code = run("--model", model.toString(), "--threads", "2", "--prompt-tokens", "6", "--gen-tokens", "3",
                "--repetitions", "1", "--warmup", "0");
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("\"architecture\":\"gpt-oss\"", "\"type\":\"MXFP4_MOE\"");
    }

    @Test
    void aContextSmallerThanTheRunIsRefused() {
        Path model = TestModels.write(dir, TestModels.small("llama", GgmlType.F32, 3));
        int code = run("--model", model.toString(), "--prompt-tokens", "6", "--gen-tokens", "3", "--context", "8");
        assertThat(code).isNotZero();
        assertThat(err.toString()).contains("--context 8 is smaller than the 9");
    }
}
