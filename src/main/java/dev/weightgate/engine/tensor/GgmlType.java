package dev.weightgate.engine.tensor;

import java.lang.foreign.MemorySegment;
import java.util.Optional;

/**
 * The tensor element types of ggml, with their on-disk ids and block layouts ({@code ggml.h}, {@code ggml.c}
 * {@code type_traits}). Every id ggml currently assigns is listed so a file can be rejected with the type's name;
 * only the types marked supported can be dequantized by Weightgate.
 */
public enum GgmlType {
    F32(0, 1, 4, true),
    F16(1, 1, 2, true),
    Q4_0(2, 32, 18, true),
    Q4_1(3, 32, 20, true),
    Q5_0(6, 32, 22, true),
    Q5_1(7, 32, 24, true),
    Q8_0(8, 32, 34, true),
    Q8_1(9, 32, 36, false),
    Q2_K(10, 256, 84, true),
    Q3_K(11, 256, 110, true),
    Q4_K(12, 256, 144, true),
    Q5_K(13, 256, 176, true),
    Q6_K(14, 256, 210, true),
    Q8_K(15, 256, 292, false),
    IQ2_XXS(16, 256, 66, false),
    IQ2_XS(17, 256, 74, false),
    IQ3_XXS(18, 256, 98, false),
    IQ1_S(19, 256, 50, false),
    IQ4_NL(20, 32, 18, false),
    IQ3_S(21, 256, 110, false),
    IQ2_S(22, 256, 82, false),
    IQ4_XS(23, 256, 136, false),
    I8(24, 1, 1, false),
    I16(25, 1, 2, false),
    I32(26, 1, 4, false),
    I64(27, 1, 8, false),
    F64(28, 1, 8, false),
    IQ1_M(29, 256, 56, false),
    BF16(30, 1, 2, true),
    TQ1_0(34, 256, 54, false),
    TQ2_0(35, 256, 66, false),
    MXFP4(39, 32, 17, true),
    NVFP4(40, 64, 36, false),
    Q1_0(41, 128, 18, false);

    private static final GgmlType[] BY_ID = new GgmlType[64];

    static {
        for (GgmlType type : values()) {
            BY_ID[type.id] = type;
        }
    }

    private final int id;
    private final int blockSize;
    private final int bytesPerBlock;
    private final boolean supported;

    GgmlType(int id, int blockSize, int bytesPerBlock, boolean supported) {
        this.id = id;
        this.blockSize = blockSize;
        this.bytesPerBlock = bytesPerBlock;
        this.supported = supported;
    }

    /** The type with this ggml id, or empty for ids ggml never assigned or has retired. */
    public static Optional<GgmlType> fromId(int id) {
        return id >= 0 && id < BY_ID.length ? Optional.ofNullable(BY_ID[id]) : Optional.empty();
    }

    /** The former name of an id ggml removed (files using it cannot be loaded by current llama.cpp either). */
    public static Optional<String> retiredName(int id) {
        return Optional.ofNullable(switch (id) {
            case 4 -> "Q4_2";
            case 5 -> "Q4_3";
            case 31 -> "Q4_0_4_4";
            case 32 -> "Q4_0_4_8";
            case 33 -> "Q4_0_8_8";
            case 36 -> "IQ4_NL_4_4";
            case 37 -> "IQ4_NL_4_8";
            case 38 -> "IQ4_NL_8_8";
            default -> null;
        });
    }

    /** The ggml id stored in GGUF tensor infos. */
    public int id() {
        return id;
    }

    /** Elements per block; rows must hold a whole number of blocks. */
    public int blockSize() {
        return blockSize;
    }

    /** Bytes one block occupies. */
    public int bytesPerBlock() {
        return bytesPerBlock;
    }

    /** True for the types Weightgate can dequantize (and therefore load). */
    public boolean isSupported() {
        return supported;
    }

    /** True for block-quantized types (more than one element per block). */
    public boolean isQuantized() {
        return blockSize > 1;
    }

    /**
     * Bytes needed for {@code elements} consecutive elements, which must be a whole number of blocks.
     *
     * @throws IllegalArgumentException if {@code elements} is negative or not a multiple of {@link #blockSize()}
     * @throws ArithmeticException if the size overflows a long
     */
    public long byteSize(long elements) {
        if (elements < 0 || elements % blockSize != 0) {
            throw new IllegalArgumentException(
                    elements + " elements of " + this + " are not a whole number of " + blockSize + "-element blocks");
        }
        return Math.multiplyExact(elements / blockSize, (long) bytesPerBlock);
    }

    /**
     * Decodes {@code count} elements starting at byte {@code offset} of {@code src} into {@code dst}, exactly as
     * ggml's {@code dequantize_row_*} does. {@code count} must be a whole number of blocks.
     *
     * @throws UnsupportedOperationException for a type that is not {@linkplain #isSupported() supported}
     */
    public void dequantize(MemorySegment src, long offset, float[] dst, int dstOffset, int count) {
        Dequantizer.dequantize(this, src, offset, dst, dstOffset, count);
    }
}
