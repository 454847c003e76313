package dev.weightgate.engine.vocab;

import java.util.Arrays;

/**
 * GPT-2's byte-to-character table: byte-level BPE vocabularies spell every token as one printable character per
 * byte. Printable Latin-1 bytes stand for themselves; the 68 others (controls, space, DEL, NBSP, soft hyphen) map,
 * in byte order, to U+0100, U+0101, ... (so space is U+0120 'Ġ' and newline U+010A 'Ċ').
 */
final class ByteLevelAlphabet {

    private static final char[] CHAR_OF_BYTE = new char[256];
    private static final int[] BYTE_OF_CHAR = new int[0x100 + 68];

    static {
        Arrays.fill(BYTE_OF_CHAR, -1);
        int next = 0x100;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= 0x21 && b <= 0x7E) || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            char c = printable ? (char) b : (char) next++;
            CHAR_OF_BYTE[b] = c;
            BYTE_OF_CHAR[c] = b;
        }
    }

    private ByteLevelAlphabet() {
    }

    static char charOf(int unsignedByte) {
        return CHAR_OF_BYTE[unsignedByte];
    }

    /** The byte a character stands for, or -1 when it is not in the alphabet. */
    static int byteOf(int codePoint) {
        return codePoint >= 0 && codePoint < BYTE_OF_CHAR.length ? BYTE_OF_CHAR[codePoint] : -1;
    }

    /** Spells bytes the way a byte-level vocabulary does. */
    static String encode(byte[] bytes, int offset, int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = CHAR_OF_BYTE[bytes[offset + i] & 0xFF];
        }
        return new String(chars);
    }

    static String encode(byte[] bytes) {
        return encode(bytes, 0, bytes.length);
    }
}
