package dev.weightgate.engine.kernel;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.TestInstance;

/** {@link VectorKernels} against the {@link KernelContract}, on the calling thread and on a pool of three. */
class VectorKernelsTests {

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class SingleThreaded extends KernelContract {
        private final VectorKernels kernels = new VectorKernels(ComputePool.singleThreaded());

        @Override
        MatMul kernels() {
            return kernels;
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class OnAPoolOfThree extends KernelContract {
        private final ComputePool pool = ComputePool.create(3);
        private final VectorKernels kernels = new VectorKernels(pool);

        @Override
        MatMul kernels() {
            return kernels;
        }

        @AfterAll
        void closePool() {
            pool.close();
        }
    }
}
