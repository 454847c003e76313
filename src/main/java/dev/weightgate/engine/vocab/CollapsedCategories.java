package dev.weightgate.engine.vocab;

import java.util.Map;

/**
 * llama.cpp's way of running regexes with Unicode classes on an engine that has none ({@code unicode_regex_split}):
 * every non-ASCII code point is replaced by one stand-in character for its category, and each {@code \p{..}} in
 * the pattern by a class of that stand-in plus the ASCII members of the category.
 *
 * <p>Reproducing the trick, rather than using Java's Unicode classes, keeps its quirks: {@code \p{Lu}} and
 * {@code \p{Ll}} both mean "any letter", and {@code ~} is in no ASCII category.
 */
final class CollapsedCategories {

    private static final char NUMBER = 0xD1;
    private static final char LETTER = 0xD2;
    private static final char PUNCTUATION = 0xD3;
    private static final char MARK = 0xD4;
    private static final char SYMBOL = 0xD5;
    private static final char OTHER = 0xD0;
    private static final char WHITESPACE = 0x0B;

    /** Class contents (Java regex syntax) standing for each {@code \p{..}} llama.cpp knows. */
    private static final Map<String, String> CLASS_CONTENTS = Map.of(
            "N", stand(NUMBER) + "0-9",
            "L", stand(LETTER) + "A-Za-z",
            "Lu", stand(LETTER) + "A-Za-z",
            "Ll", stand(LETTER) + "A-Za-z",
            "Lt", stand(LETTER) + "A-Za-z",
            "Lm", stand(LETTER) + "A-Za-z",
            "Lo", stand(LETTER) + "A-Za-z",
            "P", stand(PUNCTUATION) + "!-#%-*,-/:-;?-@\\[-\\]_\\{\\}",
            "M", stand(MARK),
            "S", stand(SYMBOL) + "\\$\\+<->\\^`\\|");

    private CollapsedCategories() {
    }

    static char collapse(int cp) {
        if (cp < 0x80) {
            return (char) cp;
        }
        int flags = CodepointFlags.of(cp);
        if ((flags & CodepointFlags.WHITESPACE) != 0) {
            return WHITESPACE;
        }
        return switch (flags & CodepointFlags.CATEGORIES) {
            case CodepointFlags.NUMBER -> NUMBER;
            case CodepointFlags.LETTER -> LETTER;
            case CodepointFlags.PUNCTUATION -> PUNCTUATION;
            case CodepointFlags.MARK -> MARK;
            case CodepointFlags.SYMBOL -> SYMBOL;
            default -> OTHER;
        };
    }

    /** True when llama.cpp would run this pattern on the collapsed text (it names a category it knows). */
    static boolean usesCategories(String pattern) {
        for (String name : CLASS_CONTENTS.keySet()) {
            if (pattern.contains("\\p{" + name + "}")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Translates one of llama.cpp's ECMAScript patterns into Java syntax, replacing known {@code \p{..}} classes
     * by their collapsed form when {@code collapse} is set.
     */
    static String translate(String pattern, boolean collapse) {
        StringBuilder out = new StringBuilder(pattern.length() + 32);
        boolean insideClass = false;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                int close = collapse && pattern.startsWith("p{", i + 1) ? pattern.indexOf('}', i) : -1;
                if (close > 0) {
                    String contents = CLASS_CONTENTS.get(pattern.substring(i + 3, close));
                    if (contents != null) {
                        out.append(insideClass ? contents : "[" + contents + "]");
                        i = close;
                        continue;
                    }
                }
                out.append(c).append(pattern.charAt(++i));
            } else if (c == '[' && !insideClass) {
                insideClass = true;
                out.append(c);
                if (i + 1 < pattern.length() && pattern.charAt(i + 1) == '^') {
                    out.append('^');
                    i++;
                }
            } else if (c == ']' && insideClass) {
                insideClass = false;
                out.append(c);
            } else if (insideClass && (c == '[' || c == '&')) {
                // ECMAScript takes these literally inside a class; Java would nest or intersect.
                out.append('\\').append(c);
            } else if (c == '$' && !insideClass) {
                // ECMAScript '$' is the end of the input only; Java's also matches before a final line break.
                out.append("\\z");
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String stand(char category) {
        return String.format("\\x{%X}", (int) category);
    }
}
