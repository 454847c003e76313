package dev.weightgate.engine.sampling;

import java.util.Arrays;

/**
 * The tokens still in the running while one token is sampled, llama.cpp's {@code llama_token_data_array}: the
 * working logits of the whole vocabulary (indexed by token id) and the ids of the candidates, {@code ids[0..size)}.
 *
 * <p>Once a stage has sorted them, the candidates are in descending logit order, ties broken by the lower id. Only
 * the stages that need an order sort, and only as far as they need: selecting the best k of V tokens goes through a
 * bounded heap, O(V log k), never a sort of the vocabulary.
 *
 * <p>Per request (it lives in a {@link SamplingState}); not thread-safe. Buffers are allocated once per request.
 */
public final class Candidates {

    final float[] logits;
    final int[] ids;
    int size;
    boolean sorted;

    /** Heap and sort scratch: one packed (logit, id) key per selected token. */
    private long[] keys = new long[64];
    private boolean selectionIsPrefix;

    Candidates(int vocabularySize) {
        logits = new float[vocabularySize];
        ids = new int[vocabularySize];
    }

    /** Starts a new token: every token of the vocabulary is a candidate, with the model's logits. */
    void reset(float[] modelLogits) {
        if (modelLogits.length != logits.length) {
            throw new IllegalArgumentException("expected " + logits.length + " logits (the vocabulary size), got "
                    + modelLogits.length);
        }
        System.arraycopy(modelLogits, 0, logits, 0, logits.length);
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i;
        }
        size = ids.length;
        sorted = false;
    }

    /** How many candidates remain. */
    public int size() {
        return size;
    }

    /** The id of the {@code index}-th candidate. */
    public int id(int index) {
        return ids[index];
    }

    /** The current (working) logit of the {@code index}-th candidate. */
    public float logit(int index) {
        return logits[ids[index]];
    }

    float maxLogit() {
        if (sorted) {
            return logits[ids[0]];
        }
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < size; i++) {
            max = Math.max(max, logits[ids[i]]);
        }
        return max;
    }

    /** The candidate with the highest logit, the lower id on ties. */
    int argmax() {
        if (sorted) {
            return ids[0];
        }
        int best = ids[0];
        float bestLogit = logits[best];
        for (int i = 1; i < size; i++) {
            int id = ids[i];
            float l = logits[id];
            if (l > bestLogit || (l == bestLogit && id < best)) {
                best = id;
                bestLogit = l;
            }
        }
        return best;
    }

    /**
     * Finds the best {@code m} candidates (all of them if fewer), in descending order, without changing the
     * candidates: read them with {@link #selected}, keep a prefix of them with {@link #keepSelected}. Already
     * sorted candidates need no work.
     *
     * @return how many were selected: {@code min(m, size)}
     */
    int selectTop(int m) {
        m = Math.min(m, size);
        selectionIsPrefix = sorted;
        if (sorted) {
            return m;
        }
        long[] heap = ensureKeys(m);
        if (m == size) {
            for (int i = 0; i < size; i++) {
                heap[i] = key(ids[i]);
            }
        } else {
            // A max-heap of the m smallest keys seen so far: its root is the worst of the best.
            int n = 0;
            for (int i = 0; i < size; i++) {
                long key = key(ids[i]);
                if (n < m) {
                    heap[n] = key;
                    siftUp(heap, n++);
                } else if (key < heap[0]) {
                    heap[0] = key;
                    siftDown(heap, 0, n);
                }
            }
        }
        Arrays.sort(heap, 0, m);
        return m;
    }

    /** The id of the {@code i}-th best candidate of the last {@link #selectTop}. */
    int selected(int i) {
        return selectionIsPrefix ? ids[i] : idOf(keys[i]);
    }

    /** Keeps the best {@code count} candidates of the last {@link #selectTop}, now sorted. */
    void keepSelected(int count) {
        if (!selectionIsPrefix) {
            for (int i = 0; i < count; i++) {
                ids[i] = idOf(keys[i]);
            }
        }
        size = count;
        sorted = true;
    }

    /** Sorts the candidates and keeps the best {@code m}. */
    void keepTop(int m) {
        keepSelected(selectTop(m));
    }

    /**
     * A key that orders tokens by descending logit, then ascending id: the logit's bits made monotonic as a signed
     * int and negated into the high word, the id in the low word.
     */
    long key(int id) {
        int bits = Float.floatToIntBits(logits[id]);
        int ordered = bits ^ ((bits >> 31) & 0x7fffffff);
        return ((long) ~ordered << 32) | id;
    }

    static int idOf(long key) {
        return (int) key;
    }

    /** Scratch space for at least {@code n} keys; its contents are overwritten by the next selection. */
    long[] scratchKeys(int n) {
        return ensureKeys(n);
    }

    private long[] ensureKeys(int n) {
        if (keys.length < n) {
            keys = new long[Math.max(n, keys.length * 2)];
        }
        return keys;
    }

    private static void siftUp(long[] heap, int i) {
        long key = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (heap[parent] >= key) {
                break;
            }
            heap[i] = heap[parent];
            i = parent;
        }
        heap[i] = key;
    }

    private static void siftDown(long[] heap, int i, int n) {
        long key = heap[i];
        while (true) {
            int child = 2 * i + 1;
            if (child >= n) {
                break;
            }
            if (child + 1 < n && heap[child + 1] > heap[child]) {
                child++;
            }
            if (heap[child] <= key) {
                break;
            }
            heap[i] = heap[child];
            i = child;
        }
        heap[i] = key;
    }
}
