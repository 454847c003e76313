package dev.weightgate.audit.internal.redaction;

/** Plausibility of phone number candidates, which the patterns find by shape alone. */
final class PhoneNumbers {

    private PhoneNumbers() {
    }

    /**
     * An international number ({@code +44 20 7946 0958}): 8 to 15 digits as E.164 allows, not counting a bracketed
     * trunk prefix {@code (0)}; and not a signed number with dots as thousands separators ({@code +100.000.000}).
     */
    static boolean international(String candidate) {
        String withoutTrunk = candidate.replace("(0)", "");
        long digits = withoutTrunk.chars().filter(Character::isDigit).count();
        return digits >= 8 && digits <= 15 && !looksLikeThousands(withoutTrunk);
    }

    /** A national number with a trunk 0 ({@code 020 7946 0958}, {@code 06 12 34 56 78}): 9 to 12 digits. */
    static boolean national(String candidate) {
        long digits = candidate.chars().filter(Character::isDigit).count();
        return digits >= 9 && digits <= 12;
    }

    private static boolean looksLikeThousands(String candidate) {
        String[] groups = candidate.substring(1).split("\\.", -1);
        if (groups.length < 2) {
            return false;
        }
        for (int i = 1; i < groups.length; i++) {
            if (!groups[i].matches("\\d{3}")) {
                return false;
            }
        }
        return true;
    }
}
