package dev.weightgate.engine.generate;

import java.util.List;

/**
 * Finds stop strings in generated text as it grows. Text that could still become the start of a stop string is held
 * back (llama.cpp's server does the same), so what has been released never has to be taken back. {@link
 * #heldBack(CharSequence, String)} is the same rule for readers of other markers ({@code <tool_call>},
 * {@code </think>}).
 */
public final class StopStrings {

    private final List<String> stops;
    private final StringBuilder held = new StringBuilder();
    private boolean stopped;

    StopStrings(List<String> stops) {
        this.stops = stops;
    }

    /** Whether a stop string has been found; nothing more is accepted then. */
    boolean stopped() {
        return stopped;
    }

    /** Adds generated text and answers what may be released now. */
    String append(String text) {
        if (stopped) {
            throw new IllegalStateException("a stop string was already found");
        }
        if (stops.isEmpty()) {
            return text;
        }
        held.append(text);
        int earliest = -1;
        for (String stop : stops) {
            int at = held.indexOf(stop);
            if (at >= 0 && (earliest < 0 || at < earliest)) {
                earliest = at;
            }
        }
        if (earliest >= 0) {
            stopped = true;
            String released = held.substring(0, earliest);
            held.setLength(0);
            return released;
        }
        int keep = longestSuffixThatStartsAStop();
        String released = held.substring(0, held.length() - keep);
        held.delete(0, held.length() - keep);
        return released;
    }

    /** Releases what was held: the generation ended for another reason, so it can no longer become a stop string. */
    String flush() {
        String rest = held.toString();
        held.setLength(0);
        return rest;
    }

    private int longestSuffixThatStartsAStop() {
        int longest = 0;
        for (String stop : stops) {
            longest = Math.max(longest, heldBack(held, stop));
        }
        return longest;
    }

    /**
     * How many characters at the end of {@code text} must be held back because they could be the start of {@code
     * marker}: the length of the longest end of the text that is a proper beginning of the marker.
     */
    public static int heldBack(CharSequence text, String marker) {
        String end = text.subSequence(Math.max(0, text.length() - (marker.length() - 1)), text.length()).toString();
        for (int length = end.length(); length > 0; length--) {
            if (end.regionMatches(end.length() - length, marker, 0, length)) {
                return length;
            }
        }
        return 0;
    }
}
