package dev.weightgate.quota;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Bucket4j's {@code ConsumptionScenario} shape: N threads wait behind one latch, start together, and the first exception
 * any of them threw is rethrown once all have finished. The invariants are then counted, never timed.
 */
public final class ConcurrentScenario {

    /** One thread's work; {@code index} is 0 to N-1. */
    @FunctionalInterface
    public interface Work {
        void run(int index) throws Exception;
    }

    private ConcurrentScenario() {
    }

    public static void run(int threads, Work work) throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> started = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            int index = i;
            started.add(Thread.ofPlatform().name("scenario-" + i).start(() -> {
                try {
                    start.await();
                    work.run(index);
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        start.countDown();
        for (Thread thread : started) {
            // A generous bound so that a deadlock fails the test instead of hanging the build.
            if (!thread.join(java.time.Duration.ofMinutes(2))) {
                throw new AssertionError(thread.getName() + " did not finish: is something deadlocked?");
            }
        }
        if (!failures.isEmpty()) {
            AssertionError error = new AssertionError(failures.size() + " of " + threads + " threads failed",
                    failures.getFirst());
            failures.stream().skip(1).limit(5).forEach(error::addSuppressed);
            throw error;
        }
    }

    /** Waits for a latch without a timed assertion: a bound only against hanging. */
    public static void await(CountDownLatch latch) throws InterruptedException {
        if (!latch.await(2, TimeUnit.MINUTES)) {
            throw new AssertionError("a latch was never opened: is something deadlocked?");
        }
    }
}
