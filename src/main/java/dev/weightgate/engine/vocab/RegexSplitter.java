package dev.weightgate.engine.vocab;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A regex pre-tokenizer step: every match becomes a piece, and so does every stretch between matches.
 *
 * <p>Three views of the text reproduce how the pattern is meant to be read: llama.cpp's collapsed categories
 * (patterns with {@code \p{..}} that llama.cpp runs through {@code std::regex}), the plain text with ASCII-only
 * {@code \s} (llama.cpp's {@code std::wregex} path), or real Unicode classes (tiktoken's reading, used for o200k).
 */
final class RegexSplitter implements SplitRule {

    enum View { COLLAPSED, PLAIN, UNICODE }

    private final Pattern pattern;
    private final View view;

    private RegexSplitter(Pattern pattern, View view) {
        this.pattern = pattern;
        this.view = view;
    }

    /** A pattern as llama.cpp would run it when no hand-written splitter claims it. */
    static RegexSplitter llamaCpp(String ecmaScriptPattern) {
        boolean collapse = CollapsedCategories.usesCategories(ecmaScriptPattern);
        if (collapse && !ecmaScriptPattern.chars().allMatch(c -> c < 0x80)) {
            throw new IllegalArgumentException(
                    "a pattern with Unicode categories must be ASCII (as in llama.cpp): " + ecmaScriptPattern);
        }
        String javaPattern = CollapsedCategories.translate(ecmaScriptPattern, collapse);
        return new RegexSplitter(Pattern.compile(javaPattern), collapse ? View.COLLAPSED : View.PLAIN);
    }

    /** A pattern read with Unicode semantics: {@code \s} is White_Space and {@code (?i)} folds Unicode case. */
    static RegexSplitter unicode(String pattern) {
        return new RegexSplitter(Pattern.compile(pattern, Pattern.UNICODE_CHARACTER_CLASS), View.UNICODE);
    }

    @Override
    public IntList apply(SplitText text, IntList pieces) {
        // One matcher for all pieces: only its region moves.
        Matcher matcher = pattern.matcher(chars(text));
        IntList out = new IntList(pieces.size() * 2);
        int start = 0;
        for (int i = 0; i < pieces.size(); i++) {
            int end = start + pieces.get(i);
            split(text, matcher, start, end, out);
            start = end;
        }
        return out;
    }

    @Override
    public void splitPiece(SplitText text, int start, int end, IntList out) {
        split(text, pattern.matcher(chars(text)), start, end, out);
    }

    private CharSequence chars(SplitText text) {
        return switch (view) {
            case COLLAPSED -> text.collapsed();
            case PLAIN -> text.plain();
            case UNICODE -> text.unicode();
        };
    }

    private void split(SplitText text, Matcher matcher, int start, int end, IntList out) {
        // The region's edges act as the input's edges: lookarounds stop there and \z matches there.
        matcher.region(toChars(text, start), toChars(text, end));
        int previous = start;
        while (matcher.find()) {
            if (matcher.end() == matcher.start()) {
                continue;
            }
            int matchStart = toCodePoints(text, matcher.start());
            int matchEnd = toCodePoints(text, matcher.end());
            if (matchStart > previous) {
                out.add(matchStart - previous);
            }
            out.add(matchEnd - matchStart);
            previous = matchEnd;
        }
        if (end > previous) {
            out.add(end - previous);
        }
    }

    private int toChars(SplitText text, int codePointIndex) {
        return view == View.COLLAPSED ? codePointIndex : text.utf16Index(codePointIndex);
    }

    private int toCodePoints(SplitText text, int charIndex) {
        return view == View.COLLAPSED ? charIndex : text.codePointIndex(charIndex);
    }

    @Override
    public String toString() {
        return view + " " + pattern.pattern();
    }
}
