package dev.weightgate.audit.internal.redaction;

/**
 * Where a detector's pattern can start. Running a regex at every position of a megabyte costs tens of milliseconds
 * per pattern; a plain loop or {@link String#indexOf} finds the few places worth trying in a fraction of that.
 * Every anchor yields a superset of the positions where its pattern can match, so nothing is missed.
 */
@FunctionalInterface
interface Anchor {

    /** The first position at or after {@code from} where the pattern may start, or -1. */
    int next(String text, int from);

    /** Where a literal occurs; for patterns that start with it. */
    static Anchor literal(String literal) {
        return (text, from) -> text.indexOf(literal, from);
    }

    /** A position satisfying {@code start} that does not follow a letter or digit. */
    static Anchor wordStart(Start start) {
        return (text, from) -> {
            for (int p = from; p < text.length(); p++) {
                if ((p == 0 || !isAsciiLetterOrDigit(text.charAt(p - 1))) && start.at(text, p)) {
                    return p;
                }
            }
            return -1;
        };
    }

    /**
     * The start of the run of {@code runChar} characters ending at an occurrence of {@code literal}: an e-mail
     * address is found by its '@', then matched from the beginning of its local part.
     */
    static Anchor runBefore(char literal, CharTest runChar) {
        return (text, from) -> {
            for (int at = text.indexOf(literal, from); at >= 0; at = text.indexOf(literal, at + 1)) {
                int start = at;
                while (start > from && runChar.test(text.charAt(start - 1))) {
                    start--;
                }
                // A run that began before 'from' was tried from its beginning already: walking back into it
                // again for every later position would make a long run quadratic.
                if (start > from || from == 0 || !runChar.test(text.charAt(from - 1))) {
                    return start;
                }
            }
            return -1;
        };
    }

    /** Whether a pattern may start at a position. */
    @FunctionalInterface
    interface Start {
        boolean at(String text, int p);
    }

    @FunctionalInterface
    interface CharTest {
        boolean test(char c);
    }

    static boolean isAsciiLetterOrDigit(char c) {
        return isAsciiLetter(c) || isDigit(c);
    }

    static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Whether {@code text} has a character at {@code p} and it passes {@code test}. */
    static boolean charAt(String text, int p, CharTest test) {
        return p < text.length() && test.test(text.charAt(p));
    }
}
