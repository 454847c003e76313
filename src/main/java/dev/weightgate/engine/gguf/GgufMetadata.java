package dev.weightgate.engine.gguf;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The key/value section of a GGUF file: immutable, in file order.
 *
 * <p>Raw values ({@link #get}) have one Java class per GGUF type: {@code Byte} (UINT8, INT8), {@code Short}
 * (UINT16, INT16), {@code Integer} (UINT32, INT32), {@code Long} (UINT64, INT64), {@code Float}, {@code Double},
 * {@code Boolean}, {@code String} and {@link GgufArray}. Unsigned values keep their bits; the typed getters
 * ({@link #getLong}, {@link #getIntArray}) interpret them as unsigned and range-check.
 *
 * <p>{@code getX} throws {@link GgufException} naming the key when it is absent or has an unsuitable type;
 * {@code findX} answers empty when absent and throws the same exception when the type is unsuitable, because a
 * wrongly typed key is a damaged file, not a missing option.
 */
public final class GgufMetadata {

    private static final GgufMetadata EMPTY = new GgufMetadata(new LinkedHashMap<>());

    private final Map<String, Entry> entries;

    private record Entry(GgufValueType type, Object value) {
    }

    private GgufMetadata(LinkedHashMap<String, Entry> entries) {
        this.entries = Collections.unmodifiableMap(entries);
    }

    public static GgufMetadata empty() {
        return EMPTY;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding a copy of these entries, to derive changed metadata. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        entries.forEach((key, entry) -> builder.put(key, entry.type(), entry.value()));
        return builder;
    }

    public boolean has(String key) {
        return entries.containsKey(key);
    }

    /** The keys in file order. */
    public Set<String> keys() {
        return entries.keySet();
    }

    public int size() {
        return entries.size();
    }

    /** The raw value, or null when absent. */
    public Object get(String key) {
        Entry entry = entries.get(key);
        return entry == null ? null : entry.value();
    }

    /** The value's GGUF type. */
    public GgufValueType typeOf(String key) {
        return require(key).type();
    }

    public Optional<String> findString(String key) {
        return find(key).map(entry -> {
            if (entry.value() instanceof String text) {
                return text;
            }
            throw wrongType(key, entry, "a string");
        });
    }

    public String getString(String key) {
        return findString(key).orElseThrow(() -> missing(key));
    }

    /** Any integer type, range-checked into a long. */
    public Optional<Long> findLong(String key) {
        return find(key).map(entry -> {
            if (!entry.type().isInteger()) {
                throw wrongType(key, entry, "an integer");
            }
            try {
                return GgufValues.integerValue(entry.type(), entry.value());
            } catch (ArithmeticException e) {
                throw new GgufException("metadata key " + key + ": " + e.getMessage());
            }
        });
    }

    public long getLong(String key) {
        return findLong(key).orElseThrow(() -> missing(key));
    }

    /** An integer key that must fit in an int (counts, lengths, token ids). */
    public int getInt(String key) {
        return toInt(key, getLong(key));
    }

    public Optional<Integer> findInt(String key) {
        return findLong(key).map(value -> toInt(key, value));
    }

    /** FLOAT32, or FLOAT64 rounded to float. */
    public Optional<Float> findFloat(String key) {
        return find(key).map(entry -> switch (entry.value()) {
            case Float value -> value;
            case Double value -> value.floatValue();
            default -> throw wrongType(key, entry, "a float");
        });
    }

    public float getFloat(String key) {
        return findFloat(key).orElseThrow(() -> missing(key));
    }

    public Optional<Boolean> findBoolean(String key) {
        return find(key).map(entry -> {
            if (entry.value() instanceof Boolean value) {
                return value;
            }
            throw wrongType(key, entry, "a bool");
        });
    }

    public boolean getBoolean(String key) {
        return findBoolean(key).orElseThrow(() -> missing(key));
    }

    public Optional<GgufArray> findArray(String key) {
        return find(key).map(entry -> {
            if (entry.value() instanceof GgufArray array) {
                return array;
            }
            throw wrongType(key, entry, "an array");
        });
    }

    public GgufArray getArray(String key) {
        return findArray(key).orElseThrow(() -> missing(key));
    }

    /** A string array, as a fresh copy. */
    public String[] getStringArray(String key) {
        GgufArray array = getArray(key);
        if (array.storage() instanceof String[] strings) {
            return strings.clone();
        }
        throw wrongElementType(key, array, "strings");
    }

    /** A FLOAT32 array; FLOAT64 and integer arrays are converted (some converters write scores as i32). */
    public float[] getFloatArray(String key) {
        GgufArray array = getArray(key);
        return switch (array.storage()) {
            case float[] values -> values.clone();
            case double[] values -> {
                float[] result = new float[values.length];
                for (int i = 0; i < values.length; i++) {
                    result[i] = (float) values[i];
                }
                yield result;
            }
            default -> {
                if (!array.elementType().isInteger()) {
                    throw wrongElementType(key, array, "numbers");
                }
                long[] integers = integers(key, array);
                float[] result = new float[integers.length];
                for (int i = 0; i < integers.length; i++) {
                    result[i] = integers[i];
                }
                yield result;
            }
        };
    }

    /** An array of INT8..INT32 or UINT8..UINT32 elements (or 64-bit ones in int range) as ints. */
    public int[] getIntArray(String key) {
        GgufArray array = getArray(key);
        if (array.elementType() == GgufValueType.INT32) {
            return ((int[]) array.storage()).clone();
        }
        long[] integers = integers(key, array);
        int[] result = new int[integers.length];
        for (int i = 0; i < integers.length; i++) {
            if (integers[i] < Integer.MIN_VALUE || integers[i] > Integer.MAX_VALUE) {
                throw new GgufException("metadata key " + key + ": element " + i + " (" + integers[i]
                        + ") does not fit in a 32-bit int");
            }
            result[i] = (int) integers[i];
        }
        return result;
    }

    /** An array of any integer type as longs (UINT64 above Long.MAX_VALUE is an error). */
    public long[] getLongArray(String key) {
        return integers(key, getArray(key));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof GgufMetadata that && entries.equals(that.entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    @Override
    public String toString() {
        return "GgufMetadata" + entries.keySet();
    }

    /** The value rendered for people: arrays summarized, unsigned values as unsigned, strings quoted. */
    public String display(String key) {
        Entry entry = require(key);
        return entry.value() instanceof GgufArray array ? array.summary(5) : GgufValues.display(entry.type(), entry.value());
    }

    private static long[] integers(String key, GgufArray array) {
        GgufValueType type = array.elementType();
        if (!type.isInteger()) {
            throw wrongElementType(key, array, "integers");
        }
        long[] result = new long[array.size()];
        for (int i = 0; i < result.length; i++) {
            try {
                result[i] = GgufValues.integerValue(type, array.get(i));
            } catch (ArithmeticException e) {
                throw new GgufException("metadata key " + key + ": element " + i + ": " + e.getMessage());
            }
        }
        return result;
    }

    private static int toInt(String key, long value) {
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new GgufException("metadata key " + key + " = " + value + " does not fit in a 32-bit int");
        }
        return (int) value;
    }

    private Optional<Entry> find(String key) {
        return Optional.ofNullable(entries.get(key));
    }

    private Entry require(String key) {
        Entry entry = entries.get(key);
        if (entry == null) {
            throw missing(key);
        }
        return entry;
    }

    private static GgufException missing(String key) {
        return new GgufException("metadata key " + key + " is missing");
    }

    private static GgufException wrongType(String key, Entry entry, String expected) {
        return new GgufException("metadata key " + key + " has type " + entry.type() + ", expected " + expected);
    }

    private static GgufException wrongElementType(String key, GgufArray array, String expected) {
        return new GgufException("metadata key " + key + " is an array of " + array.elementType()
                + ", expected an array of " + expected);
    }

    /**
     * Collects entries in insertion order. Putting a key again replaces its value but keeps its position, so a
     * copied key set can be amended.
     */
    public static final class Builder {

        private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Puts a raw value whose Java class matches {@code type} as {@link GgufMetadata#get} describes.
         *
         * @throws IllegalArgumentException if the key is empty or the value does not match the type
         */
        public Builder put(String key, GgufValueType type, Object value) {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(value, "value");
            if (key.isEmpty()) {
                throw new IllegalArgumentException("metadata keys must not be empty");
            }
            if (!GgufValues.javaClass(type).isInstance(value)) {
                throw new IllegalArgumentException("metadata key " + key + ": a " + type + " value must be a "
                        + GgufValues.javaClass(type).getSimpleName() + ", got " + value.getClass().getSimpleName());
            }
            entries.put(key, new Entry(type, value));
            return this;
        }

        /** Copies one entry, keeping its type. */
        public Builder copy(GgufMetadata from, String key) {
            Entry entry = from.require(key);
            return put(key, entry.type(), entry.value());
        }

        public Builder remove(String key) {
            entries.remove(key);
            return this;
        }

        public Builder putString(String key, String value) {
            return put(key, GgufValueType.STRING, value);
        }

        public Builder putBool(String key, boolean value) {
            return put(key, GgufValueType.BOOL, value);
        }

        public Builder putUint8(String key, int value) {
            return put(key, GgufValueType.UINT8, (byte) checkRange(key, value, 0, 0xFF));
        }

        public Builder putInt8(String key, int value) {
            return put(key, GgufValueType.INT8, (byte) checkRange(key, value, Byte.MIN_VALUE, Byte.MAX_VALUE));
        }

        public Builder putUint16(String key, int value) {
            return put(key, GgufValueType.UINT16, (short) checkRange(key, value, 0, 0xFFFF));
        }

        public Builder putInt16(String key, int value) {
            return put(key, GgufValueType.INT16, (short) checkRange(key, value, Short.MIN_VALUE, Short.MAX_VALUE));
        }

        public Builder putUint32(String key, long value) {
            return put(key, GgufValueType.UINT32, (int) checkRange(key, value, 0, 0xFFFF_FFFFL));
        }

        public Builder putInt32(String key, int value) {
            return put(key, GgufValueType.INT32, value);
        }

        /** An unsigned 64-bit value given by its bits. */
        public Builder putUint64(String key, long bits) {
            return put(key, GgufValueType.UINT64, bits);
        }

        public Builder putInt64(String key, long value) {
            return put(key, GgufValueType.INT64, value);
        }

        public Builder putFloat32(String key, float value) {
            return put(key, GgufValueType.FLOAT32, value);
        }

        public Builder putFloat64(String key, double value) {
            return put(key, GgufValueType.FLOAT64, value);
        }

        public Builder putArray(String key, GgufArray value) {
            return put(key, GgufValueType.ARRAY, value);
        }

        public boolean has(String key) {
            return entries.containsKey(key);
        }

        public GgufMetadata build() {
            return new GgufMetadata(new LinkedHashMap<>(entries));
        }

        private static long checkRange(String key, long value, long min, long max) {
            if (value < min || value > max) {
                throw new IllegalArgumentException(
                        "metadata key " + key + ": " + value + " is outside " + min + ".." + max);
            }
            return value;
        }
    }
}
