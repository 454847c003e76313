package dev.weightgate.engine.vocab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weightgate.engine.gguf.GgufFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * llama.cpp's tokenizer test vectors ({@code ../shared/conformance/tokenizer}): every input of every vocabulary
 * must encode to exactly the ids llama.cpp produced, with no BOS/EOS and special-token text read as plain text.
 */
@Tag("conformance")
class TokenizerConformanceTests {

    private static final String SEPARATOR = "\n__ggml_vocab_test__\n";

    private static Path vectorsDir() {
        String shared = System.getProperty("weightgate.shared.dir");
        assertThat(shared).as("system property weightgate.shared.dir (set by the conformance profile)").isNotNull();
        Path dir = Path.of(shared, "conformance", "tokenizer");
        assertThat(dir).isDirectory();
        return dir;
    }

    @TestFactory
    Stream<DynamicTest> everyVectorMatchesLlamaCpp() throws IOException {
        List<Path> vocabularies;
        try (Stream<Path> files = Files.list(vectorsDir())) {
            vocabularies = files.filter(p -> p.toString().endsWith(".gguf"))
                    .filter(p -> Files.exists(Path.of(p + ".inp")) && Files.exists(Path.of(p + ".out")))
                    .sorted().toList();
        }
        assertThat(vocabularies).as("vocabularies with vectors").isNotEmpty();
        return vocabularies.stream().map(path -> DynamicTest.dynamicTest(path.getFileName().toString(),
                () -> assertVectorsMatch(path)));
    }

    private static void assertVectorsMatch(Path vocabularyFile) throws IOException {
        String input = Files.readString(Path.of(vocabularyFile + ".inp"), StandardCharsets.UTF_8);
        List<String> expected = Files.readAllLines(Path.of(vocabularyFile + ".out"), StandardCharsets.UTF_8);
        List<String> texts = new ArrayList<>(Arrays.asList(input.split(SEPARATOR, -1)));
        assertThat(texts.removeLast()).as("text after the last separator").isEmpty();
        assertThat(texts).as("inputs of " + vocabularyFile.getFileName()).hasSize(expected.size());

        Tokenizer tokenizer;
        try (GgufFile file = GgufFile.open(vocabularyFile)) {
            tokenizer = Tokenizer.fromGguf(file);
        }
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            int[] ids = tokenizer.encode(texts.get(i), false, false);
            int[] want = parseIds(expected.get(i));
            if (!Arrays.equals(ids, want)) {
                failures.add("#" + i + " " + quote(texts.get(i)) + "\n    expected " + Arrays.toString(want)
                        + "\n    actual   " + Arrays.toString(ids));
            }
        }
        int passed = texts.size() - failures.size();
        assertTrue(failures.isEmpty(), () -> vocabularyFile.getFileName() + ": " + passed + "/" + texts.size()
                + " vectors matched\n  " + String.join("\n  ", failures));
    }

    @Test
    void vocabulariesWithoutVectorsLoadAndRoundTrip() throws IOException {
        String text = "Hello world!\n    def main():\n\treturn 42  # answer\n日本語 Привет 🦙 3.14159";
        for (String name : List.of("ggml-vocab-deepseek-coder.gguf", "ggml-vocab-refact.gguf")) {
            try (GgufFile file = GgufFile.open(vectorsDir().resolve(name))) {
                Tokenizer tokenizer = Tokenizer.fromGguf(file);
                int[] ids = tokenizer.encode(text, false, false);
                assertThat(ids).as(name).isNotEmpty();
                assertThat(tokenizer.decode(ids)).as(name).isEqualTo(text);
            }
        }
    }

    private static int[] parseIds(String line) {
        String trimmed = line.strip();
        return trimmed.isEmpty() ? new int[0] : Arrays.stream(trimmed.split(" ")).mapToInt(Integer::parseInt).toArray();
    }

    private static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        text.codePoints().forEach(cp -> {
            switch (cp) {
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                case '"' -> out.append("\\\"");
                default -> out.appendCodePoint(cp);
            }
        });
        return out.append('"').toString();
    }
}
