package dev.weightgate.audit.internal.redaction;

import java.util.Locale;
import java.util.Map;

/**
 * International Bank Account Numbers (ISO 13616): a country code, two check digits and a country-specific BBAN of a
 * fixed length, validated with the mod-97 checksum. Knowing each country's length lets a candidate that ran on into
 * the next word ("... 3201 from") be cut back to the IBAN itself.
 */
final class Iban {

    // The SWIFT IBAN registry's lengths. A country missing here is simply not masked: better than guessing.
    private static final Map<String, Integer> LENGTHS = Map.<String, Integer>ofEntries(
            Map.entry("AD", 24), Map.entry("AE", 23), Map.entry("AL", 28), Map.entry("AT", 20), Map.entry("AZ", 28),
            Map.entry("BA", 20), Map.entry("BE", 16), Map.entry("BG", 22), Map.entry("BH", 22), Map.entry("BI", 27),
            Map.entry("BR", 29), Map.entry("BY", 28), Map.entry("CH", 21), Map.entry("CR", 22), Map.entry("CY", 28),
            Map.entry("CZ", 24), Map.entry("DE", 22), Map.entry("DJ", 27), Map.entry("DK", 18), Map.entry("DO", 28),
            Map.entry("EE", 20), Map.entry("EG", 29), Map.entry("ES", 24), Map.entry("FI", 18), Map.entry("FK", 18),
            Map.entry("FO", 18), Map.entry("FR", 27), Map.entry("GB", 22), Map.entry("GE", 22), Map.entry("GI", 23),
            Map.entry("GL", 18), Map.entry("GR", 27), Map.entry("GT", 28), Map.entry("HN", 28), Map.entry("HR", 21),
            Map.entry("HU", 28), Map.entry("IE", 22), Map.entry("IL", 23), Map.entry("IQ", 23), Map.entry("IS", 26),
            Map.entry("IT", 27), Map.entry("JO", 30), Map.entry("KW", 30), Map.entry("KZ", 20), Map.entry("LB", 28),
            Map.entry("LC", 32), Map.entry("LI", 21), Map.entry("LT", 20), Map.entry("LU", 20), Map.entry("LV", 21),
            Map.entry("LY", 25), Map.entry("MC", 27), Map.entry("MD", 24), Map.entry("ME", 22), Map.entry("MK", 19),
            Map.entry("MN", 20), Map.entry("MR", 27), Map.entry("MT", 31), Map.entry("MU", 30), Map.entry("NI", 28),
            Map.entry("NL", 18), Map.entry("NO", 15), Map.entry("OM", 23), Map.entry("PK", 24), Map.entry("PL", 28),
            Map.entry("PS", 29), Map.entry("PT", 25), Map.entry("QA", 29), Map.entry("RO", 24), Map.entry("RS", 22),
            Map.entry("RU", 33), Map.entry("SA", 24), Map.entry("SC", 31), Map.entry("SD", 18), Map.entry("SE", 24),
            Map.entry("SI", 19), Map.entry("SK", 24), Map.entry("SM", 27), Map.entry("SO", 23), Map.entry("ST", 25),
            Map.entry("SV", 28), Map.entry("TL", 23), Map.entry("TN", 24), Map.entry("TR", 26), Map.entry("UA", 29),
            Map.entry("VA", 22), Map.entry("VG", 24), Map.entry("XK", 20), Map.entry("YE", 30));

    private Iban() {
    }

    /**
     * How much of a candidate (letters, digits and single spaces, starting with country code and check digits) is
     * a valid IBAN, or {@link Detector.Check#REJECT}.
     */
    static int maskedLength(String candidate) {
        Integer length = LENGTHS.get(candidate.substring(0, 2).toUpperCase(Locale.ROOT));
        if (length == null) {
            return Detector.Check.REJECT;
        }
        StringBuilder compact = new StringBuilder(length);
        int end = 0;
        while (end < candidate.length() && compact.length() < length) {
            char c = candidate.charAt(end++);
            if (c != ' ') {
                compact.append(Character.toUpperCase(c));
            }
        }
        boolean endsOnAGroupBoundary = end == candidate.length() || candidate.charAt(end) == ' ';
        if (compact.length() < length || !endsOnAGroupBoundary || !checksumValid(compact)) {
            return Detector.Check.REJECT;
        }
        return end;
    }

    /** ISO 7064 mod 97-10 over the IBAN with its first four characters moved to the end, letters as 10..35. */
    static boolean checksumValid(CharSequence iban) {
        int remainder = 0;
        for (int i = 0; i < iban.length(); i++) {
            char c = iban.charAt((i + 4) % iban.length());
            if (c >= '0' && c <= '9') {
                remainder = (remainder * 10 + (c - '0')) % 97;
            } else if (c >= 'A' && c <= 'Z') {
                remainder = (remainder * 100 + (c - 'A' + 10)) % 97;
            } else {
                return false;
            }
        }
        return remainder == 1;
    }
}
