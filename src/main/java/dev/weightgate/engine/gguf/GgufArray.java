package dev.weightgate.engine.gguf;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * An immutable GGUF array value: an element type and the elements. Numeric arrays are kept as primitive arrays (a
 * 200k-entry score table costs 800 KB, not 200k boxes); {@link #values()} is a boxed read-only view whose elements
 * have the same Java classes as scalar metadata values (see {@link GgufMetadata#get(String)}).
 *
 * <p>Arrays of arrays are allowed by the GGUF spec (each inner array carries its own element type) though llama.cpp
 * refuses them; they are supported here so such files can at least be read and inspected.
 */
public final class GgufArray {

    private final GgufValueType elementType;
    /** byte[], short[], int[], long[], float[], double[], boolean[], String[] or GgufArray[], by element type. */
    private final Object storage;
    private final int size;

    private GgufArray(GgufValueType elementType, Object storage) {
        this.elementType = elementType;
        this.storage = storage;
        this.size = java.lang.reflect.Array.getLength(storage);
    }

    public static GgufArray ofUint8(byte... values) {
        return new GgufArray(GgufValueType.UINT8, values.clone());
    }

    public static GgufArray ofInt8(byte... values) {
        return new GgufArray(GgufValueType.INT8, values.clone());
    }

    public static GgufArray ofUint16(short... values) {
        return new GgufArray(GgufValueType.UINT16, values.clone());
    }

    public static GgufArray ofInt16(short... values) {
        return new GgufArray(GgufValueType.INT16, values.clone());
    }

    /** Unsigned 32-bit elements; Java ints hold the raw bits. */
    public static GgufArray ofUint32(int... values) {
        return new GgufArray(GgufValueType.UINT32, values.clone());
    }

    public static GgufArray ofInt32(int... values) {
        return new GgufArray(GgufValueType.INT32, values.clone());
    }

    public static GgufArray ofUint64(long... values) {
        return new GgufArray(GgufValueType.UINT64, values.clone());
    }

    public static GgufArray ofInt64(long... values) {
        return new GgufArray(GgufValueType.INT64, values.clone());
    }

    public static GgufArray ofFloat32(float... values) {
        return new GgufArray(GgufValueType.FLOAT32, values.clone());
    }

    public static GgufArray ofFloat64(double... values) {
        return new GgufArray(GgufValueType.FLOAT64, values.clone());
    }

    public static GgufArray ofBool(boolean... values) {
        return new GgufArray(GgufValueType.BOOL, values.clone());
    }

    public static GgufArray ofStrings(String... values) {
        String[] copy = values.clone();
        for (String value : copy) {
            Objects.requireNonNull(value, "array element");
        }
        return new GgufArray(GgufValueType.STRING, copy);
    }

    public static GgufArray ofStrings(List<String> values) {
        return ofStrings(values.toArray(String[]::new));
    }

    /** An array whose elements are arrays (each with its own element type). */
    public static GgufArray ofArrays(GgufArray... values) {
        GgufArray[] copy = values.clone();
        for (GgufArray value : copy) {
            Objects.requireNonNull(value, "array element");
        }
        return new GgufArray(GgufValueType.ARRAY, copy);
    }

    /** Wraps storage the reader has just filled; no copy, since nobody else holds it. */
    static GgufArray wrap(GgufValueType elementType, Object storage) {
        return new GgufArray(elementType, storage);
    }

    public GgufValueType elementType() {
        return elementType;
    }

    public int size() {
        return size;
    }

    /** Element {@code index}, boxed as the scalar value of the element type would be. */
    public Object get(int index) {
        Objects.checkIndex(index, size);
        return switch (storage) {
            case byte[] a -> a[index];
            case short[] a -> a[index];
            case int[] a -> a[index];
            case long[] a -> a[index];
            case float[] a -> a[index];
            case double[] a -> a[index];
            case boolean[] a -> a[index];
            case Object[] a -> a[index];
            default -> throw new IllegalStateException("unexpected storage " + storage.getClass());
        };
    }

    /** A read-only boxed view of the elements. */
    public List<Object> values() {
        return new View();
    }

    /** The primitive (or object) array holding the elements; callers must not modify it. */
    Object storage() {
        return storage;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof GgufArray that
                && elementType == that.elementType
                && Arrays.deepEquals(new Object[] {storage}, new Object[] {that.storage});
    }

    @Override
    public int hashCode() {
        return 31 * elementType.hashCode() + Arrays.deepHashCode(new Object[] {storage});
    }

    /** A summary such as {@code STRING[32000] ["<unk>", "<s>", "</s>", ...]}, never the whole array. */
    @Override
    public String toString() {
        return summary(5);
    }

    /** The element type, the length and the first {@code limit} elements. */
    public String summary(int limit) {
        StringBuilder text = new StringBuilder().append(elementType).append('[').append(size).append("] [");
        int shown = Math.min(limit, size);
        for (int i = 0; i < shown; i++) {
            if (i > 0) {
                text.append(", ");
            }
            text.append(GgufValues.display(elementType, get(i)));
        }
        if (size > shown) {
            text.append(shown > 0 ? ", ..." : "...");
        }
        return text.append(']').toString();
    }

    private final class View extends AbstractList<Object> implements RandomAccess {
        @Override
        public Object get(int index) {
            return GgufArray.this.get(index);
        }

        @Override
        public int size() {
            return size;
        }
    }
}
