package dev.weightgate.engine.vocab;

import static dev.weightgate.engine.vocab.CodepointFlags.LETTER;
import static dev.weightgate.engine.vocab.CodepointFlags.NUMBER;
import static dev.weightgate.engine.vocab.CodepointFlags.WHITESPACE;

/**
 * The Llama 3 pre-tokenizer regex ({@link #PATTERN_CASE_INSENSITIVE}) written out by hand, as llama.cpp does
 * ({@code unicode_regex_split_custom_llama3}): one pass, no backtracking, case-insensitive contractions.
 */
final class Llama3Splitter implements SplitRule {

    /** Everything after the contractions. */
    private static final String AFTER_CONTRACTIONS = "|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}"
            + "| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

    /** The two spellings llama.cpp recognises as this pattern. */
    static final String PATTERN = "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])" + AFTER_CONTRACTIONS;
    static final String PATTERN_CASE_INSENSITIVE = "(?i:'s|'t|'re|'ve|'m|'ll|'d)" + AFTER_CONTRACTIONS;

    @Override
    public void splitPiece(SplitText text, int start, int end, IntList out) {
        Window window = new Window(text, start, end);
        int pos = start;
        while (pos < end) {
            pos = emitMatches(window, pos, end, out);
        }
    }

    /** Emits the piece(s) starting at {@code pos} and answers where the next one starts. */
    private static int emitMatches(Window w, int pos, int end, IntList out) {
        int cp = w.codePoint(pos);
        int flags = w.flags(pos);
        if (cp == '\'' && pos + 1 < end) {
            int c1 = asciiLower(w.codePoint(pos + 1));
            if (c1 == 's' || c1 == 't' || c1 == 'm' || c1 == 'd') {
                return emit(out, pos, pos + 2);
            }
            if (pos + 2 < end) {
                int c2 = asciiLower(w.codePoint(pos + 2));
                if ((c1 == 'r' && c2 == 'e') || (c1 == 'v' && c2 == 'e') || (c1 == 'l' && c2 == 'l')) {
                    return emit(out, pos, pos + 3);
                }
            }
        }
        // [^\r\n\p{L}\p{N}]?\p{L}+
        if (cp != '\r' && cp != '\n' && (flags & NUMBER) == 0
                && ((flags & LETTER) != 0 || w.is(pos + 1, LETTER))) {
            int p = pos + 1;
            while (w.is(p, LETTER)) {
                p++;
            }
            return emit(out, pos, p);
        }
        // \p{N}{1,3}: a run of digits is cut into threes from the left.
        if ((flags & NUMBER) != 0) {
            int p = pos;
            int groupStart = pos;
            while (w.is(p, NUMBER)) {
                p++;
                if (p - groupStart >= 3) {
                    out.add(p - groupStart);
                    groupStart = p;
                }
            }
            if (p > groupStart) {
                out.add(p - groupStart);
            }
            return p;
        }
        // ' ?[^\s\p{L}\p{N}]+[\r\n]*'; llama.cpp tests the current character's flags, not the next one's,
        // so a lone trailing space also ends up here.
        int next = cp == ' ' ? w.flags(pos + 1) : flags;
        if ((next & (WHITESPACE | LETTER | NUMBER)) == 0 && flags != 0) {
            int p = cp == ' ' ? pos + 1 : pos;
            int f = next;
            while ((f & (WHITESPACE | LETTER | NUMBER)) == 0 && f != 0) {
                f = w.flags(++p);
            }
            int c = w.codePoint(p);
            while (c == '\r' || c == '\n') {
                c = w.codePoint(++p);
            }
            return emit(out, pos, p);
        }
        int spaces = 0;
        int afterLastNewline = 0;
        while (w.is(pos + spaces, WHITESPACE)) {
            int c = w.codePoint(pos + spaces);
            if (c == '\r' || c == '\n') {
                afterLastNewline = pos + spaces + 1;
            }
            spaces++;
        }
        if (afterLastNewline > 0) {
            return emit(out, pos, afterLastNewline);
        }
        if (spaces > 1 && w.codePoint(pos + spaces) != Window.OUTSIDE) {
            return emit(out, pos, pos + spaces - 1);
        }
        if (spaces > 0) {
            return emit(out, pos, pos + spaces);
        }
        return emit(out, pos, pos + 1);
    }

    private static int emit(IntList out, int from, int to) {
        out.add(to - from);
        return to;
    }

    /** llama.cpp lower-cases with the Unicode table; only ASCII letters can make a contraction either way. */
    private static int asciiLower(int cp) {
        return cp >= 'A' && cp <= 'Z' ? cp + ('a' - 'A') : cp;
    }
}
