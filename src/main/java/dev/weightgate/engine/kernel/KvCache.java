package dev.weightgate.engine.kernel;

import static dev.weightgate.engine.kernel.Lanes.F;
import static dev.weightgate.engine.kernel.Lanes.L;
import static dev.weightgate.engine.kernel.Lanes.S;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.ShortVector;

/**
 * The keys and values of every processed position, per layer, in half precision (as llama.cpp's default F16
 * cache), on the Java heap, with the attention kernel that reads them.
 *
 * <p>Size: {@code 2 (K and V) * layers * contextLength * kvHeads * headDim * 2 bytes}; for a 1.1B Llama (16 layers,
 * 8 KV heads of 64) at 4096 positions that is 128 MiB, half of what floats would take. Storage grows in chunks of
 * {@value #CHUNK} positions as positions are written, so a session pays for the context it uses, not the one it may
 * reach.
 *
 * <p>Numerics follow llama.cpp's (non-flash) CPU attention: K and V are stored as F16; {@code K . q} rounds q to F16
 * first (F16 is the {@code vec_dot_type} of an F16 matrix) and {@code V . p} rounds the softmax probabilities to
 * F16; products are summed in float. Matching these roundings matters more than it seems: the attention output is
 * quantized to 8 bits again by the next matrix product, and a different rounding upstream decorrelates that
 * quantization's error from llama.cpp's.
 *
 * <p>Layout per chunk: keys transposed, {@code [kvHead][dim][position]}, so the scores of {@code L} positions are
 * one vector per dimension (no horizontal sums); values as written, {@code [position][kvHead][dim]}. Not
 * thread-safe for writes; {@link #attend} may run concurrently for different heads or queries once the positions it
 * reads are stored.
 *
 * <p>Sliding-window layers (gpt-oss) can be given a ring of a fixed number of positions instead of the whole
 * context: position {@code p} lives in slot {@code p mod ring}, and the ring (a whole number of chunks) must hold
 * the window plus the positions one batch writes before it attends. Only the last {@code ring} positions stored in
 * such a layer can be read, so a sequence can be rewound by little more than one batch (see
 * {@link #retains}).
 */
public final class KvCache {

    /** Positions per storage chunk. */
    public static final int CHUNK = 256;

    private final int layers;
    private final int kvHeads;
    private final int headDim;
    private final int kvDim;
    private final int contextLength;
    private final boolean llamaCppRounding;
    private final short[][][] keys;   // [layer][chunk][kvHead * headDim * CHUNK]
    private final short[][][] values; // [layer][chunk][CHUNK * kvDim]
    private final int[] ring;          // per layer: positions held, 0 for the whole context
    private final int[] highest;       // per layer: highest position of the current sequence, -1 for none
    private final int[] lowestValid;   // per ring layer: lowest position still held for the current sequence

    /** A cache whose attention rounds q and the probabilities to F16 as llama.cpp does. */
    public KvCache(int layers, int kvHeads, int headDim, int contextLength) {
        this(layers, kvHeads, headDim, contextLength, true);
    }

    /**
     * @param llamaCppRounding false to use q and the probabilities unrounded (K and V are stored as F16 either way)
     */
    public KvCache(int layers, int kvHeads, int headDim, int contextLength, boolean llamaCppRounding) {
        this(layers, kvHeads, headDim, contextLength, llamaCppRounding, new int[layers]);
    }

    /**
     * @param ringPositions per layer: 0 to keep every position of the context, or the size of its ring (a positive
     *                      multiple of {@link #CHUNK}; see {@link #ringFor})
     */
    public KvCache(int layers, int kvHeads, int headDim, int contextLength, boolean llamaCppRounding,
                   int[] ringPositions) {
        if (layers <= 0 || kvHeads <= 0 || headDim <= 0 || contextLength <= 0) {
            throw new IllegalArgumentException("cache dimensions must be positive: " + layers + " layers, " + kvHeads
                    + " kv heads, head width " + headDim + ", context " + contextLength);
        }
        this.layers = layers;
        this.kvHeads = kvHeads;
        this.headDim = headDim;
        this.kvDim = kvHeads * headDim;
        this.contextLength = contextLength;
        this.llamaCppRounding = llamaCppRounding;
        if (ringPositions.length != layers) {
            throw new IllegalArgumentException(ringPositions.length + " ring sizes for " + layers + " layers");
        }
        int chunks = (contextLength + CHUNK - 1) / CHUNK;
        this.keys = new short[layers][][];
        this.values = new short[layers][][];
        this.ring = ringPositions.clone();
        this.highest = new int[layers];
        Arrays.fill(highest, -1);
        this.lowestValid = new int[layers];
        for (int l = 0; l < layers; l++) {
            if (ring[l] < 0 || ring[l] % CHUNK != 0) {
                throw new IllegalArgumentException("ring of " + ring[l] + " positions is not a multiple of " + CHUNK);
            }
            if (ring[l] >= roundUp(contextLength)) {
                ring[l] = 0; // the context fits: no need to wrap
            }
            int layerChunks = ring[l] == 0 ? chunks : ring[l] / CHUNK;
            keys[l] = new short[layerChunks][];
            values[l] = new short[layerChunks][];
        }
    }

    /**
     * The ring a sliding-window layer needs: the window, plus the {@code maxBatch - 1} positions a batch stores
     * before its first token attends, rounded up to whole chunks.
     */
    public static int ringFor(int window, int maxBatch) {
        return roundUp(window + maxBatch - 1);
    }

    /** Positions {@code layer} holds: its ring, or the context. */
    public int capacity(int layer) {
        return ring[layer] == 0 ? contextLength : ring[layer];
    }

    /**
     * True if a batch writing positions {@code start..last} can attend to every earlier position from {@code first}
     * on: always for a full layer; for a ring, unless the positions it needs from before {@code start} were already
     * overwritten (a rewind further back than the ring), or the batch itself would overwrite them.
     */
    public boolean retains(int layer, int first, int start, int last) {
        if (ring[layer] == 0) {
            return true;
        }
        int needed = Math.max(first, 0);
        boolean earlierHeld = needed >= start || needed >= lowestValid[layer] && start - 1 <= highest[layer];
        return earlierHeld && last - needed < ring[layer];
    }

    private int chunkOf(int layer, int position) {
        int chunk = position / CHUNK;
        return ring[layer] == 0 ? chunk : chunk % (ring[layer] / CHUNK);
    }

    public int contextLength() {
        return contextLength;
    }

    /** Bytes the cache would take when full. */
    public static long bytesFor(int layers, int kvHeads, int headDim, int contextLength) {
        long chunks = (contextLength + CHUNK - 1) / CHUNK;
        return 2L * 2 * layers * chunks * CHUNK * kvHeads * headDim;
    }

    /** Bytes allocated so far. */
    public long allocatedBytes() {
        long chunks = 0;
        for (short[][] layer : keys) {
            for (short[] chunk : layer) {
                if (chunk != null) {
                    chunks++;
                }
            }
        }
        return chunks * 2L * 2 * CHUNK * kvDim;
    }

    /** Stores the key and value of {@code position} ({@code kvDim} floats each), rounded to half precision. */
    public void store(int layer, int position, float[] k, int kOffset, float[] v, int vOffset) {
        if (position < 0 || position >= contextLength) {
            throw new IndexOutOfBoundsException("position " + position + " is outside the context of "
                    + contextLength);
        }
        int chunk = chunkOf(layer, position);
        int j = position % CHUNK;
        if (ring[layer] != 0) {
            if (position <= highest[layer] && position < lowestValid[layer]) {
                // Rewound behind what the ring still held: nothing before this position belongs to the sequence.
                lowestValid[layer] = position;
            }
            lowestValid[layer] = Math.max(lowestValid[layer], position - ring[layer] + 1);
        }
        // Writing a position starts the sequence over from there: later positions of the old one are stale.
        highest[layer] = position;
        short[] kc = keys[layer][chunk];
        if (kc == null) {
            kc = keys[layer][chunk] = new short[kvDim * CHUNK];
            values[layer][chunk] = new short[kvDim * CHUNK];
        }
        short[] vc = values[layer][chunk];
        for (int h = 0; h < kvHeads; h++) {
            for (int c = 0; c < headDim; c++) {
                kc[(h * headDim + c) * CHUNK + j] = Float.floatToFloat16(k[kOffset + h * headDim + c]);
            }
        }
        for (int i = 0; i < kvDim; i++) {
            vc[j * kvDim + i] = Float.floatToFloat16(v[vOffset + i]);
        }
    }

    /** The stored key or value element, as a float (for tests). */
    public float read(boolean key, int layer, int position, int index) {
        int chunk = chunkOf(layer, position);
        int j = position % CHUNK;
        short bits = key ? keys[layer][chunk][index * CHUNK + j] : values[layer][chunk][j * kvDim + index];
        return Float.float16ToFloat(bits);
    }

    /** Scratch floats {@link #attend} needs for a group of {@code heads} query heads over {@code positions}. */
    public static int scratchSize(int heads, int positions) {
        return heads * roundUp(positions) + heads * 512;
    }

    private static int roundUp(int positions) {
        return (positions + CHUNK - 1) / CHUNK * CHUNK;
    }

    /**
     * Causal attention of {@code heads} consecutive query heads that share KV head {@code kvHead}, for a query that
     * sees positions {@code [0, positions)}: scores {@code scale * q . k_j}, softmax over them, and the weighted sum
     * of the values into {@code out[outOffset + h * headDim ..]}.
     *
     * @param q        the query heads, head h at {@code qOffset + h * headDim}
     * @param scratch  at least {@link #scratchSize(int, int)} floats, used for the scores
     */
    public void attend(int layer, int kvHead, float[] q, int qOffset, int heads, int positions, float scale,
                       float[] scratch, float[] out, int outOffset) {
        attend(layer, kvHead, q, qOffset, heads, 0, positions, scale, null, 0, scratch, out, outOffset);
    }

    /**
     * Attention over positions {@code [first, positions)} only (a sliding window), optionally with learned sinks
     * (gpt-oss): head {@code h}'s sink logit {@code sinks[sinkOffset + h]} joins the softmax's normalisation (its
     * maximum and sum) but has no value, so the probabilities of the real positions sum to less than one.
     *
     * @param sinks null for plain attention
     */
    public void attend(int layer, int kvHead, float[] q, int qOffset, int heads, int first, int positions,
                       float scale, float[] sinks, int sinkOffset, float[] scratch, float[] out, int outOffset) {
        if (positions <= 0 || positions > contextLength || first < 0 || first >= positions) {
            throw new IllegalArgumentException("cannot attend over positions " + first + ".." + positions);
        }
        if (positions - first > capacity(layer)) {
            throw new IllegalArgumentException(positions - first + " positions do not fit the ring of layer " + layer);
        }
        // scores are kept from the start of first's chunk, so blocks of L positions stay chunk-aligned
        int firstChunk = first / CHUNK;
        int base = firstChunk * CHUNK;
        int skip = first - base;
        int stride = roundUp(positions - base);
        int lastChunk = (positions - 1) / CHUNK;
        // q rounded to F16, after the scores in the scratch
        int qr = heads * stride;
        if (headDim > 512) {
            throw new IllegalArgumentException("head width " + headDim + " is above 512");
        }
        for (int i = 0; i < heads * headDim; i++) {
            float value = q[qOffset + i];
            scratch[qr + i] = llamaCppRounding ? Float.float16ToFloat(Float.floatToFloat16(value)) : value;
        }
        // 1. scores, 16 (or 8) positions per vector, up to four query heads per pass over the keys
        for (int h0 = 0; h0 < heads; h0 += 4) {
            int group = Math.min(4, heads - h0);
            for (int ch = firstChunk; ch <= lastChunk; ch++) {
                short[] kc = keys[layer][chunkOf(layer, ch * CHUNK)];
                int count = Math.min(CHUNK, positions - ch * CHUNK);
                int start = ch == firstChunk ? skip / L * L : 0;
                int at = kvHead * headDim * CHUNK;
                for (int jb = start; jb < count; jb += L) {
                    scoreBlock(kc, at + jb, scratch, qr + h0 * headDim, group, scratch,
                            h0 * stride + ch * CHUNK - base + jb, stride, scale);
                }
            }
        }
        // 2. softmax per head over the visible positions, probabilities rounded to F16
        int n = positions - first;
        for (int h = 0; h < heads; h++) {
            int from = h * stride + skip;
            if (sinks == null) {
                VectorMath.softmax(scratch, from, n);
            } else {
                softmaxWithSink(scratch, from, n, sinks[sinkOffset + h]);
            }
            if (llamaCppRounding) {
                for (int j = from; j < from + n; j++) {
                    scratch[j] = Float.float16ToFloat(Float.floatToFloat16(scratch[j]));
                }
            }
        }
        // 3. weighted sum of the values
        Arrays.fill(out, outOffset, outOffset + heads * headDim, 0f);
        for (int ch = firstChunk; ch <= lastChunk; ch++) {
            short[] vc = values[layer][chunkOf(layer, ch * CHUNK)];
            int count = Math.min(CHUNK, positions - ch * CHUNK);
            for (int j = ch == firstChunk ? skip : 0; j < count; j++) {
                int vrow = j * kvDim + kvHead * headDim;
                int p = ch * CHUNK + j - base;
                int c = 0;
                for (; c + L <= headDim; c += L) {
                    FloatVector value = Lanes.halfToFloat(ShortVector.fromArray(S, vc, vrow + c));
                    for (int h = 0; h < heads; h++) {
                        int o = outOffset + h * headDim + c;
                        value.fma(FloatVector.broadcast(F, scratch[h * stride + p]), FloatVector.fromArray(F, out, o))
                                .intoArray(out, o);
                    }
                }
                for (; c < headDim; c++) {
                    float value = Float.float16ToFloat(vc[vrow + c]);
                    for (int h = 0; h < heads; h++) {
                        out[outOffset + h * headDim + c] += scratch[h * stride + p] * value;
                    }
                }
            }
        }
    }

    /**
     * Softmax of {@code x[offset .. offset + n)} with one extra logit {@code sink} that takes part in the maximum
     * and the sum (in double, as ggml's {@code soft_max} with sinks) and is then dropped.
     */
    static void softmaxWithSink(float[] x, int offset, int n, float sink) {
        float max = sink;
        for (int i = offset; i < offset + n; i++) {
            max = Math.max(max, x[i]);
        }
        double sum = Math.exp(sink - max);
        for (int i = offset; i < offset + n; i++) {
            float e = (float) Math.exp(x[i] - max);
            x[i] = e;
            sum += e;
        }
        float inv = (float) (1.0 / sum);
        for (int i = offset; i < offset + n; i++) {
            x[i] *= inv;
        }
    }

    /** Scores of positions {@code jb .. jb + L} for up to four heads; lanes are positions. */
    private void scoreBlock(short[] kc, int at, float[] q, int qo, int group, float[] scores, int so, int stride,
                            float scale) {
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        int d = headDim;
        for (int c = 0; c < d; c++) {
            FloatVector k = Lanes.halfToFloat(ShortVector.fromArray(S, kc, at + c * CHUNK));
            a0 = k.fma(FloatVector.broadcast(F, q[qo + c]), a0);
            if (group > 1) {
                a1 = k.fma(FloatVector.broadcast(F, q[qo + d + c]), a1);
            }
            if (group > 2) {
                a2 = k.fma(FloatVector.broadcast(F, q[qo + 2 * d + c]), a2);
            }
            if (group > 3) {
                a3 = k.fma(FloatVector.broadcast(F, q[qo + 3 * d + c]), a3);
            }
        }
        a0.mul(scale).intoArray(scores, so);
        if (group > 1) {
            a1.mul(scale).intoArray(scores, so + stride);
        }
        if (group > 2) {
            a2.mul(scale).intoArray(scores, so + 2 * stride);
        }
        if (group > 3) {
            a3.mul(scale).intoArray(scores, so + 3 * stride);
        }
    }
}
