package dev.weightgate.engine.sampling;

import java.util.ArrayList;
import java.util.List;

/**
 * Log-probabilities for OpenAI's {@code logprobs} and {@code top_logprobs}: the log-softmax of a logit vector for the
 * chosen token and for the most likely alternatives.
 *
 * <p>Which logits: pass the model's raw logits, before logit bias, penalties, filters and temperature. That is what
 * llama.cpp's server reports by default (probabilities from the raw logits) and what OpenAI describes as the model's
 * log-probabilities; a token removed by top-k still has its model log-probability.
 *
 * <p>Numerically stable: {@code log p_i = l_i - (m + log sum_j exp(l_j - m))} with m the largest logit, summed in
 * double. O(V) plus O(V log n) to find the n best; nothing sorts the vocabulary.
 */
public final class Logprobs {

    /** OpenAI's upper bound for {@code top_logprobs}. */
    public static final int MAX_TOP_LOGPROBS = 20;

    private Logprobs() {
    }

    /** The chosen token's entry and the {@code top} most likely tokens, most likely first. */
    public record Result(TokenLogprob chosen, List<TokenLogprob> top) {
        public Result {
            top = List.copyOf(top);
        }
    }

    /**
     * @param logits raw logits, one per vocabulary token (not modified)
     * @param chosen the sampled token
     * @param top    how many alternatives, 0 to {@link #MAX_TOP_LOGPROBS}
     */
    public static Result of(float[] logits, int chosen, int top) {
        if (chosen < 0 || chosen >= logits.length) {
            throw new IllegalArgumentException("token " + chosen + " is outside the " + logits.length
                    + " logits");
        }
        if (top < 0 || top > MAX_TOP_LOGPROBS) {
            throw new IllegalArgumentException("top_logprobs must be between 0 and " + MAX_TOP_LOGPROBS + ", got "
                    + top);
        }
        double logNormalizer = logSumExp(logits);
        TokenLogprob chosenEntry = new TokenLogprob(chosen, logits[chosen] - logNormalizer);
        List<TokenLogprob> best = new ArrayList<>(top);
        for (int id : topIds(logits, top)) {
            best.add(new TokenLogprob(id, logits[id] - logNormalizer));
        }
        return new Result(chosenEntry, best);
    }

    /** {@code log sum_i exp(logits[i])}, computed without overflow. */
    public static double logSumExp(float[] logits) {
        float max = Float.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        if (max == Float.NEGATIVE_INFINITY || Float.isNaN(max)) {
            throw new IllegalArgumentException("logits have no finite maximum: " + max);
        }
        double sum = 0;
        for (float l : logits) {
            sum += Math.exp((double) l - max);
        }
        return max + Math.log(sum);
    }

    /** The ids of the n highest logits, highest first, lower id first on ties: O(V log n). */
    static int[] topIds(float[] logits, int n) {
        n = Math.min(n, logits.length);
        if (n == 0) {
            return new int[0];
        }
        int[] heapIds = new int[n];
        int size = 0;
        // A heap whose root is the worst of the best n so far.
        for (int id = 0; id < logits.length; id++) {
            if (size < n) {
                heapIds[size] = id;
                siftUp(logits, heapIds, size++);
            } else if (better(logits, id, heapIds[0])) {
                heapIds[0] = id;
                siftDown(logits, heapIds, size);
            }
        }
        // Pop the worst repeatedly into the back of the array.
        int[] sorted = new int[size];
        for (int i = size - 1; i >= 0; i--) {
            sorted[i] = heapIds[0];
            heapIds[0] = heapIds[i];
            siftDown(logits, heapIds, i);
        }
        return sorted;
    }

    private static boolean better(float[] logits, int a, int b) {
        return logits[a] > logits[b] || (logits[a] == logits[b] && a < b);
    }

    private static void siftUp(float[] logits, int[] heap, int i) {
        int id = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!better(logits, heap[parent], id)) {
                break;
            }
            heap[i] = heap[parent];
            i = parent;
        }
        heap[i] = id;
    }

    private static void siftDown(float[] logits, int[] heap, int n) {
        if (n == 0) {
            return;
        }
        int i = 0;
        int id = heap[0];
        while (true) {
            int child = 2 * i + 1;
            if (child >= n) {
                break;
            }
            if (child + 1 < n && better(logits, heap[child], heap[child + 1])) {
                child++;
            }
            if (!better(logits, id, heap[child])) {
                break;
            }
            heap[i] = heap[child];
            i = child;
        }
        heap[i] = id;
    }
}
