package dev.weightgate.engine.vocab;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** Long inputs and concurrent use. */
class TokenizerRobustnessTests {

    private static final int MEGABYTE = 1 << 20;

    /** Merges that build runs of 'a' and of spaces, so long runs exercise the merge queue. */
    private static final TestVocabularies.BpeBuilder RUNS = TestVocabularies.byteLevel(
            "a a", "aa aa", "aaaa aaaa", "Ġ Ġ", "ĠĠ ĠĠ", "Ġ a");

    private static final Tokenizer SPM = TestVocabularies.sentencePiece(
            " ", "a", "aa=-1", "aaaa=-2", "aaaaaaaa=-3", "  =-1", " a=-0.5").tokenizer();

    @Test
    void aMegabyteOfOneLetterIsOneLongWordMergedToTheLongestTokens() {
        int[] ids = RUNS.tokenizer().encode("a".repeat(MEGABYTE), false, false);

        assertThat(ids).hasSize(MEGABYTE / 8).containsOnly(RUNS.id("aaaaaaaa"));
    }

    @Test
    void aMegabyteOfWhitespaceAndMixedTextTokenizes() {
        // qwen2 decodes without llama.cpp's space clean-up, so decoding gives the text back exactly.
        Tokenizer bpe = RUNS.preTokenizer("qwen2").tokenizer();
        String spaces = " ".repeat(MEGABYTE) + "a";
        StringBuilder mixed = new StringBuilder();
        while (mixed.length() < MEGABYTE) {
            mixed.append(String.join("\n", O200kCorpus.handWritten()));
        }

        assertThat(bpe.decode(bpe.encode(spaces, false, false)).equals(spaces)).isTrue();
        assertThat(bpe.decode(bpe.encode(mixed.toString(), false, false)).contentEquals(mixed)).isTrue();
    }

    @Test
    void aMegabyteWithoutSpacesIsOneSentencePieceSegment() {
        String text = "a".repeat(MEGABYTE);
        int[] ids = SPM.encode(text, false, false);

        // "▁a" first (the best score), then the remaining letters in ever longer runs, with one leftover of each size.
        assertThat(ids.length).isEqualTo(1 + (MEGABYTE / 8 - 1) + 3);
        assertThat(SPM.decode(ids).equals(text)).isTrue();
    }

    @Test
    void oneTokenizerServesManyThreadsAtOnce() throws InterruptedException {
        Tokenizer tokenizer = TestVocabularies.byteLevel("Ġ t", "h e", "Ġt he").preTokenizer("gpt-4o").tokenizer();
        List<String> texts = O200kCorpus.handWritten();
        List<int[]> expected = texts.stream().map(t -> tokenizer.encode(t, false, false)).toList();
        int threads = 8;
        CountDownLatch start = new CountDownLatch(1);
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                    for (int round = 0; round < 20; round++) {
                        for (int i = 0; i < texts.size(); i++) {
                            assertThat(tokenizer.encode(texts.get(i), false, false)).isEqualTo(expected.get(i));
                            assertThat(tokenizer.decode(expected.get(i))).isEqualTo(texts.get(i));
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        start.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        assertThat(failures).isEmpty();
    }
}
