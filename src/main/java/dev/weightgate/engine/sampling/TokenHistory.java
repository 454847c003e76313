package dev.weightgate.engine.sampling;

import java.util.Arrays;

/**
 * The accepted tokens the penalties look at: the last {@code window} of them (llama.cpp's {@code penalty_last_n}
 * ring buffer), with how often each distinct token occurs among them.
 *
 * <p>Counting is an open-addressing hash map from token id to count, so a penalty step costs O(distinct tokens in the
 * window), independent of the vocabulary size. Per request; not thread-safe.
 */
public final class TokenHistory {

    private static final int EMPTY = -1;

    private final int window;
    private final int[] ring;
    private int ringStart;
    private int ringSize;

    private int[] keys = emptyTable(16);
    private int[] counts = new int[16];
    private int distinct;

    /**
     * @param window how many of the most recent tokens count; 0 keeps nothing, -1 keeps every token
     */
    public TokenHistory(int window) {
        if (window < -1) {
            throw new IllegalArgumentException("window must be -1, 0 or positive, got " + window);
        }
        this.window = window;
        this.ring = window > 0 ? new int[window] : null;
    }

    /** Records an accepted token, forgetting the oldest one when the window is full. */
    public void accept(int token) {
        if (token < 0) {
            throw new IllegalArgumentException("token ids are non-negative, got " + token);
        }
        if (window == 0) {
            return;
        }
        if (ring != null) {
            if (ringSize == window) {
                decrement(ring[ringStart]);
                ring[ringStart] = token;
                ringStart = (ringStart + 1) % window;
            } else {
                ring[(ringStart + ringSize) % window] = token;
                ringSize++;
            }
        }
        increment(token);
    }

    /** Records tokens in order, for instance the prompt (llama.cpp's server does so before generating). */
    public void acceptAll(int[] tokens) {
        for (int token : tokens) {
            accept(token);
        }
    }

    /** How often the token occurs in the window. */
    public int count(int token) {
        int slot = find(token);
        return slot < 0 ? 0 : counts[slot];
    }

    /** How many distinct tokens the window holds. */
    public int distinctTokens() {
        return distinct;
    }

    /** Receives one distinct token of the window and its count. */
    @FunctionalInterface
    public interface CountConsumer {
        void accept(int token, int count);
    }

    /** Calls {@code action} for every distinct token in the window, in no particular order. */
    public void forEach(CountConsumer action) {
        for (int slot = 0; slot < keys.length; slot++) {
            if (keys[slot] != EMPTY) {
                action.accept(keys[slot], counts[slot]);
            }
        }
    }

    private int find(int token) {
        int mask = keys.length - 1;
        for (int slot = mix(token) & mask; ; slot = (slot + 1) & mask) {
            if (keys[slot] == token) {
                return slot;
            }
            if (keys[slot] == EMPTY) {
                return -1;
            }
        }
    }

    private void increment(int token) {
        if ((distinct + 1) * 2 > keys.length) {
            grow();
        }
        int mask = keys.length - 1;
        int slot = mix(token) & mask;
        while (keys[slot] != EMPTY && keys[slot] != token) {
            slot = (slot + 1) & mask;
        }
        if (keys[slot] == EMPTY) {
            keys[slot] = token;
            distinct++;
        }
        counts[slot]++;
    }

    private void decrement(int token) {
        int slot = find(token);
        if (--counts[slot] > 0) {
            return;
        }
        // Remove by shifting back later entries of the probe run, so lookups need no tombstones.
        int mask = keys.length - 1;
        int hole = slot;
        for (int next = (hole + 1) & mask; keys[next] != EMPTY; next = (next + 1) & mask) {
            int home = mix(keys[next]) & mask;
            boolean movable = hole <= next ? (home <= hole || home > next) : (home <= hole && home > next);
            if (movable) {
                keys[hole] = keys[next];
                counts[hole] = counts[next];
                hole = next;
            }
        }
        keys[hole] = EMPTY;
        counts[hole] = 0;
        distinct--;
    }

    private void grow() {
        int[] oldKeys = keys;
        int[] oldCounts = counts;
        keys = emptyTable(oldKeys.length * 2);
        counts = new int[oldKeys.length * 2];
        int mask = keys.length - 1;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != EMPTY) {
                int slot = mix(oldKeys[i]) & mask;
                while (keys[slot] != EMPTY) {
                    slot = (slot + 1) & mask;
                }
                keys[slot] = oldKeys[i];
                counts[slot] = oldCounts[i];
            }
        }
    }

    private static int[] emptyTable(int size) {
        int[] table = new int[size];
        Arrays.fill(table, EMPTY);
        return table;
    }

    private static int mix(int token) {
        int h = token * 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
