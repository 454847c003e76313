package dev.weightgate.engine.gguf;

import dev.weightgate.engine.tensor.GgmlType;
import dev.weightgate.engine.tensor.RandomBlocks;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.SplittableRandom;

/** Writers for small valid GGUF files, and helpers to find and patch fields in their bytes. */
final class GgufSamples {

    private GgufSamples() {
    }

    /** One key of every scalar type, arrays of every element type, nested arrays, and no tensors. */
    static GgufWriter everyValueType() {
        return GgufWriter.create()
                .putString("general.architecture", "llama")
                .putUint8("test.u8", 200)
                .putInt8("test.i8", -100)
                .putUint16("test.u16", 60000)
                .putInt16("test.i16", -30000)
                .putUint32("test.u32", 4_000_000_000L)
                .putInt32("test.i32", -2_000_000_000)
                .putUint64("test.u64", -1L) // 2^64 - 1
                .putInt64("test.i64", Long.MIN_VALUE)
                .putFloat32("test.f32", 1.5f)
                .putFloat64("test.f64", -2.25)
                .putBool("test.bool", true)
                .putString("test.string", "héllo ✓")
                .putArray("test.array.u8", GgufArray.ofUint8((byte) 1, (byte) 255))
                .putArray("test.array.i8", GgufArray.ofInt8((byte) -1, (byte) 7))
                .putArray("test.array.u16", GgufArray.ofUint16((short) 65535))
                .putArray("test.array.i16", GgufArray.ofInt16((short) -2, (short) 3))
                .putArray("test.array.u32", GgufArray.ofUint32(0, 7, -1))
                .putArray("test.array.i32", GgufArray.ofInt32(-5, 6))
                .putArray("test.array.u64", GgufArray.ofUint64(1L << 40))
                .putArray("test.array.i64", GgufArray.ofInt64(-1L))
                .putArray("test.array.f32", GgufArray.ofFloat32(0.5f, -1f))
                .putArray("test.array.f64", GgufArray.ofFloat64(1e300))
                .putArray("test.array.bool", GgufArray.ofBool(true, false, true))
                .putArray("test.array.string", GgufArray.ofStrings("a", "", "ß"))
                .putArray("test.array.empty", GgufArray.ofFloat32())
                .putArray("test.array.nested", GgufArray.ofArrays(
                        GgufArray.ofStrings("x", "y"),
                        GgufArray.ofArrays(GgufArray.ofInt32(1, 2, 3))));
    }

    /** A few metadata keys and one tensor of each listed type, two rows of 256 elements each. */
    static GgufWriter withTensors(long seed, GgmlType... types) {
        GgufWriter writer = GgufWriter.create()
                .putString("general.architecture", "test")
                .putUint32("test.count", types.length)
                .putArray("test.names", GgufArray.ofStrings("alpha", "beta"));
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < types.length; i++) {
            GgmlType type = types[i];
            byte[] data = new byte[Math.toIntExact(type.byteSize(512))];
            RandomBlocks.fill(type, random, 0.5f, data, 0, 512);
            writer.addTensor("tensor." + i + "." + type.name().toLowerCase(), new long[] {256, 2}, type, data);
        }
        return writer;
    }

    /** A vocabulary-shaped file: n tokens, scores, token types and merges. */
    static GgufWriter vocabulary(int n) {
        String[] tokens = new String[n];
        float[] scores = new float[n];
        int[] types = new int[n];
        for (int i = 0; i < n; i++) {
            tokens[i] = "tok" + i;
            scores[i] = -i;
            types[i] = i < 3 ? 3 : 1;
        }
        return GgufWriter.create()
                .putString("general.architecture", "llama")
                .putString("tokenizer.ggml.model", "gpt2")
                .putArray("tokenizer.ggml.tokens", GgufArray.ofStrings(tokens))
                .putArray("tokenizer.ggml.scores", GgufArray.ofFloat32(scores))
                .putArray("tokenizer.ggml.token_type", GgufArray.ofInt32(types))
                .putArray("tokenizer.ggml.merges", GgufArray.ofStrings("t o", "to k"))
                .putUint32("tokenizer.ggml.bos_token_id", 1)
                .putUint32("tokenizer.ggml.eos_token_id", 2)
                .putBool("tokenizer.ggml.add_bos_token", true);
    }

    static GgufFile read(byte[] image) {
        return GgufFile.read(MemorySegment.ofArray(image), Path.of("sample.gguf"));
    }

    /** Offset of the first occurrence of {@code text}'s UTF-8 bytes. */
    static int indexOf(byte[] image, String text) {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        outer:
        for (int i = 0; i + needle.length <= image.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (image[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalArgumentException(text + " not found");
    }

    /** Offset just past a key or tensor name (where its type or n_dims field starts). */
    static int after(byte[] image, String text) {
        return indexOf(image, text) + text.getBytes(StandardCharsets.UTF_8).length;
    }

    static void putU32(byte[] image, int at, long value) {
        for (int i = 0; i < 4; i++) {
            image[at + i] = (byte) (value >>> (8 * i));
        }
    }

    static void putU64(byte[] image, int at, long value) {
        for (int i = 0; i < 8; i++) {
            image[at + i] = (byte) (value >>> (8 * i));
        }
    }

    static long u64(byte[] image, int at) {
        long value = 0;
        for (int i = 7; i >= 0; i--) {
            value = value << 8 | (image[at + i] & 0xFF);
        }
        return value;
    }
}
