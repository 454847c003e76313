package dev.weightgate.engine.vocab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.weightgate.engine.chat.GptOssVocabulary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Our byte-level BPE with the o200k pre-tokenizer against JTokkit's o200k_base (a Java port of tiktoken): the
 * vocabulary is built from the ranks JTokkit ships, laid out as make-model writes it into GGUF files (merges
 * derived from the ranks), and every text of a varied corpus must encode to exactly JTokkit's ids.
 */
class O200kAgainstJtokkitTests {

    private static Encoding jtokkit;
    private static Tokenizer tokenizer;

    @BeforeAll
    static void loadBoth() {
        jtokkit = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
        tokenizer = Tokenizer.of(TiktokenVocabularies.fromRanks(readRanks(), "gpt-4o"));
    }

    @Test
    void encodesTheCorpusExactlyAsJtokkit() {
        List<String> corpus = new ArrayList<>(O200kCorpus.handWritten());
        corpus.addAll(O200kCorpus.generated(new Random(20261128), 400));
        List<String> failures = new ArrayList<>();
        long tokens = 0;
        for (String text : corpus) {
            int[] expected = jtokkit.encodeOrdinary(text).toArray();
            int[] actual = tokenizer.encode(text, false, false);
            tokens += expected.length;
            if (!Arrays.equals(expected, actual)) {
                failures.add(O200kCorpus.quote(text) + "\n    jtokkit " + Arrays.toString(expected)
                        + "\n    ours    " + Arrays.toString(actual));
            }
        }
        int passed = corpus.size() - failures.size();
        long total = tokens;
        List<String> shown = failures.subList(0, Math.min(20, failures.size()));
        assertTrue(failures.isEmpty(), () -> passed + "/" + corpus.size() + " texts (" + total
                + " tokens) matched JTokkit\n  " + String.join("\n  ", shown));
    }

    @Test
    void decodesBackToTheText() {
        for (String text : O200kCorpus.handWritten()) {
            assertThat(tokenizer.decode(tokenizer.encode(text, false, false))).isEqualTo(text);
        }
    }

    /** o200k_base's ranks, from the tiktoken file in the JTokkit jar. */
    static byte[][] readRanks() {
        return GptOssVocabulary.o200kBaseRanks();
    }
}
