package dev.weightgate.engine.model;

import dev.weightgate.engine.arch.ForwardPass;
import dev.weightgate.engine.arch.Hyperparameters;
import dev.weightgate.engine.arch.Weights;
import dev.weightgate.engine.gguf.GgufFile;
import dev.weightgate.engine.gguf.GgufMetadata;
import dev.weightgate.engine.kernel.ComputePool;
import dev.weightgate.engine.kernel.KvCache;
import dev.weightgate.engine.kernel.VectorKernels;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A loaded model: hyperparameters and weights (mapped from the GGUF file, never copied) and the forward pass over
 * them. Immutable and thread-safe: any number of {@link Session}s, each owned by one caller, can run on it at once
 * (their matrix products take turns on the shared {@link ComputePool}).
 *
 * <p>{@link #close()} unmaps the file (sessions used afterwards fail with {@link IllegalStateException}) and stops
 * the pool if the model created it.
 */
public final class Model implements AutoCloseable {

    /**
     * Tokens run through the layers together during prefill unless a session asks otherwise: enough for the
     * prefill kernel to read each weight row once per 128 tokens, small enough that the batch's activations stay
     * in the last-level cache and take ~15 MB of heap for a 1.1B model.
     */
    public static final int DEFAULT_MAX_BATCH = 128;

    private final GgufFile file;
    private final Hyperparameters hyperparameters;
    private final Weights weights;
    private final ComputePool pool;
    private final boolean ownsPool;
    private final ForwardPass forwardPass;

    private Model(GgufFile file, ComputePool pool, boolean ownsPool) {
        this.file = file;
        this.hyperparameters = Hyperparameters.read(file);
        this.weights = Weights.load(file, hyperparameters);
        this.pool = pool;
        this.ownsPool = ownsPool;
        this.forwardPass = new ForwardPass(hyperparameters, weights, new VectorKernels(pool), pool);
    }

    /**
     * Opens a GGUF model with its own pool of {@code threads} compute threads.
     *
     * @throws IOException              if the file cannot be read or mapped
     * @throws IllegalArgumentException if the model's architecture, tensors or types are not supported
     */
    public static Model open(Path path, int threads) throws IOException {
        ComputePool pool = ComputePool.create(threads);
        try {
            return open(path, pool, true);
        } catch (IOException | RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /** Opens a GGUF model that computes on {@code pool} (which the caller keeps and closes). */
    public static Model open(Path path, ComputePool pool) throws IOException {
        return open(path, pool, false);
    }

    private static Model open(Path path, ComputePool pool, boolean ownsPool) throws IOException {
        Objects.requireNonNull(pool, "pool");
        GgufFile file = GgufFile.open(path);
        try {
            return new Model(file, pool, ownsPool);
        } catch (RuntimeException e) {
            file.close();
            throw e;
        }
    }

    public Hyperparameters hyperparameters() {
        return hyperparameters;
    }

    /** The file's metadata (the tokenizer reads its {@code tokenizer.*} keys from here). */
    public GgufMetadata metadata() {
        return file.metadata();
    }

    public Weights weights() {
        return weights;
    }

    public Path path() {
        return file.path();
    }

    /** Logits per position: the vocabulary size. */
    public int vocabSize() {
        return hyperparameters.vocabSize();
    }

    public ComputePool pool() {
        return pool;
    }

    /** Java heap a session's KV cache takes when all {@code contextLength} positions are used. */
    public long kvCacheBytes(int contextLength) {
        return KvCache.bytesFor(hyperparameters.blockCount(), hyperparameters.headCountKv(), hyperparameters.headDim(),
                contextLength);
    }

    /** A new sequence with room for {@code contextLength} positions. */
    public Session newSession(int contextLength) {
        return newSession(contextLength, DEFAULT_MAX_BATCH);
    }

    /**
     * A new sequence with room for {@code contextLength} positions that runs at most {@code maxBatch} prompt tokens
     * through the layers together (more are processed in consecutive batches; activations grow with the batch).
     */
    public Session newSession(int contextLength, int maxBatch) {
        if (contextLength <= 0) {
            throw new IllegalArgumentException("context length must be positive, got " + contextLength);
        }
        return new Session(this, forwardPass.newState(contextLength, maxBatch));
    }

    ForwardPass forwardPass() {
        return forwardPass;
    }

    @Override
    public void close() {
        file.close();
        if (ownsPool) {
            pool.close();
        }
    }

    @Override
    public String toString() {
        return "Model[" + file.path().getFileName() + ", " + hyperparameters.architecture() + ", "
                + hyperparameters.blockCount() + " layers, dim " + hyperparameters.embeddingLength() + "]";
    }
}
