package dev.weightgate.engine.vocab;

/**
 * The character classes llama.cpp's pre-tokenizers test ({@code unicode_cpt_flags} in {@code unicode.cpp}): one
 * category bit from the Unicode general category, plus a whitespace bit from the Unicode White_Space property.
 *
 * <p>llama.cpp generates its table from UnicodeData.txt; here the general category comes from
 * {@link Character#getType(int)}, so the two agree except for code points assigned in a Unicode version only one
 * of them knows.
 */
final class CodepointFlags {

    static final int UNDEFINED = 1;
    static final int NUMBER = 1 << 1;
    static final int LETTER = 1 << 2;
    static final int SEPARATOR = 1 << 3;
    static final int MARK = 1 << 4;
    static final int PUNCTUATION = 1 << 5;
    static final int SYMBOL = 1 << 6;
    static final int CONTROL = 1 << 7;
    static final int CATEGORIES = 0xFF;
    static final int WHITESPACE = 1 << 8;

    /** Flags of every BMP code point, precomputed because the splitters ask once or twice per character. */
    private static final short[] BMP = new short[0x10000];

    static {
        for (int cp = 0; cp < BMP.length; cp++) {
            BMP[cp] = (short) compute(cp);
        }
    }

    private CodepointFlags() {
    }

    static int of(int cp) {
        if (cp >= 0 && cp < BMP.length) {
            return BMP[cp];
        }
        return cp <= Character.MAX_CODE_POINT && cp >= 0 ? compute(cp) : 0;
    }

    static boolean isWhitespace(int cp) {
        return switch (cp) {
            case 0x20, 0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000 -> true;
            default -> (cp >= 0x09 && cp <= 0x0D) || (cp >= 0x2000 && cp <= 0x200A);
        };
    }

    private static int compute(int cp) {
        int category = switch (Character.getType(cp)) {
            case Character.UNASSIGNED -> UNDEFINED;
            case Character.CONTROL, Character.FORMAT, Character.PRIVATE_USE, Character.SURROGATE -> CONTROL;
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                 Character.MODIFIER_LETTER, Character.OTHER_LETTER -> LETTER;
            case Character.NON_SPACING_MARK, Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK -> MARK;
            case Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER -> NUMBER;
            case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                 Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                 Character.OTHER_PUNCTUATION -> PUNCTUATION;
            case Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL, Character.MODIFIER_SYMBOL,
                 Character.OTHER_SYMBOL -> SYMBOL;
            case Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> SEPARATOR;
            default -> UNDEFINED;
        };
        return isWhitespace(cp) ? category | WHITESPACE : category;
    }
}
