package dev.weightgate.engine.vocab;

import java.util.Arrays;

/**
 * The candidate merges of one encode call: a min-heap of longs, each the merge's priority (high half) and the
 * index of its left symbol (low half), so ties go to the leftmost pair as in llama.cpp.
 *
 * <p>An entry records nothing else. When it is popped, the tokenizer looks at the pair that now starts at that
 * symbol and merges it only if it still has the entry's priority; otherwise the entry is stale and dropped.
 * Whenever the pair at a symbol changes a fresh entry is pushed, and entries with equal keys pop one after the
 * other, so this gives the same merges as llama.cpp's check of the recorded pair, with an eighth of the memory
 * traffic on long inputs.
 */
final class MergeQueue {

    private long[] heap = new long[64];
    private int size;

    static long entry(int priority, int left) {
        return ((long) priority << 32) | (left & 0xFFFF_FFFFL);
    }

    static int priority(long entry) {
        return (int) (entry >> 32);
    }

    static int left(long entry) {
        return (int) entry;
    }

    void clear() {
        size = 0;
    }

    boolean isEmpty() {
        return size == 0;
    }

    void push(long entry) {
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (heap[parent] <= entry) {
                break;
            }
            heap[i] = heap[parent];
            i = parent;
        }
        heap[i] = entry;
    }

    long pop() {
        long top = heap[0];
        long last = heap[--size];
        int i = 0;
        while (true) {
            int child = 2 * i + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && heap[child + 1] < heap[child]) {
                child++;
            }
            if (last <= heap[child]) {
                break;
            }
            heap[i] = heap[child];
            i = child;
        }
        heap[i] = last;
        return top;
    }
}
