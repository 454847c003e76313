package dev.weightgate.engine.vocab;

import static dev.weightgate.engine.vocab.CodepointFlags.LETTER;
import static dev.weightgate.engine.vocab.CodepointFlags.NUMBER;
import static dev.weightgate.engine.vocab.CodepointFlags.WHITESPACE;

/**
 * The GPT-2 pre-tokenizer regex
 * {@code 's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+} written out by hand, as
 * llama.cpp does ({@code unicode_regex_split_custom_gpt2}): one pass, no backtracking, and llama.cpp's own
 * reading of the edge cases.
 */
final class Gpt2Splitter implements SplitRule {

    static final String PATTERN = "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)";

    @Override
    public void splitPiece(SplitText text, int start, int end, IntList out) {
        Window window = new Window(text, start, end);
        int pos = start;
        while (pos < end) {
            int next = matchEnd(window, pos, end);
            out.add(next - pos);
            pos = next;
        }
    }

    private static int matchEnd(Window w, int pos, int end) {
        int cp = w.codePoint(pos);
        if (cp == '\'' && pos + 1 < end) {
            int c1 = w.codePoint(pos + 1);
            if (c1 == 's' || c1 == 't' || c1 == 'm' || c1 == 'd') {
                return pos + 2;
            }
            if (pos + 2 < end) {
                int c2 = w.codePoint(pos + 2);
                if ((c1 == 'r' && c2 == 'e') || (c1 == 'v' && c2 == 'e') || (c1 == 'l' && c2 == 'l')) {
                    return pos + 3;
                }
            }
        }
        // An optional leading space joins the run that follows it.
        int first = cp == ' ' ? pos + 1 : pos;
        int flags = w.flags(first);
        if ((flags & LETTER) != 0) {
            return runEnd(w, first, LETTER);
        }
        if ((flags & NUMBER) != 0) {
            return runEnd(w, first, NUMBER);
        }
        if (isOther(flags)) {
            int p = first;
            while (isOther(w.flags(p))) {
                p++;
            }
            return p;
        }
        int spaces = 0;
        while (w.is(pos + spaces, WHITESPACE)) {
            spaces++;
        }
        if (spaces > 1 && w.codePoint(pos + spaces) != Window.OUTSIDE) {
            // \s+(?!\S): leave the last whitespace to prefix the word that follows.
            return pos + spaces - 1;
        }
        if (spaces > 0) {
            return pos + spaces;
        }
        return pos + 1;
    }

    private static int runEnd(Window w, int from, int flag) {
        int p = from;
        while (w.is(p, flag)) {
            p++;
        }
        return p;
    }

    /** [^\s\p{L}\p{N}], where a position outside the piece matches nothing. */
    private static boolean isOther(int flags) {
        return flags != 0 && (flags & (WHITESPACE | LETTER | NUMBER)) == 0;
    }
}
