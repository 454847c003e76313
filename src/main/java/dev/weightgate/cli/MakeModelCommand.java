package dev.weightgate.cli;

import dev.weightgate.engine.chat.GptOssVocabulary;
import dev.weightgate.engine.gguf.GgufException;
import dev.weightgate.engine.gguf.GgufFile;
import dev.weightgate.engine.gguf.GgufMetadata;
import dev.weightgate.engine.gguf.RandomModelSpec;
import dev.weightgate.engine.gguf.RandomModelWriter;
import dev.weightgate.engine.tensor.GgmlType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Writes a random-weight model with a real tokenizer, for tests and demos that need no downloaded weights. */
@Command(name = "make-model",
        mixinStandardHelpOptions = true,
        description = {"Write a random-weight GGUF model (llama, qwen2, qwen3 or gpt-oss layout) with a real tokenizer: "
                + "the tokenizer.* keys of another GGUF file (--vocab-from), or a built-in vocabulary (--vocab).",
            "--vocab o200k-harmony is gpt-oss's vocabulary as llama.cpp's converter writes it (201,088 tokens: "
                + "o200k_base's ranks and merges, harmony's special tokens, pre-tokenizer gpt-4o, bos <|startoftext|>, "
                + "eos <|return|>, gpt-oss's chat template); it adds about 13 MB of metadata before the "
                + "embeddings. Example: make-model --arch gpt-oss --vocab o200k-harmony --out tiny-oss.gguf --dim 64 "
                + "--layers 2 --heads 4 --kv-heads 2 --head-dim 16 --ffn 64 --experts 4 --experts-used 2"})
public final class MakeModelCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "FILE.gguf", description = "Where to write the model.")
    private Path out;

    @Option(names = "--arch", defaultValue = "llama", paramLabel = "ARCH",
            description = "llama, qwen2, qwen3 or gpt-oss (default: ${DEFAULT-VALUE}).")
    private String architecture;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private VocabularySource vocabulary;

    /** Where the tokenizer comes from: exactly one of the two. */
    static final class VocabularySource {

        @Option(names = "--vocab-from", paramLabel = "VOCAB.gguf",
                description = "GGUF file whose tokenizer.* keys are copied.")
        Path file;

        @Option(names = "--vocab", paramLabel = "NAME",
                description = "Built-in vocabulary: ${COMPLETION-CANDIDATES} (gpt-oss's).")
        BuiltInVocabulary builtIn;
    }

    /** Vocabularies make-model can write without a GGUF file to copy from. */
    enum BuiltInVocabulary {
        O200K_HARMONY("o200k-harmony");

        private final String cliName;

        BuiltInVocabulary(String cliName) {
            this.cliName = cliName;
        }

        @Override
        public String toString() {
            return cliName;
        }
    }

    @Option(names = "--dim", required = true, paramLabel = "N", description = "Embedding length.")
    private int dim;

    @Option(names = "--layers", required = true, paramLabel = "N", description = "Number of blocks.")
    private int layers;

    @Option(names = "--heads", required = true, paramLabel = "N", description = "Attention heads.")
    private int heads;

    @Option(names = "--kv-heads", paramLabel = "N", description = "Key/value heads (default: --heads).")
    private Integer kvHeads;

    @Option(names = "--ffn", required = true, paramLabel = "N",
            description = "Feed-forward length (gpt-oss: of each expert).")
    private int ffn;

    @Option(names = "--type", defaultValue = "Q8_0", paramLabel = "TYPE",
            description = "Type of the weight matrices, e.g. F32, F16, BF16, Q8_0, Q4_0, Q4_K, Q6_K, MXFP4, or "
                    + "Q4_K_M for llama.cpp's Q4_K/Q6_K mix (default: ${DEFAULT-VALUE}).")
    private String type;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "N", description = "Random seed (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--head-dim", defaultValue = "0", paramLabel = "N",
            description = "Per-head width of Q, K and V (default: dim / heads).")
    private int headDim;

    @Option(names = "--tied-embeddings", description = "Leave out output.weight: the token embeddings are the LM head.")
    private boolean tiedEmbeddings;

    @Option(names = "--context", defaultValue = "2048", paramLabel = "N",
            description = "Training context length to record (default: ${DEFAULT-VALUE}).")
    private int context;

    @Option(names = "--experts", defaultValue = "32", paramLabel = "N",
            description = "gpt-oss: experts per layer (default: ${DEFAULT-VALUE}).")
    private int experts;

    @Option(names = "--experts-used", defaultValue = "4", paramLabel = "N",
            description = "gpt-oss: experts each token is routed to (default: ${DEFAULT-VALUE}).")
    private int expertsUsed;

    @Option(names = "--sliding-window", defaultValue = "128", paramLabel = "N",
            description = "gpt-oss: tokens the sliding-window (even) layers attend to (default: ${DEFAULT-VALUE}).")
    private int slidingWindow;

    @Option(names = "--expert-type", defaultValue = "MXFP4", paramLabel = "TYPE",
            description = "gpt-oss: type of the expert matrices (default: ${DEFAULT-VALUE}); --type sets the rest.")
    private String expertType;

    @Override
    public Integer call() {
        RandomModelSpec model = modelSpec();
        try {
            RandomModelWriter.write(model, vocabularyMetadata(), out);
            spec.commandLine().getOut().printf("wrote %s: %s, %d layers, dim %d, %s, %,d bytes%n",
                    out, model.architecture(), model.blockCount(), model.embeddingLength(),
                    model.mix() == RandomModelSpec.TypeMix.Q4_K_M ? "Q4_K_M" : model.type(),
                    Files.size(out));
            return 0;
        } catch (GgufException e) {
            spec.commandLine().getErr().println("make-model: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            spec.commandLine().getErr().println("make-model: " + e);
            return 1;
        }
    }

    private GgufMetadata vocabularyMetadata() throws IOException {
        if (vocabulary.builtIn != null) {
            return switch (vocabulary.builtIn) {
                case O200K_HARMONY -> GptOssVocabulary.metadata();
            };
        }
        try (GgufFile vocab = GgufFile.open(vocabulary.file)) {
            return vocab.metadata();
        }
    }

    private RandomModelSpec modelSpec() {
        boolean q4km = type.equalsIgnoreCase("Q4_K_M");
        GgmlType matrixType = q4km ? GgmlType.Q4_K : parseType(type, "--type");
        try {
            RandomModelSpec.GptOss gptOss = architecture.equals("gpt-oss")
                    ? new RandomModelSpec.GptOss(experts, expertsUsed, slidingWindow, parseType(expertType,
                            "--expert-type"))
                    : null;
            return new RandomModelSpec(architecture, dim, layers, heads, kvHeads == null ? heads : kvHeads, ffn,
                    context, matrixType, seed, headDim,
                    q4km ? RandomModelSpec.TypeMix.Q4_K_M : RandomModelSpec.TypeMix.UNIFORM, tiedEmbeddings, gptOss);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private GgmlType parseType(String type, String option) {
        try {
            GgmlType parsed = GgmlType.valueOf(type.toUpperCase(Locale.ROOT));
            if (parsed.isSupported()) {
                return parsed;
            }
        } catch (IllegalArgumentException ignored) {
            // reported below with the list of choices
        }
        throw new ParameterException(spec.commandLine(), option + " " + type + " is not one of "
                + Arrays.stream(GgmlType.values()).filter(GgmlType::isSupported).map(Enum::name).toList());
    }
}
