package dev.weightgate.engine.kernel;

import dev.weightgate.engine.tensor.GgmlType;

/**
 * How llama.cpp's CPU backend rounds the activations before it multiplies them with a weight matrix
 * ({@code vec_dot_type} in {@code ggml-cpu.c}): to Q8_0 for the 32-element types, to Q8_K for the K-quants, to F16
 * or BF16 for those weights, not at all for F32. The engine applies the same rounding and then computes with the
 * rounded values ({@code d * q} for the 8-bit types) as floats, so its products match llama.cpp's integer dot
 * products up to float summation order.
 */
public enum ActivationRounding {
    /** F32 weights: activations used as they are. */
    NONE(1),
    /** F16 weights: activations rounded to half precision. */
    F16(1),
    /** BF16 weights: activations rounded to bfloat16. */
    BF16(1),
    /** 32-element quant types: Q8_0 as {@code quantize_row_q8_0} on x86 (d = amax/127, round half to even). */
    Q8_0(32),
    /** K-quants: Q8_K as {@code quantize_row_q8_K_ref} (f32 scale -127/max of the signed extreme). */
    Q8_K(256);

    private final int blockSize;

    ActivationRounding(int blockSize) {
        this.blockSize = blockSize;
    }

    /** The rounding llama.cpp applies to activations multiplied with weights of {@code type}. */
    public static ActivationRounding forWeights(GgmlType type) {
        return switch (type) {
            case F32 -> NONE;
            case F16 -> F16;
            case BF16 -> BF16;
            case Q4_0, Q4_1, Q5_0, Q5_1, Q8_0, MXFP4 -> Q8_0;
            case Q2_K, Q3_K, Q4_K, Q5_K, Q6_K -> Q8_K;
            default -> throw new IllegalArgumentException("no activation rounding for " + type);
        };
    }

    /** Elements rounded together; the vector length must be a multiple of it. */
    public int blockSize() {
        return blockSize;
    }

    /**
     * Writes the rounded values of {@code src[srcOffset .. +n)} to {@code dst[dstOffset ..]} ({@code src} and
     * {@code dst} may be the same array).
     */
    public void apply(float[] src, int srcOffset, int n, float[] dst, int dstOffset) {
        if (n % blockSize != 0) {
            throw new IllegalArgumentException(n + " activations are not a whole number of " + this + " blocks");
        }
        switch (this) {
            case NONE -> System.arraycopy(src, srcOffset, dst, dstOffset, n);
            case F16 -> {
                for (int i = 0; i < n; i++) {
                    dst[dstOffset + i] = Float.float16ToFloat(Float.floatToFloat16(src[srcOffset + i]));
                }
            }
            case BF16 -> {
                for (int i = 0; i < n; i++) {
                    dst[dstOffset + i] = bf16Round(src[srcOffset + i]);
                }
            }
            case Q8_0 -> {
                for (int b = 0; b < n; b += 32) {
                    q8_0(src, srcOffset + b, dst, dstOffset + b);
                }
            }
            case Q8_K -> {
                for (int b = 0; b < n; b += 256) {
                    q8_K(src, srcOffset + b, dst, dstOffset + b);
                }
            }
        }
    }

    /** True for the roundings to 8-bit quants ({@link #Q8_0}, {@link #Q8_K}), which {@link #quantize} supports. */
    public boolean isEightBit() {
        return this == Q8_0 || this == Q8_K;
    }

    /**
     * The 8-bit quants behind {@link #apply} for {@link #Q8_0} and {@link #Q8_K}: {@code q[qOffset + i]} (in
     * -127..127) and one scale per 32 values ({@code scales[scaleOffset + i / 32]}; a Q8_K scale is repeated for
     * each 32 of its 256), such that {@code scale * q} is exactly the value {@link #apply} writes.
     */
    public void quantize(float[] src, int srcOffset, int n, short[] q, int qOffset, float[] scales, int scaleOffset) {
        if (n % blockSize != 0) {
            throw new IllegalArgumentException(n + " activations are not a whole number of " + this + " blocks");
        }
        switch (this) {
            case Q8_0 -> {
                for (int b = 0; b < n; b += 32) {
                    float amax = 0;
                    for (int j = 0; j < 32; j++) {
                        amax = Math.max(amax, Math.abs(src[srcOffset + b + j]));
                    }
                    float id = amax != 0 ? 127f / amax : 0f;
                    scales[scaleOffset + b / 32] = Float.float16ToFloat(Float.floatToFloat16(amax / 127f));
                    for (int j = 0; j < 32; j++) {
                        q[qOffset + b + j] = (short) Math.rint(src[srcOffset + b + j] * id);
                    }
                }
            }
            case Q8_K -> {
                for (int b = 0; b < n; b += 256) {
                    float amax = 0;
                    float max = 0;
                    for (int j = 0; j < 256; j++) {
                        float ax = Math.abs(src[srcOffset + b + j]);
                        if (ax > amax) {
                            amax = ax;
                            max = src[srcOffset + b + j];
                        }
                    }
                    float d = 0;
                    if (amax == 0) {
                        java.util.Arrays.fill(q, qOffset + b, qOffset + b + 256, (short) 0);
                    } else {
                        float iscale = -127f / max;
                        d = 1 / iscale;
                        for (int j = 0; j < 256; j++) {
                            q[qOffset + b + j] = (short) Math.min(127f, (float) Math.rint(iscale * src[srcOffset + b + j]));
                        }
                    }
                    java.util.Arrays.fill(scales, scaleOffset + b / 32, scaleOffset + b / 32 + 8, d);
                }
            }
            default -> throw new UnsupportedOperationException(this + " is not an 8-bit rounding");
        }
    }

    /** Float to bfloat16 (round to nearest even, as ggml) and back. */
    static float bf16Round(float value) {
        int bits = Float.floatToRawIntBits(value);
        int rounded;
        if ((bits & 0x7FFFFFFF) > 0x7F800000) {
            rounded = (bits >>> 16) | 64;
        } else {
            rounded = (bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16;
        }
        return Float.intBitsToFloat(rounded << 16);
    }

    // quantize_row_q8_0 (AVX path): d = amax / 127 stored as f16, id = 127 / amax, q = rint(x * id).
    private static void q8_0(float[] src, int in, float[] dst, int out) {
        float amax = 0;
        for (int j = 0; j < 32; j++) {
            amax = Math.max(amax, Math.abs(src[in + j]));
        }
        float d = Float.float16ToFloat(Float.floatToFloat16(amax / 127f));
        float id = amax != 0 ? 127f / amax : 0f;
        for (int j = 0; j < 32; j++) {
            dst[out + j] = d * (float) Math.rint(src[in + j] * id);
        }
    }

    // quantize_row_q8_K_ref: max = the value of largest magnitude, iscale = -127 / max,
    // q = min(127, nearest_int(iscale * x)), d = 1 / iscale kept as f32.
    private static void q8_K(float[] src, int in, float[] dst, int out) {
        float amax = 0;
        float max = 0;
        for (int j = 0; j < 256; j++) {
            float ax = Math.abs(src[in + j]);
            if (ax > amax) {
                amax = ax;
                max = src[in + j];
            }
        }
        if (amax == 0) {
            java.util.Arrays.fill(dst, out, out + 256, 0f);
            return;
        }
        float iscale = -127f / max;
        float d = 1 / iscale;
        for (int j = 0; j < 256; j++) {
            float q = Math.min(127f, (float) Math.rint(iscale * src[in + j]));
            dst[out + j] = d * q;
        }
    }
}
