package dev.weightgate.engine.gguf;

/** Conversions between GGUF value types and the Java objects that carry them. */
final class GgufValues {

    private GgufValues() {
    }

    /** The Java class of a value of this type: unsigned integers keep their bits in the signed class of their width. */
    static Class<?> javaClass(GgufValueType type) {
        return switch (type) {
            case UINT8, INT8 -> Byte.class;
            case UINT16, INT16 -> Short.class;
            case UINT32, INT32 -> Integer.class;
            case UINT64, INT64 -> Long.class;
            case FLOAT32 -> Float.class;
            case FLOAT64 -> Double.class;
            case BOOL -> Boolean.class;
            case STRING -> String.class;
            case ARRAY -> GgufArray.class;
        };
    }

    /**
     * The numeric value of an integer of this type.
     *
     * @throws ArithmeticException for a UINT64 above {@link Long#MAX_VALUE}
     */
    static long integerValue(GgufValueType type, Object value) {
        Number number = (Number) value;
        return switch (type) {
            case UINT8 -> Byte.toUnsignedLong(number.byteValue());
            case UINT16 -> Short.toUnsignedLong(number.shortValue());
            case UINT32 -> Integer.toUnsignedLong(number.intValue());
            case UINT64 -> {
                long bits = number.longValue();
                if (bits < 0) {
                    throw new ArithmeticException(Long.toUnsignedString(bits) + " does not fit in a signed 64-bit integer");
                }
                yield bits;
            }
            case INT8, INT16, INT32, INT64 -> number.longValue();
            default -> throw new IllegalArgumentException(type + " is not an integer type");
        };
    }

    /** A short human-readable rendering: unsigned values as unsigned, strings quoted. */
    static String display(GgufValueType type, Object value) {
        return switch (type) {
            case UINT8 -> Integer.toString(Byte.toUnsignedInt((Byte) value));
            case UINT16 -> Integer.toString(Short.toUnsignedInt((Short) value));
            case UINT32 -> Integer.toUnsignedString((Integer) value);
            case UINT64 -> Long.toUnsignedString((Long) value);
            case STRING -> quote((String) value);
            default -> String.valueOf(value);
        };
    }

    private static String quote(String text) {
        StringBuilder quoted = new StringBuilder(text.length() + 2).append('"');
        text.codePoints().forEach(c -> {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                default -> {
                    if (Character.isISOControl(c)) {
                        quoted.append(String.format("\\u%04x", c));
                    } else {
                        quoted.appendCodePoint(c);
                    }
                }
            }
        });
        return quoted.append('"').toString();
    }
}
