package dev.weightgate.audit.internal.redaction;

import java.util.Locale;

/**
 * Checksums of the national identifiers that have one. US SSNs and UK National Insurance numbers have none: their
 * patterns alone exclude the ranges never issued.
 */
final class NationalIds {

    private static final String DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE";

    private NationalIds() {
    }

    /**
     * A Spanish DNI (8 digits and a letter) or NIE (X, Y or Z, 7 digits and a letter), with or without dashes: the
     * letter is the number mod 23, an NIE's prefix counting as 0, 1 or 2.
     */
    static boolean spanishDniOrNie(String candidate) {
        String id = candidate.replace("-", "").toUpperCase(Locale.ROOT);
        String digits = id.substring(0, id.length() - 1);
        int prefix = "XYZ".indexOf(digits.charAt(0));
        if (prefix >= 0) {
            digits = prefix + digits.substring(1);
        }
        return digits.length() == 8 && DNI_LETTERS.charAt(Integer.parseInt(digits) % 23) == id.charAt(id.length() - 1);
    }

    /**
     * A Dutch BSN: nine digits (dots or spaces between groups allowed) passing the "11-test", weights 9..2 and -1.
     */
    static boolean dutchBsn(String candidate) {
        String digits = candidate.replaceAll("[^0-9]", "");
        if (digits.length() != 9 || digits.chars().allMatch(c -> c == '0')) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < 8; i++) {
            sum += (9 - i) * (digits.charAt(i) - '0');
        }
        sum -= digits.charAt(8) - '0';
        return sum % 11 == 0;
    }
}
