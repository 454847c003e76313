package dev.weightgate.cli;

import dev.weightgate.engine.gguf.GgufException;
import dev.weightgate.engine.gguf.GgufFile;
import dev.weightgate.engine.vocab.Tokenizer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Prints the token ids a model's tokenizer gives a text, on one line, for comparison with llama.cpp. */
@Command(name = "tokenize",
        mixinStandardHelpOptions = true,
        description = "Print the token ids of a text with a GGUF file's tokenizer, separated by spaces.")
public final class TokenizeCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "FILE.gguf",
            description = "The GGUF file whose tokenizer.* keys define the tokenizer.")
    private Path model;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Input input;

    @Option(names = "--special",
            description = "Read the text of control tokens (such as <|im_start|>) as those tokens.")
    private boolean parseSpecial;

    @Option(names = "--add-special", description = "Add BOS/EOS where the vocabulary asks for them.")
    private boolean addSpecial;

    private static final class Input {
        @Option(names = "--text", required = true, paramLabel = "TEXT", description = "The text to tokenize.")
        private String text;

        @Option(names = "--text-file", required = true, paramLabel = "FILE",
                description = "A UTF-8 file to tokenize, every byte of it (a final newline included).")
        private Path textFile;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String text;
        try {
            text = input.text != null ? input.text
                    : new String(Files.readAllBytes(input.textFile), StandardCharsets.UTF_8);
        } catch (IOException e) {
            err.println("tokenize: cannot read " + input.textFile + ": " + e);
            return 1;
        }
        try (GgufFile file = GgufFile.open(model)) {
            int[] ids = Tokenizer.fromGguf(file).encode(text, addSpecial, parseSpecial);
            out.println(Arrays.stream(ids).mapToObj(Integer::toString).collect(Collectors.joining(" ")));
            out.flush();
            return 0;
        } catch (GgufException | IllegalArgumentException e) {
            err.println("tokenize: " + model + ": " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("tokenize: cannot read " + model + ": " + e);
            return 1;
        }
    }
}
