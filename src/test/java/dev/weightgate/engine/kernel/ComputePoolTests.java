package dev.weightgate.engine.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class ComputePoolTests {

    @Test
    void everyIndexIsVisitedExactlyOnceAndTheWritesAreVisibleAfterwards() {
        try (ComputePool pool = ComputePool.create(3)) {
            for (int count : new int[] {1, 7, 100, 10_000}) {
                AtomicIntegerArray visits = new AtomicIntegerArray(count);
                int[] plain = new int[count];
                pool.parallelFor(count, 1, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        visits.incrementAndGet(i);
                        plain[i] = i + 1;
                    }
                });
                for (int i = 0; i < count; i++) {
                    assertThat(visits.get(i)).isEqualTo(1);
                    assertThat(plain[i]).isEqualTo(i + 1);
                }
            }
        }
    }

    @Test
    void aPoolOfOneRunsEverythingOnTheCallingThread() {
        try (ComputePool pool = ComputePool.singleThreaded()) {
            Set<Thread> threads = ConcurrentHashMap.newKeySet();
            pool.parallelFor(1000, 1, (from, to) -> threads.add(Thread.currentThread()));
            assertThat(threads).containsExactly(Thread.currentThread());
        }
    }

    @Test
    void theWorkersTakePartWhenThereIsEnoughWork() throws Exception {
        try (ComputePool pool = ComputePool.create(2)) {
            Set<Thread> threads = ConcurrentHashMap.newKeySet();
            CountDownLatch both = new CountDownLatch(2);
            pool.parallelFor(2, 1, (from, to) -> {
                threads.add(Thread.currentThread());
                both.countDown();
                try {
                    both.await(); // only returns once the other thread ran the other chunk
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertThat(threads).hasSize(2);
        }
    }

    @Test
    void aFailingChunkIsRethrownToTheCallerAndThePoolKeepsWorking() {
        try (ComputePool pool = ComputePool.create(2)) {
            assertThatThrownBy(() -> pool.parallelFor(100, 1, (from, to) -> {
                if (from <= 50 && 50 < to) {
                    throw new IllegalStateException("boom at " + from);
                }
            })).isInstanceOf(IllegalStateException.class).hasMessageStartingWith("boom");
            int[] sum = new int[1];
            pool.parallelFor(10, 10, (from, to) -> sum[0] += to - from);
            assertThat(sum[0]).isEqualTo(10);
        }
    }

    @Test
    void aClosedPoolRefusesWork() {
        ComputePool pool = ComputePool.create(2);
        pool.close();
        assertThatThrownBy(() -> pool.parallelFor(100, 1, (from, to) -> { }))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> ComputePool.create(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
