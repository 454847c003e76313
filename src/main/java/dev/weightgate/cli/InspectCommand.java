package dev.weightgate.cli;

import dev.weightgate.engine.gguf.GgufArray;
import dev.weightgate.engine.gguf.GgufException;
import dev.weightgate.engine.gguf.GgufFile;
import dev.weightgate.engine.gguf.GgufKeys;
import dev.weightgate.engine.gguf.GgufMetadata;
import dev.weightgate.engine.gguf.GgufTensorInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Prints what a GGUF file contains: header, metadata (arrays summarized) and the tensor table. */
@Command(name = "inspect",
        mixinStandardHelpOptions = true,
        description = "Print a GGUF file's version, metadata and tensor table.")
public final class InspectCommand implements Callable<Integer> {

    /** Longer strings (chat templates, licences) are cut so one key stays on one line. */
    private static final int MAX_VALUE_CHARS = 160;

    @Spec
    private CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "FILE.gguf", description = "The GGUF file to inspect.")
    private Path model;

    @Option(names = "--array-items", defaultValue = "5", paramLabel = "N",
            description = "How many elements of each array to show (default: ${DEFAULT-VALUE}).")
    private int arrayItems;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (GgufFile file = GgufFile.open(model)) {
            printHeader(out, file);
            printMetadata(out, file.metadata());
            printTensors(out, file);
            out.flush();
            return 0;
        } catch (GgufException e) {
            // the message already names the file
            spec.commandLine().getErr().println("inspect: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            spec.commandLine().getErr().println("inspect: cannot read " + model + ": " + e);
            return 1;
        }
    }

    private static void printHeader(PrintWriter out, GgufFile file) {
        out.printf("file:          %s (%,d bytes)%n", file.path(), file.fileSize());
        out.printf("GGUF version:  %d%n", file.version());
        out.printf("architecture:  %s%n", file.metadata().findString(GgufKeys.GENERAL_ARCHITECTURE).orElse("(none)"));
        if (file.tensors().isEmpty()) {
            out.printf("alignment:     %d%n", file.alignment());
        } else {
            out.printf("alignment:     %d (tensor data starts at byte %,d)%n", file.alignment(), file.dataOffset());
        }
    }

    private void printMetadata(PrintWriter out, GgufMetadata metadata) {
        out.printf("%nmetadata (%d keys):%n", metadata.size());
        int keyWidth = metadata.keys().stream().mapToInt(String::length).max().orElse(0);
        for (String key : metadata.keys()) {
            String value = metadata.get(key) instanceof GgufArray array
                    ? array.summary(arrayItems)
                    : metadata.display(key);
            out.printf("  %-" + keyWidth + "s  %-7s  %s%n", key, metadata.typeOf(key), abbreviate(value));
        }
    }

    private static void printTensors(PrintWriter out, GgufFile file) {
        long total = file.tensors().stream().mapToLong(GgufTensorInfo::byteSize).sum();
        out.printf("%ntensors (%d, %,d bytes):%n", file.tensors().size(), total);
        if (file.tensors().isEmpty()) {
            return;
        }
        int nameWidth = file.tensors().stream().mapToInt(t -> t.name().length()).max().orElse(4);
        String row = "  %-" + nameWidth + "s  %-6s  %-22s  %14s  %14s%n";
        out.printf(row, "name", "type", "shape", "offset", "bytes");
        for (GgufTensorInfo tensor : file.tensors()) {
            out.printf(row, tensor.name(), tensor.type(), Arrays.toString(tensor.shape()),
                    String.format("%,d", tensor.offset()), String.format("%,d", tensor.byteSize()));
        }
    }

    private static String abbreviate(String value) {
        String oneLine = value.replace("\n", "\\n");
        return oneLine.length() <= MAX_VALUE_CHARS
                ? oneLine
                : oneLine.substring(0, MAX_VALUE_CHARS) + "... (" + oneLine.length() + " chars)";
    }
}
