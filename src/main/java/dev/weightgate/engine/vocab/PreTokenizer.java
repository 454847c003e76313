package dev.weightgate.engine.vocab;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Splits text into the words byte-level BPE merges within, with the steps of one {@link PreTokenizerType}. */
final class PreTokenizer {

    /** Receives each word as UTF-8 bytes; the array is reused, so only {@code [0, length)} is the word. */
    @FunctionalInterface
    interface WordConsumer {
        void accept(byte[] utf8, int length);
    }

    private final List<SplitRule> rules;

    PreTokenizer(PreTokenizerType type) {
        this.rules = type.rules();
    }

    void forEachWord(String text, WordConsumer consumer) {
        SplitText split = new SplitText(text);
        IntList pieces = pieces(split);
        int[] codePoints = split.codePoints();
        byte[] buffer = new byte[64];
        int start = 0;
        for (int i = 0; i < pieces.size(); i++) {
            int end = start + pieces.get(i);
            if (buffer.length < (end - start) * 4) {
                buffer = new byte[(end - start) * 4];
            }
            int length = 0;
            for (int p = start; p < end; p++) {
                length += Utf8.encode(codePoints[p], buffer, length);
            }
            consumer.accept(buffer, length);
            start = end;
        }
    }

    /** The words as strings, for tests and tools. */
    List<String> split(String text) {
        List<String> words = new ArrayList<>();
        forEachWord(text, (utf8, length) -> words.add(new String(utf8, 0, length, StandardCharsets.UTF_8)));
        return words;
    }

    private IntList pieces(SplitText text) {
        IntList pieces = new IntList(4);
        if (text.length() > 0) {
            pieces.add(text.length());
        }
        for (SplitRule rule : rules) {
            pieces = rule.apply(text, pieces);
        }
        return pieces;
    }
}
