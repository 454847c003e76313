package dev.weightgate.engine.kernel;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed set of long-lived platform threads that split loops by index range, for the engine's kernels.
 *
 * <p>The calling thread takes part in every loop, so a pool of {@code n} threads starts {@code n - 1} workers;
 * {@link #singleThreaded()} starts none and runs every loop inline (for tests and for callers that parallelise
 * elsewhere). Work is handed out in chunks from a shared counter, and the caller waits only for chunks that were
 * claimed, never for a worker to show up: on a machine shared with other processes a descheduled or parked worker
 * simply takes no part in a loop instead of holding it up. Tasks must write disjoint outputs per index; everything a
 * task wrote is visible to the caller when {@link #parallelFor} returns.
 *
 * <p>Between loops, workers spin briefly (a decode step issues a few hundred loops in quick succession, and waking a
 * parked thread costs tens of microseconds) and then park. One loop runs at a time: concurrent callers (several
 * sessions on one pool) are served one loop after another. A task must not call {@link #parallelFor} itself.
 */
public final class ComputePool implements AutoCloseable {

    /** The body of a loop over {@code [from, to)}. */
    @FunctionalInterface
    public interface RangeTask {
        void run(int from, int to);
    }

    /** Spin iterations a worker waits for the next loop before parking (a few hundred microseconds). */
    private static final int SPINS_BEFORE_PARK = 50_000;
    /** Chunks per thread: more balance the load, fewer keep each thread's rows contiguous. */
    private static final int CHUNKS_PER_THREAD = 8;

    /** One loop: its own counters, so a worker that arrives late can only find it finished. */
    private static final class Job {
        final RangeTask task;
        final int count;
        final int chunk;
        final int chunks;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger done = new AtomicInteger();
        volatile Throwable failure;

        Job(RangeTask task, int count, int chunk) {
            this.task = task;
            this.count = count;
            this.chunk = chunk;
            this.chunks = (count + chunk - 1) / chunk;
        }

        /** Runs chunks until none is left. */
        void work() {
            while (true) {
                int index = next.getAndIncrement();
                if (index >= chunks) {
                    return;
                }
                int from = index * chunk;
                try {
                    if (failure == null) {
                        task.run(from, Math.min(count, from + chunk));
                    }
                } catch (Throwable t) {
                    failure = t;
                } finally {
                    done.incrementAndGet();
                }
            }
        }
    }

    private final int threads;
    private final Thread[] workers;
    private final AtomicIntegerArray sleeping; // 1 while a worker is (about to be) parked
    private final Object submitLock = new Object();
    private volatile Job current;
    private volatile boolean closed;

    private ComputePool(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.threads = threads;
        this.workers = new Thread[threads - 1];
        this.sleeping = new AtomicIntegerArray(Math.max(1, threads - 1));
        for (int i = 0; i < workers.length; i++) {
            int index = i;
            workers[i] = Thread.ofPlatform().daemon().name("weightgate-compute-" + (i + 1))
                    .unstarted(() -> workLoop(index));
        }
        for (Thread worker : workers) {
            worker.start();
        }
    }

    /** A pool of {@code threads} threads in total, the caller included. */
    public static ComputePool create(int threads) {
        return new ComputePool(threads);
    }

    /** A pool sized to the available processors. */
    public static ComputePool ofAvailableProcessors() {
        return new ComputePool(Runtime.getRuntime().availableProcessors());
    }

    /** A pool that runs every loop on the calling thread. */
    public static ComputePool singleThreaded() {
        return new ComputePool(1);
    }

    /** Threads taking part in a loop, the caller included. */
    public int threads() {
        return threads;
    }

    /**
     * Runs {@code task} over {@code [0, count)} in chunks of at least {@code grain} indices and returns when all are
     * done. An exception thrown by a chunk is rethrown here (after the chunks already claimed finished; chunks not
     * yet started are skipped).
     */
    public void parallelFor(int count, int grain, RangeTask task) {
        if (count <= 0) {
            return;
        }
        int minChunk = Math.max(1, grain);
        if (threads == 1 || count <= minChunk) {
            task.run(0, count);
            return;
        }
        synchronized (submitLock) {
            if (closed) {
                throw new IllegalStateException("compute pool is closed");
            }
            Job job = new Job(task, count, Math.max(minChunk, ceilDiv(count, threads * CHUNKS_PER_THREAD)));
            current = job;
            for (int i = 0; i < workers.length; i++) {
                if (sleeping.get(i) != 0) {
                    LockSupport.unpark(workers[i]);
                }
            }
            job.work();
            int spins = 0;
            while (job.done.get() != job.chunks) {
                if (++spins < 1 << 20) { // yielding early hands our core to other processes
                    Thread.onSpinWait();
                } else {
                    Thread.yield();
                }
            }
            Throwable error = job.failure;
            if (error != null) {
                if (error instanceof RuntimeException runtime) {
                    throw runtime;
                }
                if (error instanceof Error e) {
                    throw e;
                }
                throw new IllegalStateException(error);
            }
        }
    }

    private void workLoop(int index) {
        Job seen = null;
        while (true) {
            int spins = 0;
            Job job;
            while ((job = current) == seen && !closed) {
                if (++spins < SPINS_BEFORE_PARK) {
                    Thread.onSpinWait();
                } else {
                    sleeping.set(index, 1);
                    if (current == seen && !closed) {
                        LockSupport.park(this);
                    }
                    sleeping.set(index, 0);
                    spins = 0;
                }
            }
            if (closed) {
                return;
            }
            seen = job;
            job.work();
        }
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    /** Stops the workers; loops submitted afterwards fail. */
    @Override
    public void close() {
        synchronized (submitLock) {
            closed = true;
        }
        for (Thread worker : workers) {
            LockSupport.unpark(worker);
        }
    }

    @Override
    public String toString() {
        return "ComputePool[" + threads + " threads]";
    }
}
