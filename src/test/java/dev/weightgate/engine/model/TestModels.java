package dev.weightgate.engine.model;

import dev.weightgate.engine.gguf.GgufArray;
import dev.weightgate.engine.gguf.GgufKeys;
import dev.weightgate.engine.gguf.GgufMetadata;
import dev.weightgate.engine.gguf.RandomModelSpec;
import dev.weightgate.engine.gguf.RandomModelWriter;
import dev.weightgate.engine.tensor.GgmlType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Tiny random-weight models written with make-model's writer, for forward-pass tests. */
public final class TestModels {

    /** Tokens in the synthetic vocabulary. */
    public static final int VOCAB = 300;

    private TestModels() {
    }

    /** A synthetic SentencePiece-style vocabulary of {@link #VOCAB} tokens. */
    public static GgufMetadata vocabulary() {
        String[] tokens = new String[VOCAB];
        for (int i = 0; i < VOCAB; i++) {
            tokens[i] = "tok" + i;
        }
        return GgufMetadata.builder()
                .putString(GgufKeys.TOKENIZER_MODEL, "llama")
                .putArray(GgufKeys.TOKENIZER_TOKENS, GgufArray.ofStrings(tokens))
                .build();
    }

    /** Small enough for fast tests, large enough for two K-quant super-blocks per FFN row: dim 256, 2 layers. */
    public static RandomModelSpec small(String architecture, GgmlType type, long seed) {
        return new RandomModelSpec(architecture, 256, 2, 4, 2, 512, 1024, type, seed);
    }

    /** Writes the model into {@code dir} and returns its path. */
    public static Path write(Path dir, RandomModelSpec spec) {
        Path path = dir.resolve(spec.architecture() + "-" + spec.type() + "-" + spec.mix() + "-" + spec.seed()
                + (spec.tiedEmbeddings() ? "-tied" : "") + "-hd" + spec.headDim() + ".gguf");
        try {
            RandomModelWriter.write(spec, vocabulary(), path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return path;
    }
}
