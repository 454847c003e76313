package dev.weightgate.engine.arch;

import dev.weightgate.engine.kernel.ComputePool;
import dev.weightgate.engine.kernel.KvCache;
import dev.weightgate.engine.kernel.MatMul;
import dev.weightgate.engine.kernel.VectorMath;
import dev.weightgate.engine.kernel.WeightMatrix;
import java.util.Objects;

/**
 * The decoder forward pass shared by {@code llama}, {@code qwen2}, {@code qwen3} and {@code gpt-oss} (llama.cpp's
 * {@code src/models/llama.cpp}, {@code qwen2.cpp}, {@code qwen3.cpp}, {@code openai-moe-iswa.cpp}); the differences
 * (biases, Q/K norms, RoPE pairing and scaling, attention sinks, sliding windows, experts instead of a dense
 * SwiGLU) are data in {@link Weights}, {@link Hyperparameters} and {@link Architecture}.
 *
 * <p>A batch of tokens goes through each layer together: every matrix product takes all of them at once (the
 * prefill kernel reads each weight row once per batch), and attention is causal within the batch. Immutable and
 * thread-safe; each sequence keeps its own {@link State}.
 */
public final class ForwardPass {

    private final Hyperparameters hp;
    private final Weights weights;
    private final MatMul kernels;
    private final ComputePool pool;
    private final boolean llamaCppAttention;
    private final Rope rope;
    /** The sliding-window layers' rope when they have their own base ({@code rope.freq_base_swa}), else null. */
    private final Rope slidingRope;
    private final WeightMatrix[][] qkv;
    private final WeightMatrix[][] gateUp;

    /** A forward pass with llama.cpp's attention rounding (see {@link KvCache}). */
    public ForwardPass(Hyperparameters hp, Weights weights, MatMul kernels, ComputePool pool) {
        this(hp, weights, kernels, pool, true);
    }

    /**
     * @param kernels           the matrix products (their activation rounding is theirs to choose)
     * @param pool              runs the attention heads in parallel
     * @param llamaCppAttention round q and the softmax probabilities to F16 as llama.cpp does
     */
    public ForwardPass(Hyperparameters hp, Weights weights, MatMul kernels, ComputePool pool,
                       boolean llamaCppAttention) {
        this.hp = Objects.requireNonNull(hp, "hp");
        this.weights = Objects.requireNonNull(weights, "weights");
        this.kernels = Objects.requireNonNull(kernels, "kernels");
        this.pool = Objects.requireNonNull(pool, "pool");
        this.llamaCppAttention = llamaCppAttention;
        this.rope = Rope.of(hp, weights);
        this.slidingRope = hp.slidingWindow() > 0 && hp.ropeFreqBaseSwa() != hp.ropeFreqBase()
                ? Rope.of(hp, weights, hp.ropeFreqBaseSwa()) : null;
        int layers = hp.blockCount();
        this.qkv = new WeightMatrix[layers][];
        this.gateUp = new WeightMatrix[layers][];
        for (int i = 0; i < layers; i++) {
            LayerWeights l = weights.layers().get(i);
            qkv[i] = new WeightMatrix[] {l.q(), l.k(), l.v()};
            gateUp[i] = new WeightMatrix[] {l.gate(), l.up()};
        }
    }

    public Hyperparameters hyperparameters() {
        return hp;
    }

    /** A new sequence state with a KV cache for {@code contextLength} positions, running at most {@code maxBatch}
     * tokens through the layers together. */
    public State newState(int contextLength, int maxBatch) {
        return new State(contextLength, maxBatch);
    }

    /** A sequence's KV cache and activation buffers. Not thread-safe: one forward at a time. */
    public final class State {
        private final KvCache cache;
        private final int maxBatch;
        private float[] x;
        private float[] xb;
        private float[] q;
        private float[] k;
        private float[] v;
        private float[] att;
        private float[] o;
        private float[] gate;
        private float[] up;
        private float[] cos;
        private float[] sin;
        private float[] slidingCos;
        private float[] slidingSin;
        private int capacity;
        private final MixtureOfExperts experts;

        private State(int contextLength, int maxBatch) {
            if (maxBatch <= 0) {
                throw new IllegalArgumentException("maxBatch must be positive, got " + maxBatch);
            }
            // sliding-window layers keep a ring of the window plus one batch instead of the whole context
            int[] rings = new int[hp.blockCount()];
            for (int l = 0; l < rings.length; l++) {
                rings[l] = hp.slidingLayer(l) ? KvCache.ringFor(hp.slidingWindow(), maxBatch) : 0;
            }
            this.cache = new KvCache(hp.blockCount(), hp.headCountKv(), hp.headDim(), contextLength,
                    llamaCppAttention, rings);
            this.maxBatch = maxBatch;
            this.experts = hp.hasExperts() ? new MixtureOfExperts(hp, kernels) : null;
        }

        public KvCache cache() {
            return cache;
        }

        public int maxBatch() {
            return maxBatch;
        }

        private void ensure(int n) {
            if (capacity >= n) {
                return;
            }
            x = new float[n * hp.embeddingLength()];
            xb = new float[n * hp.embeddingLength()];
            q = new float[n * hp.queryDim()];
            k = new float[n * hp.kvDim()];
            v = new float[n * hp.kvDim()];
            att = new float[n * hp.queryDim()];
            o = new float[n * hp.embeddingLength()];
            gate = new float[n * hp.feedForwardLength()];
            up = new float[n * hp.feedForwardLength()];
            cos = new float[n * hp.ropeDimensions() / 2];
            sin = new float[n * hp.ropeDimensions() / 2];
            if (slidingRope != null) {
                slidingCos = new float[n * hp.ropeDimensions() / 2];
                slidingSin = new float[n * hp.ropeDimensions() / 2];
            }
            capacity = n;
        }
    }

    /**
     * Runs {@code tokens} at positions {@code startPos ..} (positions before {@code startPos} must already be in
     * the state's cache) and returns the logits of the last token, or of every token ({@code allLogits}, row-major
     * {@code [tokens.length][vocab]}).
     */
    /**
     * Whether {@code count} tokens can run from {@code startPos} on this state's cache: always, unless a sliding-window
     * layer's ring has already overwritten positions they would attend to (a rewind further back than about a batch).
     */
    public boolean canResume(State s, int startPos, int count) {
        // Only the first batch reaches back before startPos; later batches follow on from it.
        int firstBatch = Math.min(count, s.maxBatch);
        for (int layer = 0; layer < hp.blockCount(); layer++) {
            if (hp.slidingLayer(layer)
                    && !s.cache.retains(layer, startPos - hp.slidingWindow() + 1, startPos, startPos + firstBatch - 1)) {
                return false;
            }
        }
        return true;
    }

    public float[] forward(State s, int[] tokens, int startPos, boolean allLogits) {
        int vocab = hp.vocabSize();
        float[] logits = new float[(allLogits ? tokens.length : 1) * vocab];
        for (int from = 0; from < tokens.length; from += s.maxBatch) {
            int n = Math.min(s.maxBatch, tokens.length - from);
            boolean last = from + n == tokens.length;
            batch(s, tokens, from, n, startPos + from);
            if (allLogits) {
                logits(s, 0, n, logits, from * vocab);
            } else if (last) {
                logits(s, n - 1, 1, logits, 0);
            }
        }
        return logits;
    }

    private void batch(State s, int[] tokens, int from, int n, int pos0) {
        s.ensure(n);
        int dim = hp.embeddingLength();
        int qDim = hp.queryDim();
        int kvDim = hp.kvDim();
        int hd = hp.headDim();
        int half = hp.ropeDimensions() / 2;
        int ffn = hp.feedForwardLength();
        float eps = hp.rmsEpsilon();
        for (int t = 0; t < n; t++) {
            int token = tokens[from + t];
            if (token < 0 || token >= hp.vocabSize()) {
                throw new IllegalArgumentException("token " + token + " is outside the vocabulary of " + hp.vocabSize());
            }
            weights.tokenEmbedding().dequantizeRow(token, s.x, t * dim);
            rope.angles(pos0 + t, s.cos, s.sin, t * half);
            if (slidingRope != null) {
                slidingRope.angles(pos0 + t, s.slidingCos, s.slidingSin, t * half);
            }
        }
        for (int layer = 0; layer < hp.blockCount(); layer++) {
            LayerWeights w = weights.layers().get(layer);
            boolean sliding = hp.slidingLayer(layer);
            if (sliding && !s.cache.retains(layer, pos0 - hp.slidingWindow() + 1, pos0, pos0 + n - 1)) {
                throw new IllegalStateException("cannot resume at position " + pos0 + ": sliding-window layer "
                        + layer + " keeps only its last " + s.cache.capacity(layer) + " positions");
            }
            Rope layerRope = sliding && slidingRope != null ? slidingRope : rope;
            float[] cos = sliding && slidingRope != null ? s.slidingCos : s.cos;
            float[] sin = sliding && slidingRope != null ? s.slidingSin : s.sin;
            for (int t = 0; t < n; t++) {
                VectorMath.rmsNorm(s.xb, t * dim, s.x, t * dim, w.attnNorm(), dim, eps);
            }
            kernels.multiply(qkv[layer], s.xb, n, new float[][] {s.q, s.k, s.v});
            for (int t = 0; t < n; t++) {
                if (w.qBias() != null) {
                    VectorMath.add(s.q, t * qDim, w.qBias(), 0, qDim);
                }
                if (w.kBias() != null) {
                    VectorMath.add(s.k, t * kvDim, w.kBias(), 0, kvDim);
                }
                if (w.vBias() != null) {
                    VectorMath.add(s.v, t * kvDim, w.vBias(), 0, kvDim);
                }
                if (w.qNorm() != null) {
                    for (int h = 0; h < hp.headCount(); h++) {
                        VectorMath.rmsNorm(s.q, t * qDim + h * hd, s.q, t * qDim + h * hd, w.qNorm(), hd, eps);
                    }
                    for (int h = 0; h < hp.headCountKv(); h++) {
                        VectorMath.rmsNorm(s.k, t * kvDim + h * hd, s.k, t * kvDim + h * hd, w.kNorm(), hd, eps);
                    }
                }
                layerRope.rotate(s.q, t * qDim, hp.headCount(), hd, cos, sin, t * half);
                layerRope.rotate(s.k, t * kvDim, hp.headCountKv(), hd, cos, sin, t * half);
                s.cache.store(layer, pos0 + t, s.k, t * kvDim, s.v, t * kvDim);
            }
            attention(s, layer, n, pos0, sliding ? hp.slidingWindow() : 0, w.sinks());
            kernels.multiply(w.output(), s.att, n, s.o);
            for (int t = 0; t < n; t++) {
                if (w.outputBias() != null) {
                    VectorMath.add(s.o, t * dim, w.outputBias(), 0, dim);
                }
                VectorMath.add(s.x, t * dim, s.o, t * dim, dim);
                VectorMath.rmsNorm(s.xb, t * dim, s.x, t * dim, w.ffnNorm(), dim, eps);
            }
            if (w.experts() != null) {
                s.experts.apply(w.experts(), s.xb, n, s.x);
                continue;
            }
            kernels.multiply(gateUp[layer], s.xb, n, new float[][] {s.gate, s.up});
            for (int t = 0; t < n; t++) {
                VectorMath.swiglu(s.gate, s.up, t * ffn, ffn);
            }
            kernels.multiply(w.down(), s.gate, n, s.o);
            for (int t = 0; t < n; t++) {
                VectorMath.add(s.x, t * dim, s.o, t * dim, dim);
            }
        }
    }

    /** Attention of the batch's queries; {@code window} 0 for all earlier positions, {@code sinks} may be null. */
    private void attention(State s, int layer, int n, int pos0, int window, float[] sinks) {
        int kvHeads = hp.headCountKv();
        int group = hp.groupSize();
        int hd = hp.headDim();
        int qDim = hp.queryDim();
        float scale = hp.attentionScale();
        pool.parallelFor(n * kvHeads, 1, (from, to) -> {
            float[] scratch = new float[KvCache.scratchSize(group, pos0 + n)];
            for (int task = from; task < to; task++) {
                int t = task / kvHeads;
                int g = task % kvHeads;
                int offset = t * qDim + g * group * hd;
                int positions = pos0 + t + 1;
                int first = window > 0 ? Math.max(0, positions - window) : 0;
                s.cache.attend(layer, g, s.q, offset, group, first, positions, scale, sinks, g * group, scratch,
                        s.att, offset);
            }
        });
    }

    /** Final norm and LM head for tokens {@code [first, first + count)} of the last batch. */
    private void logits(State s, int first, int count, float[] logits, int offset) {
        int dim = hp.embeddingLength();
        float[] h = new float[count * dim];
        for (int t = 0; t < count; t++) {
            VectorMath.rmsNorm(h, t * dim, s.x, (first + t) * dim, weights.outputNorm(), dim, hp.rmsEpsilon());
        }
        if (offset == 0 && logits.length == count * hp.vocabSize()) {
            kernels.multiply(weights.output(), h, count, logits);
        } else {
            float[] out = new float[count * hp.vocabSize()];
            kernels.multiply(weights.output(), h, count, out);
            System.arraycopy(out, 0, logits, offset, out.length);
        }
    }
}
