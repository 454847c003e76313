package dev.weightgate.engine.vocab;

/**
 * The regex {@code \s+$} (deepseek-llm): the whitespace that ends a piece becomes a piece of its own.
 *
 * <p>Written out because a regex engine retries {@code \s+$} at every position of a long whitespace run that is
 * followed by other text, which is quadratic; this looks at each code point once.
 */
final class TrailingWhitespaceSplitter implements SplitRule {

    @Override
    public void splitPiece(SplitText text, int start, int end, IntList out) {
        int runStart = end;
        while (runStart > start && CodepointFlags.isWhitespace(text.codePointAt(runStart - 1))) {
            runStart--;
        }
        if (runStart > start) {
            out.add(runStart - start);
        }
        if (end > runStart) {
            out.add(end - runStart);
        }
    }
}
