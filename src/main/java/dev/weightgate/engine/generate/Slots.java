package dev.weightgate.engine.generate;

import dev.weightgate.engine.model.Model;
import dev.weightgate.engine.model.Session;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The sequences one model can run at once, and the queue in front of them. A request takes a slot for its whole
 * generation; requests that find every slot taken wait in arrival order (a fair semaphore), up to a limit, beyond
 * which they are refused at once rather than left to time out.
 *
 * <p>A slot keeps its KV cache between requests. A new request takes the free slot whose cached tokens share the
 * longest prefix with its prompt and skips recomputing that prefix, which makes the next turn of a conversation
 * start quickly (llama.cpp's server picks slots by the same similarity).
 */
public final class Slots implements AutoCloseable {

    private final Model model;
    private final int contextLength;
    private final int maxQueued;
    private final Semaphore permits;
    private final AtomicInteger waiting = new AtomicInteger();
    private final List<Slot> free = new ArrayList<>();
    private final int size;

    /**
     * @param slots         sequences generated at once (their matrix products take turns on the model's threads)
     * @param contextLength positions each slot's KV cache holds
     * @param maxQueued     requests that may wait for a slot; more are refused with {@link ModelBusyException}
     */
    public Slots(Model model, int slots, int contextLength, int maxQueued) {
        if (slots <= 0) {
            throw new IllegalArgumentException("a model needs at least one slot, got " + slots);
        }
        if (contextLength <= 1) {
            throw new IllegalArgumentException("the context must hold at least 2 positions, got " + contextLength);
        }
        if (maxQueued < 0) {
            throw new IllegalArgumentException("the queue limit must not be negative, got " + maxQueued);
        }
        this.model = model;
        this.contextLength = contextLength;
        this.maxQueued = maxQueued;
        this.permits = new Semaphore(slots, true);
        this.size = slots;
        for (int i = 0; i < slots; i++) {
            free.add(new Slot(i));
        }
    }

    public int contextLength() {
        return contextLength;
    }

    public int size() {
        return size;
    }

    /** Requests waiting for a slot right now. */
    public int queued() {
        return waiting.get();
    }

    /** Slots generating right now. */
    public int busy() {
        return size - permits.availablePermits();
    }

    /**
     * Takes the free slot best suited to {@code prompt}, waiting up to {@code maxWait} in line.
     *
     * @throws ModelBusyException if the queue is full or the wait ran out
     * @throws InterruptedException if the waiting thread is interrupted
     */
    public Slot acquire(int[] prompt, Duration maxWait) throws InterruptedException {
        // tryAcquire() without a timeout would barge past the requests already waiting; with one it keeps their turn.
        if (!permits.tryAcquire(0, TimeUnit.NANOSECONDS)) {
            if (waiting.incrementAndGet() > maxQueued) {
                waiting.decrementAndGet();
                throw new ModelBusyException("The model is busy: " + size + " requests are generating and "
                        + maxQueued + " are waiting. Retry shortly.");
            }
            try {
                if (!permits.tryAcquire(maxWait.toNanos(), TimeUnit.NANOSECONDS)) {
                    throw new ModelBusyException("The model is busy: no slot became free within " + maxWait.toSeconds()
                            + " s. Retry shortly.");
                }
            } finally {
                waiting.decrementAndGet();
            }
        }
        synchronized (free) {
            Slot best = free.getFirst();
            int bestShared = -1;
            for (Slot slot : free) {
                int shared = slot.sharedPrefix(prompt);
                if (shared > bestShared) {
                    best = slot;
                    bestShared = shared;
                }
            }
            free.remove(best);
            best.taken = true;
            return best;
        }
    }

    private void release(Slot slot) {
        synchronized (free) {
            if (!slot.taken) {
                return;
            }
            slot.taken = false;
            free.add(slot);
        }
        permits.release();
    }

    @Override
    public void close() {
        synchronized (free) {
            for (Slot slot : free) {
                slot.dropSession();
            }
        }
    }

    /** One sequence's KV cache, held by one request at a time. */
    public final class Slot implements AutoCloseable {

        private final int index;
        private Session session;
        private int[] cached = new int[0];
        private boolean taken;

        private Slot(int index) {
            this.index = index;
        }

        public int index() {
            return index;
        }

        /** The slot's session, created on first use (its cache grows as positions are used). */
        Session session() {
            if (session == null) {
                session = model.newSession(contextLength);
            }
            return session;
        }

        /**
         * How many leading tokens of {@code prompt} are already in the cache and can be kept; always leaves at least
         * the last prompt token to run, whose logits start the generation.
         */
        int sharedPrefix(int[] prompt) {
            int limit = Math.min(Math.min(cached.length, prompt.length - 1), session == null ? 0 : session.length());
            int n = 0;
            while (n < limit && cached[n] == prompt[n]) {
                n++;
            }
            // A sliding-window model cannot go back far in its cache; it then runs the whole prompt again.
            return n > 0 && !session.canResumeAt(n, prompt.length - n) ? 0 : n;
        }

        /** Records which tokens the cache holds, for the next request's prefix. */
        void remember(int[] tokens, int length) {
            cached = Arrays.copyOf(tokens, length);
        }

        /** Forgets the cache's contents (after a failure midway through a forward pass). */
        void forget() {
            cached = new int[0];
        }

        private void dropSession() {
            if (session != null) {
                session.close();
                session = null;
            }
            cached = new int[0];
        }

        /** Gives the slot back; idempotent. */
        @Override
        public void close() {
            release(this);
        }
    }
}
