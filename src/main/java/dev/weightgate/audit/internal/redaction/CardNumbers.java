package dev.weightgate.audit.internal.redaction;

/**
 * Payment card numbers: 13 to 19 digits, Luhn-valid, starting with a digit card networks issue (2-6 or 8; 1 would
 * take in millisecond timestamps, which are 13 digits starting with 1 for decades yet).
 */
final class CardNumbers {

    private static final int MIN_DIGITS = 13;
    private static final int MAX_DIGITS = 19;

    private CardNumbers() {
    }

    /**
     * How much of a candidate (digits, in groups separated by spaces or dashes) is a card number: all of it, or,
     * when trailing groups belong to something else ("4111 1111 1111 1111 123"), the longest valid leading groups.
     */
    static int maskedLength(String candidate) {
        int end = candidate.length();
        while (true) {
            String digits = digitsOf(candidate, end);
            if (digits.length() < MIN_DIGITS) {
                return Detector.Check.REJECT;
            }
            if (plausible(digits)) {
                return end;
            }
            end = lastSeparatorBefore(candidate, end);
            if (end < 0) {
                return Detector.Check.REJECT;
            }
        }
    }

    static boolean plausible(String digits) {
        return digits.length() >= MIN_DIGITS && digits.length() <= MAX_DIGITS
                && "234568".indexOf(digits.charAt(0)) >= 0
                && !digits.chars().allMatch(c -> c == digits.charAt(0))
                && Luhn.valid(digits);
    }

    private static String digitsOf(String candidate, int end) {
        StringBuilder digits = new StringBuilder(MAX_DIGITS);
        for (int i = 0; i < end; i++) {
            char c = candidate.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
            }
        }
        return digits.toString();
    }

    private static int lastSeparatorBefore(String candidate, int end) {
        for (int i = end - 1; i > 0; i--) {
            char c = candidate.charAt(i);
            if (c == ' ' || c == '-') {
                return i;
            }
        }
        return -1;
    }
}
