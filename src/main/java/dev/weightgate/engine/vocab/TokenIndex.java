package dev.weightgate.engine.vocab;

import java.util.Arrays;

/**
 * Token ids by text, looked up by a region of a char array, so the SentencePiece merge loop never builds
 * substrings. Open addressing; each slot keeps the text's hash next to the id, so a probe touches token text only
 * when the hashes agree, and all texts sit in one char pool. Immutable once built.
 */
final class TokenIndex {

    private static final long EMPTY = -1;

    private final char[] pool;
    private final int[] offsets;
    private final long[] slots;
    private final int mask;

    TokenIndex(Vocabulary vocabulary) {
        int size = vocabulary.size();
        offsets = new int[size + 1];
        StringBuilder texts = new StringBuilder();
        for (int id = 0; id < size; id++) {
            offsets[id] = texts.length();
            texts.append(vocabulary.text(id));
        }
        offsets[size] = texts.length();
        pool = texts.toString().toCharArray();
        int capacity = Integer.highestOneBit(Math.max(16, size * 2)) * 2;
        slots = new long[capacity];
        Arrays.fill(slots, EMPTY);
        mask = capacity - 1;
        for (int id = 0; id < size; id++) {
            int hash = hash(pool, offsets[id], offsets[id + 1]);
            int slot = hash & mask;
            while (slots[slot] != EMPTY) {
                slot = (slot + 1) & mask;
            }
            slots[slot] = ((long) hash << 32) | id;
        }
    }

    /** The id of the token whose text is {@code text[from, to)}, or {@link Vocabulary#NO_TOKEN}. */
    int find(char[] text, int from, int to) {
        int hash = hash(text, from, to);
        for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
            long entry = slots[slot];
            if (entry == EMPTY) {
                return Vocabulary.NO_TOKEN;
            }
            int id = (int) entry;
            if ((int) (entry >>> 32) == hash
                    && Arrays.equals(pool, offsets[id], offsets[id + 1], text, from, to)) {
                return id;
            }
        }
    }

    private static int hash(char[] text, int from, int to) {
        int h = 0;
        for (int i = from; i < to; i++) {
            h = 31 * h + text[i];
        }
        return h ^ (h >>> 15) ^ (h >>> 7);
    }
}
