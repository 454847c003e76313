package dev.weightgate.engine.vocab;

/**
 * One step of a pre-tokenizer: it re-splits every current piece of the text into smaller pieces that together
 * cover the same code points. llama.cpp applies a list of such steps in order ({@code unicode_regex_split}); text
 * between two matches of a regex step stays a piece of its own.
 */
interface SplitRule {

    /** Appends to {@code out} the lengths, in code points, of the pieces that cover {@code [start, end)}. */
    void splitPiece(SplitText text, int start, int end, IntList out);

    /** Splits every piece; {@code pieces} holds lengths in code points, in order, covering the whole text. */
    default IntList apply(SplitText text, IntList pieces) {
        IntList out = new IntList(pieces.size() * 2);
        int start = 0;
        for (int i = 0; i < pieces.size(); i++) {
            int end = start + pieces.get(i);
            splitPiece(text, start, end, out);
            start = end;
        }
        return out;
    }

    /** Reads code points and their flags inside one piece; outside it both read as "nothing". */
    final class Window {
        static final int OUTSIDE = -1;

        private final SplitText text;
        private final int start;
        private final int end;

        Window(SplitText text, int start, int end) {
            this.text = text;
            this.start = start;
            this.end = end;
        }

        int codePoint(int position) {
            return position >= start && position < end ? text.codePointAt(position) : OUTSIDE;
        }

        int flags(int position) {
            return position >= start && position < end ? CodepointFlags.of(text.codePointAt(position)) : 0;
        }

        boolean is(int position, int flag) {
            return (flags(position) & flag) != 0;
        }
    }
}
