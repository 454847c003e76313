package dev.weightgate.engine.vocab;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The merge rules of a byte-level BPE vocabulary as a hash table over symbol ids: each rule "left right" maps the
 * pair to its rank (its line number) and to the symbol the merge produces.
 *
 * <p>Symbols are identified by their text. A text that is a token has the token's id; texts that only occur inside
 * merge rules get ids after the last token, so merging never builds strings.
 */
final class BpeMerges {

    static final long ABSENT = -1;

    private final Vocabulary vocabulary;
    private final List<String> extraTexts = new ArrayList<>();
    private final Map<String, Integer> extraIds = new HashMap<>();
    private final int[] symbolOfByte = new int[256];
    private long[] keys;
    private long[] values;
    private int mask;

    BpeMerges(Vocabulary vocabulary) {
        this.vocabulary = vocabulary;
        List<String> merges = vocabulary.merges();
        int capacity = Integer.highestOneBit(Math.max(16, merges.size() * 2)) * 2;
        keys = new long[capacity];
        values = new long[capacity];
        Arrays.fill(keys, ABSENT);
        mask = capacity - 1;
        for (int rank = 0; rank < merges.size(); rank++) {
            String merge = merges.get(rank);
            // llama.cpp splits at the first space after the first character.
            int space = merge.indexOf(' ', 1);
            if (space < 0) {
                continue;
            }
            String left = merge.substring(0, space);
            String right = merge.substring(space + 1);
            long key = pairKey(symbolOf(left), symbolOf(right));
            if (find(key) < 0) {
                insert(key, ((long) rank << 32) | symbolOf(left + right));
            }
        }
        for (int b = 0; b < 256; b++) {
            String text = String.valueOf(ByteLevelAlphabet.charOf(b));
            int token = vocabulary.idOf(text);
            symbolOfByte[b] = token != Vocabulary.NO_TOKEN ? token : extraIds.getOrDefault(text, -1);
        }
    }

    /** The symbol of a single byte, or -1 when no token or rule mentions it. */
    int symbolOfByte(int unsignedByte) {
        return symbolOfByte[unsignedByte];
    }

    /**
     * The rule joining two symbols, rank in the high half and merged symbol in the low half, or {@link #ABSENT}
     * when no rule joins them (or either is a byte no rule mentions).
     */
    long merge(int left, int right) {
        if (left < 0 || right < 0) {
            return ABSENT;
        }
        int slot = find(pairKey(left, right));
        return slot < 0 ? ABSENT : values[slot];
    }

    static int rank(long merge) {
        return (int) (merge >>> 32);
    }

    static int result(long merge) {
        return (int) merge;
    }

    boolean isToken(int symbol) {
        return symbol >= 0 && symbol < vocabulary.size();
    }

    private int symbolOf(String text) {
        int token = vocabulary.idOf(text);
        if (token != Vocabulary.NO_TOKEN) {
            return token;
        }
        return extraIds.computeIfAbsent(text, key -> {
            extraTexts.add(key);
            return vocabulary.size() + extraTexts.size() - 1;
        });
    }

    private static long pairKey(int left, int right) {
        return ((long) left << 32) | (right & 0xFFFF_FFFFL);
    }

    private int find(long key) {
        for (int slot = slot(key); ; slot = (slot + 1) & mask) {
            if (keys[slot] == key) {
                return slot;
            }
            if (keys[slot] == ABSENT) {
                return -1;
            }
        }
    }

    private void insert(long key, long value) {
        int slot = slot(key);
        while (keys[slot] != ABSENT) {
            slot = (slot + 1) & mask;
        }
        keys[slot] = key;
        values[slot] = value;
    }

    private int slot(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 29)) & mask;
    }
}
