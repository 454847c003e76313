package dev.weightgate.engine.vocab;

/** UTF-8 helpers for code points the tokenizers have already made valid. */
final class Utf8 {

    private Utf8() {
    }

    /** Writes the UTF-8 form of a code point at {@code offset} and answers the number of bytes written. */
    static int encode(int cp, byte[] out, int offset) {
        if (cp < 0x80) {
            out[offset] = (byte) cp;
            return 1;
        }
        if (cp < 0x800) {
            out[offset] = (byte) (0xC0 | (cp >> 6));
            out[offset + 1] = (byte) (0x80 | (cp & 0x3F));
            return 2;
        }
        if (cp < 0x10000) {
            out[offset] = (byte) (0xE0 | (cp >> 12));
            out[offset + 1] = (byte) (0x80 | ((cp >> 6) & 0x3F));
            out[offset + 2] = (byte) (0x80 | (cp & 0x3F));
            return 3;
        }
        out[offset] = (byte) (0xF0 | (cp >> 18));
        out[offset + 1] = (byte) (0x80 | ((cp >> 12) & 0x3F));
        out[offset + 2] = (byte) (0x80 | ((cp >> 6) & 0x3F));
        out[offset + 3] = (byte) (0x80 | (cp & 0x3F));
        return 4;
    }

    /**
     * The text with every unpaired surrogate replaced by U+FFFD (the same length): such text has no UTF-8 form, and
     * llama.cpp reads undecodable input as U+FFFD too. Answers the text itself when it is well formed.
     */
    static String withoutLoneSurrogates(String text) {
        char[] chars = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!Character.isSurrogate(c)) {
                continue;
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
                continue;
            }
            if (chars == null) {
                chars = text.toCharArray();
            }
            chars[i] = '\uFFFD';
        }
        return chars == null ? text : new String(chars);
    }

    /**
     * The length of the longest prefix that does not end inside a multi-byte character: a lead byte near the end
     * with fewer continuation bytes after it than it announces is held back (as llama.cpp's server does).
     */
    static int completePrefixLength(byte[] bytes, int length) {
        for (int back = 1; back <= Math.min(3, length); back++) {
            int b = bytes[length - back] & 0xFF;
            if ((b & 0xC0) == 0x80) {
                continue;
            }
            int needed = (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : (b & 0xF8) == 0xF0 ? 4 : 1;
            return back < needed ? length - back : length;
        }
        return length;
    }
}
