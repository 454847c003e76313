package dev.weightgate.engine.kernel;

import static dev.weightgate.engine.kernel.Lanes.F;
import static dev.weightgate.engine.kernel.Lanes.L;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * The element-wise and reduction steps of a forward pass (everything but the matrix products and attention),
 * vectorised where it pays. Each follows the order of float operations of the matching ggml CPU op so results stay
 * close to llama.cpp's.
 */
public final class VectorMath {

    private VectorMath() {
    }

    /**
     * RMSNorm times weight, as {@code ggml_compute_forward_rms_norm_f32} followed by {@code ggml_mul}: squares in
     * float summed in double, {@code scale = 1 / sqrt(mean + eps)} in float, {@code out = (x * scale) * weight}.
     * {@code out} may be {@code x}.
     */
    public static void rmsNorm(float[] out, int outOffset, float[] x, int xOffset, float[] weight, int n, float eps) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            float v = x[xOffset + i];
            sum += v * v;
        }
        float mean = (float) (sum / n);
        float scale = 1.0f / (float) Math.sqrt(mean + eps);
        int i = 0;
        FloatVector s = FloatVector.broadcast(F, scale);
        for (; i + L <= n; i += L) {
            FloatVector.fromArray(F, x, xOffset + i).mul(s).mul(FloatVector.fromArray(F, weight, i))
                    .intoArray(out, outOffset + i);
        }
        for (; i < n; i++) {
            out[outOffset + i] = (x[xOffset + i] * scale) * weight[i];
        }
    }

    /** {@code x[xOffset + i] += y[yOffset + i]}. */
    public static void add(float[] x, int xOffset, float[] y, int yOffset, int n) {
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector.fromArray(F, x, xOffset + i).add(FloatVector.fromArray(F, y, yOffset + i))
                    .intoArray(x, xOffset + i);
        }
        for (; i < n; i++) {
            x[xOffset + i] += y[yOffset + i];
        }
    }

    /** SwiGLU: {@code gate[i] = silu(gate[i]) * up[i]} with {@code silu(g) = g / (1 + e^-g)}. */
    public static void swiglu(float[] gate, float[] up, int offset, int n) {
        int i = 0;
        FloatVector one = FloatVector.broadcast(F, 1f);
        for (; i + L <= n; i += L) {
            FloatVector g = FloatVector.fromArray(F, gate, offset + i);
            FloatVector silu = g.div(one.add(g.neg().lanewise(VectorOperators.EXP)));
            silu.mul(FloatVector.fromArray(F, up, offset + i)).intoArray(gate, offset + i);
        }
        for (; i < n; i++) {
            float g = gate[offset + i];
            gate[offset + i] = g / (1 + (float) Math.exp(-g)) * up[offset + i];
        }
    }

    /** In-place softmax of {@code x[offset .. offset + n)}: max subtracted, sum in double. */
    public static void softmax(float[] x, int offset, int n) {
        float max = Float.NEGATIVE_INFINITY;
        int i = 0;
        if (n >= L) {
            FloatVector m = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
            for (; i + L <= n; i += L) {
                m = m.max(FloatVector.fromArray(F, x, offset + i));
            }
            max = m.reduceLanes(VectorOperators.MAX);
        }
        for (; i < n; i++) {
            max = Math.max(max, x[offset + i]);
        }
        double sum = 0;
        i = 0;
        FloatVector mv = FloatVector.broadcast(F, max);
        for (; i + L <= n; i += L) {
            FloatVector e = FloatVector.fromArray(F, x, offset + i).sub(mv).lanewise(VectorOperators.EXP);
            e.intoArray(x, offset + i);
            sum += e.reduceLanes(VectorOperators.ADD);
        }
        for (; i < n; i++) {
            float e = (float) Math.exp(x[offset + i] - max);
            x[offset + i] = e;
            sum += e;
        }
        float inv = (float) (1.0 / sum);
        i = 0;
        FloatVector iv = FloatVector.broadcast(F, inv);
        for (; i + L <= n; i += L) {
            FloatVector.fromArray(F, x, offset + i).mul(iv).intoArray(x, offset + i);
        }
        for (; i < n; i++) {
            x[offset + i] *= inv;
        }
    }

    /**
     * gpt-oss's clamped SwiGLU ({@code ggml_swiglu_oai}): with {@code g = min(gate, limit)} and
     * {@code u = clamp(up, -limit, limit)}, {@code gate[i] = g / (1 + e^(-alpha g)) * (u + 1)}.
     */
    public static void swigluOai(float[] gate, float[] up, int offset, int n, float alpha, float limit) {
        int i = 0;
        FloatVector one = FloatVector.broadcast(F, 1f);
        for (; i + L <= n; i += L) {
            FloatVector g = FloatVector.fromArray(F, gate, offset + i).min(limit);
            FloatVector u = FloatVector.fromArray(F, up, offset + i).min(limit).max(-limit);
            FloatVector glu = g.div(one.add(g.mul(-alpha).lanewise(VectorOperators.EXP)));
            glu.mul(u.add(one)).intoArray(gate, offset + i);
        }
        for (; i < n; i++) {
            float g = Math.min(gate[offset + i], limit);
            float u = Math.max(Math.min(up[offset + i], limit), -limit);
            gate[offset + i] = g / (1 + (float) Math.exp(-alpha * g)) * (u + 1);
        }
    }
}
