package dev.weightgate.engine.chat;

/** The Python string methods chat templates call, with Python's semantics. */
final class Py {

    private Py() {
    }

    /**
     * Python's {@code str.isspace()} for one code point (also what Jinja's {@code trim} filter strips): the
     * characters of bidirectional class WS, B or S, or general category Zs.
     */
    static boolean isSpace(int c) {
        if (c <= 0x20) {
            return c == ' ' || (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x1f);
        }
        if (c == 0x85 || c == 0xa0) {
            return true;
        }
        if (Character.getType(c) == Character.SPACE_SEPARATOR) {
            return true;
        }
        byte direction = Character.getDirectionality(c);
        return direction == Character.DIRECTIONALITY_WHITESPACE
                || direction == Character.DIRECTIONALITY_PARAGRAPH_SEPARATOR
                || direction == Character.DIRECTIONALITY_SEGMENT_SEPARATOR;
    }

    /** {@code s.strip()}, and Jinja's {@code s | trim}. */
    static String strip(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isSpace(s.codePointAt(start))) {
            start += Character.charCount(s.codePointAt(start));
        }
        while (end > start && isSpace(s.codePointBefore(end))) {
            end -= Character.charCount(s.codePointBefore(end));
        }
        return s.substring(start, end);
    }

    /** {@code s.lstrip(chars)} for a set of BMP characters. */
    static String lstrip(String s, String chars) {
        int start = 0;
        while (start < s.length() && chars.indexOf(s.charAt(start)) >= 0) {
            start++;
        }
        return s.substring(start);
    }

    /** {@code s.rstrip(chars)} for a set of BMP characters. */
    static String rstrip(String s, String chars) {
        int end = s.length();
        while (end > 0 && chars.indexOf(s.charAt(end - 1)) >= 0) {
            end--;
        }
        return s.substring(0, end);
    }

    /** {@code s.strip(chars)}. */
    static String strip(String s, String chars) {
        return lstrip(rstrip(s, chars), chars);
    }

    /** {@code s.split(separator)[0]}. */
    static String beforeFirst(String s, String separator) {
        int at = s.indexOf(separator);
        return at < 0 ? s : s.substring(0, at);
    }

    /** {@code s.split(separator)[-1]}. */
    static String afterLast(String s, String separator) {
        int at = s.lastIndexOf(separator);
        return at < 0 ? s : s.substring(at + separator.length());
    }
}
