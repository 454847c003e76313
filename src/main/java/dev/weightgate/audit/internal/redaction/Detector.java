package dev.weightgate.audit.internal.redaction;

import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * One shape of sensitive text: a pattern that finds candidates cheaply, and a check that decides (with checksums
 * where the format has them) how much of a candidate to mask.
 *
 * @param kind what a masked candidate is
 * @param pattern finds candidates; written to run in linear time (anchored at run starts, possessive or bounded)
 * @param group the named group to mask instead of the whole match (e.g. the token after "Bearer"), or null
 * @param check how many leading characters of the candidate to mask, or {@link Check#REJECT}
 * @param anchor finds the positions where the pattern may start, so that it is tried there only
 */
record Detector(RedactionKind kind, Pattern pattern, String group, Check check, Anchor anchor) {

    /** Decides about one candidate. */
    @FunctionalInterface
    interface Check {

        int REJECT = -1;

        /** The length of the candidate's prefix to mask (usually all of it), or {@link #REJECT}. */
        int maskedLength(String candidate);

        static Check accepting(Predicate<String> valid) {
            return candidate -> valid.test(candidate) ? candidate.length() : REJECT;
        }

        Check ALWAYS = String::length;
    }

    static Detector of(RedactionKind kind, Anchor anchor, String regex, Check check) {
        return new Detector(kind, Pattern.compile(regex), null, check, anchor);
    }

    static Detector ofGroup(RedactionKind kind, Anchor anchor, String regex, String group, Check check) {
        return new Detector(kind, Pattern.compile(regex), group, check, anchor);
    }
}
