package dev.weightgate.engine.gguf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The vocabulary-only GGUF files llama.cpp ships for its tokenizer tests (shared/conformance/tokenizer). */
@Tag("conformance")
class GgufConformanceTests {

    static Stream<Path> vocabularyFiles() throws IOException {
        String shared = System.getProperty("weightgate.shared.dir");
        if (shared == null) {
            throw new IllegalStateException("conformance tests need -Dweightgate.shared.dir");
        }
        try (Stream<Path> files = Files.list(Path.of(shared, "conformance", "tokenizer"))) {
            List<Path> ggufs = files.filter(p -> p.toString().endsWith(".gguf")).sorted().toList();
            assertThat(ggufs).isNotEmpty();
            return ggufs.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("vocabularyFiles")
    void readsTheTokenizerTables(Path path) throws IOException {
        try (GgufFile file = GgufFile.open(path)) {
            GgufMetadata metadata = file.metadata();
            assertThat(file.version()).isEqualTo(3);
            assertThat(file.tensors()).isEmpty();
            assertThat(metadata.getString("tokenizer.ggml.model")).isIn("llama", "gpt2");
            String[] tokens = metadata.getStringArray("tokenizer.ggml.tokens");
            assertThat(tokens.length).isGreaterThan(1000);
            assertThat(metadata.getIntArray("tokenizer.ggml.token_type")).hasSize(tokens.length);
            metadata.findLong("tokenizer.ggml.bos_token_id")
                    .ifPresent(bos -> assertThat(bos).isBetween(0L, (long) tokens.length - 1));
        }
    }

    /**
     * Re-writing a file's metadata reproduces its bytes exactly, up to the final zero padding: these files come from
     * gguf-py, which omits the padding when there are no tensors, while our writer pads as gguf.cpp does.
     */
    @ParameterizedTest
    @MethodSource("vocabularyFiles")
    void rewritingTheMetadataReproducesTheFile(Path path) throws IOException {
        byte[] original = Files.readAllBytes(path);
        byte[] rewritten;
        try (GgufFile file = GgufFile.open(path)) {
            rewritten = GgufWriter.create().putAll(file.metadata()).toByteArray();
            assertThat(rewritten.length).isEqualTo(file.dataOffset());
        }
        assertThat(Arrays.copyOf(rewritten, original.length)).isEqualTo(original);
        for (int i = original.length; i < rewritten.length; i++) {
            assertThat(rewritten[i]).isZero();
        }
    }
}
