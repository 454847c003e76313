package dev.weightgate.engine.vocab;

/**
 * The text a pre-tokenizer splits, as code points, with the views llama.cpp's splitters run their regexes on.
 * Piece boundaries are code point indexes, as in {@code unicode_regex_split}.
 *
 * <p>One instance serves one call; the views are built on first use.
 */
final class SplitText {

    private final int[] codePoints;
    private String collapsed;
    private String plain;
    private String unicode;
    private int[] utf16Index;
    private int[] codePointIndex;

    SplitText(String text) {
        int[] points = text.codePoints().toArray();
        for (int i = 0; i < points.length; i++) {
            if (points[i] >= Character.MIN_SURROGATE && points[i] <= Character.MAX_SURROGATE) {
                // A lone surrogate has no UTF-8 form; llama.cpp turns undecodable input into U+FFFD too.
                points[i] = 0xFFFD;
            }
        }
        this.codePoints = points;
    }

    int length() {
        return codePoints.length;
    }

    int codePointAt(int index) {
        return codePoints[index];
    }

    int[] codePoints() {
        return codePoints;
    }

    /**
     * One char per code point: ASCII stays itself, other whitespace becomes U+000B and every other code point
     * the stand-in of its category, so that byte-oriented regexes can test Unicode categories
     * ({@code text_collapsed} in llama.cpp).
     */
    String collapsed() {
        if (collapsed == null) {
            char[] chars = new char[codePoints.length];
            for (int i = 0; i < chars.length; i++) {
                chars[i] = CollapsedCategories.collapse(codePoints[i]);
            }
            collapsed = new String(chars);
        }
        return collapsed;
    }

    /** The text with non-ASCII whitespace replaced by U+000B, which is what ASCII-only {@code \s} matches. */
    String plain() {
        if (plain == null) {
            StringBuilder text = new StringBuilder(codePoints.length + 16);
            for (int cp : codePoints) {
                text.appendCodePoint(cp > 0x7F && CodepointFlags.isWhitespace(cp) ? 0x0B : cp);
            }
            plain = text.toString();
        }
        return plain;
    }

    /** The text itself (lone surrogates replaced), for regexes with real Unicode classes. */
    String unicode() {
        if (unicode == null) {
            unicode = new String(codePoints, 0, codePoints.length);
        }
        return unicode;
    }

    /** The UTF-16 index of code point {@code index} in {@link #plain()} and {@link #unicode()}. */
    int utf16Index(int index) {
        buildIndexes();
        return utf16Index[index];
    }

    /** The code point index of a UTF-16 index that falls on a code point boundary. */
    int codePointIndex(int utf16) {
        buildIndexes();
        return codePointIndex[utf16];
    }

    private void buildIndexes() {
        if (utf16Index != null) {
            return;
        }
        int[] toUtf16 = new int[codePoints.length + 1];
        int position = 0;
        for (int i = 0; i < codePoints.length; i++) {
            toUtf16[i] = position;
            position += Character.charCount(codePoints[i]);
        }
        toUtf16[codePoints.length] = position;
        int[] toCodePoint = new int[position + 1];
        for (int i = 0; i <= codePoints.length; i++) {
            toCodePoint[toUtf16[i]] = i;
        }
        utf16Index = toUtf16;
        codePointIndex = toCodePoint;
    }
}
