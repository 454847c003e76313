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

    /** A cache whose attention rounds q and the probabilities to F16 as llama.cpp does. */
    public KvCache(int layers, int kvHeads, int headDim, int contextLength) {
        this(layers, kvHeads, headDim, contextLength, true);
    }

    /**
     * @param llamaCppRounding false to use q and the probabilities unrounded (K and V are stored as F16 either way)
     */
    public KvCache(int layers, int kvHeads, int headDim, int contextLength, boolean llamaCppRounding) {
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
        int chunks = (contextLength + CHUNK - 1) / CHUNK;
        this.keys = new short[layers][chunks][];
        this.values = new short[layers][chunks][];
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
        int chunk = position / CHUNK;
        int j = position % CHUNK;
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
        int chunk = position / CHUNK;
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
        if (positions <= 0 || positions > contextLength) {
            throw new IllegalArgumentException("cannot attend over " + positions + " positions");
        }
        int stride = roundUp(positions);
        int chunks = (positions + CHUNK - 1) / CHUNK;
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
            for (int ch = 0; ch < chunks; ch++) {
                short[] kc = keys[layer][ch];
                int count = Math.min(CHUNK, positions - ch * CHUNK);
                int base = kvHead * headDim * CHUNK;
                for (int jb = 0; jb < count; jb += L) {
                    scoreBlock(kc, base + jb, scratch, qr + h0 * headDim, group, scratch,
                            h0 * stride + ch * CHUNK + jb, stride, scale);
                }
            }
        }
        // 2. softmax per head, probabilities rounded to F16
        for (int h = 0; h < heads; h++) {
            VectorMath.softmax(scratch, h * stride, positions);
            if (llamaCppRounding) {
                for (int j = h * stride; j < h * stride + positions; j++) {
                    scratch[j] = Float.float16ToFloat(Float.floatToFloat16(scratch[j]));
                }
            }
        }
        // 3. weighted sum of the values
        Arrays.fill(out, outOffset, outOffset + heads * headDim, 0f);
        for (int ch = 0; ch < chunks; ch++) {
            short[] vc = values[layer][ch];
            int count = Math.min(CHUNK, positions - ch * CHUNK);
            for (int j = 0; j < count; j++) {
                int vrow = j * kvDim + kvHead * headDim;
                int p = ch * CHUNK + j;
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
