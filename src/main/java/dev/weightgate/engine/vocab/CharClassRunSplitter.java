package dev.weightgate.engine.vocab;

import java.util.BitSet;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The regexes {@code [set]+} and {@code \s?[set]+} where the set is literal characters and ranges (DeepSeek's
 * letter, punctuation and CJK classes), matched with a bit set. Java's regex engine tests such a class range by
 * range, which made these steps the slowest part of DeepSeek tokenization.
 *
 * <p>Matching follows llama.cpp's plain view of the text: {@code \s} is ASCII whitespace, and non-ASCII whitespace
 * counts as U+000B, both for {@code \s} and for membership in the set.
 */
final class CharClassRunSplitter implements SplitRule {

    private static final Pattern SHAPE = Pattern.compile("(\\\\s\\?)?\\[([^\\^\\]][^\\]]*)\\]\\+");

    private final boolean optionalLeadingSpace;
    private final BitSet members;

    private CharClassRunSplitter(boolean optionalLeadingSpace, BitSet members) {
        this.optionalLeadingSpace = optionalLeadingSpace;
        this.members = members;
    }

    /** A splitter for the pattern, or empty when it is not of the shape this class handles. */
    static Optional<CharClassRunSplitter> forPattern(String pattern) {
        Matcher shape = SHAPE.matcher(pattern);
        if (!shape.matches()) {
            return Optional.empty();
        }
        int[] body = shape.group(2).codePoints().toArray();
        BitSet members = new BitSet();
        for (int i = 0; i < body.length; i++) {
            if (body[i] == '\\' || body[i] == '[') {
                return Optional.empty();
            }
            if (i + 2 < body.length && body[i + 1] == '-') {
                if (body[i + 2] == '\\' || body[i + 2] < body[i]) {
                    return Optional.empty();
                }
                members.set(body[i], body[i + 2] + 1);
                i += 2;
            } else {
                members.set(body[i]);
            }
        }
        return Optional.of(new CharClassRunSplitter(shape.group(1) != null, members));
    }

    @Override
    public void splitPiece(SplitText text, int start, int end, IntList out) {
        int previous = start;
        int pos = start;
        while (pos < end) {
            int matchEnd = -1;
            if (optionalLeadingSpace && isSpace(text.codePointAt(pos)) && pos + 1 < end
                    && isMember(text.codePointAt(pos + 1))) {
                matchEnd = runEnd(text, pos + 1, end);
            } else if (isMember(text.codePointAt(pos))) {
                matchEnd = runEnd(text, pos, end);
            }
            if (matchEnd < 0) {
                pos++;
                continue;
            }
            if (pos > previous) {
                out.add(pos - previous);
            }
            out.add(matchEnd - pos);
            previous = matchEnd;
            pos = matchEnd;
        }
        if (end > previous) {
            out.add(end - previous);
        }
    }

    private int runEnd(SplitText text, int from, int end) {
        int p = from;
        while (p < end && isMember(text.codePointAt(p))) {
            p++;
        }
        return p;
    }

    private boolean isMember(int cp) {
        return members.get(cp > 0x7F && CodepointFlags.isWhitespace(cp) ? 0x0B : cp);
    }

    private static boolean isSpace(int cp) {
        return CodepointFlags.isWhitespace(cp);
    }
}
