package dev.weightgate.audit.internal.redaction;

import static dev.weightgate.audit.internal.redaction.Anchor.charAt;
import static dev.weightgate.audit.internal.redaction.Anchor.literal;
import static dev.weightgate.audit.internal.redaction.Anchor.runBefore;
import static dev.weightgate.audit.internal.redaction.Anchor.wordStart;
import static dev.weightgate.audit.internal.redaction.RedactionKind.CARD;
import static dev.weightgate.audit.internal.redaction.RedactionKind.EMAIL;
import static dev.weightgate.audit.internal.redaction.RedactionKind.IBAN;
import static dev.weightgate.audit.internal.redaction.RedactionKind.NATIONAL_ID;
import static dev.weightgate.audit.internal.redaction.RedactionKind.PHONE;
import static dev.weightgate.audit.internal.redaction.RedactionKind.SECRET;

import dev.weightgate.audit.internal.redaction.Detector.Check;
import java.util.List;

/**
 * Every detector, in the order they run. Secrets go first because their bodies may contain what later patterns
 * would take apart (an e-mail address in a JWT, digits in a PEM block); phone numbers, the loosest shape, go last.
 *
 * <p>Each pattern is tried only where its {@link Anchor} says it may start; it begins with a lookbehind that fails
 * inside a run of the characters it consumes, and repeats possessively or a bounded number of times. A failed
 * attempt is then not retried from each following position of the same run, which keeps every pass linear in the
 * length of the text, even for a megabyte of digits or letters.
 */
final class Detectors {

    private static final Anchor DIGIT = wordStart((t, p) -> Anchor.isDigit(t.charAt(p)));

    private static final String PRIVATE_KEY_LINE = "-----(?:BEGIN|END) [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----";

    /** Line breaks, also as they appear escaped inside a JSON string. */
    private static final String BREAKS = "(?:\\s|\\\\[rn])";

    // A block without its END line (a truncated paste) is masked as far as its base64 body goes.
    private static final String PEM_PRIVATE_KEY = PRIVATE_KEY_LINE.replace("(?:BEGIN|END)", "BEGIN")
            + BREAKS + "*+"
            + "(?:[A-Za-z-]++:[^\\r\\n\\\\]*+" + BREAKS + "++)*+"   // headers: Proc-Type, DEK-Info, Version
            + "[A-Za-z0-9+/=\\s\\\\]*+"
            + "(?:" + PRIVATE_KEY_LINE.replace("(?:BEGIN|END)", "END") + ")?";

    // The header of a JWT is a JSON object: its base64url starts "ey" for {" or {<space>, "ew" for {<newline>.
    private static final String JWT =
            "(?<![A-Za-z0-9_-])e[wy][A-Za-z0-9_-]{8,}+\\.[A-Za-z0-9_-]{2,}+\\.[A-Za-z0-9_-]*+";

    private static final String BEARER =
            "(?<![A-Za-z0-9])(?i:bearer)[ \\t]++(?<token>[A-Za-z0-9._~+/-]++=*+)";

    private static final String OPENAI_OR_ANTHROPIC_KEY = "(?<![A-Za-z0-9_-])sk-[A-Za-z0-9_-]{20,}+";

    private static final String WEIGHTGATE_KEY =
            "(?<![A-Za-z0-9_])wg_live_[A-Za-z0-9]{12}_[A-Za-z0-9]{32}(?![A-Za-z0-9])";

    private static final String GITHUB_TOKEN = "(?<![A-Za-z0-9_])"
            + "(?:gh[pousr]_[A-Za-z0-9]{36,255}+|github_pat_[A-Za-z0-9_]{22,255}+)(?![A-Za-z0-9_])";

    private static final String AWS_ACCESS_KEY_ID = "(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])";

    private static final String SLACK_TOKEN = "(?<![A-Za-z0-9-])xox[abeoprs]-[A-Za-z0-9-]{10,}+";

    private static final String EMAIL_ADDRESS = "(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]++@"
            + "(?:[A-Za-z0-9-]++\\.)+[A-Za-z]{2,63}+(?![A-Za-z0-9-])";

    // Groups of four with single spaces (the printed form) or none (the electronic form); Iban cuts and checks.
    private static final String IBAN_CANDIDATE = "(?<![A-Za-z0-9])[A-Za-z]{2}[0-9]{2}"
            + "(?: ?[A-Za-z0-9]{4}){2,7}(?: ?[A-Za-z0-9]{1,3})?(?![A-Za-z0-9])";

    // Contiguous, or in groups: 4-4-4-4(-3) and shorter last groups, or Amex/Diners 4-6-5 / 4-6-4. Not part of a
    // decimal number or of a longer dashed identifier.
    private static final String CARD_CANDIDATE = "(?<![A-Za-z0-9_.,-])(?:[0-9]{13,19}"
            + "|[0-9]{4}([ -])[0-9]{4}\\1[0-9]{4}\\1[0-9]{1,4}(?:\\1[0-9]{3})?"
            + "|[0-9]{4}([ -])[0-9]{6}\\2[0-9]{4,5})(?![A-Za-z0-9_]|[.,-][0-9])";

    // AAA-GG-SSSS without the never-issued areas 000, 666, 900-999, group 00 and serial 0000.
    private static final String US_SSN = "(?<![A-Za-z0-9_-])(?!000|666|9[0-9]{2})[0-9]{3}-(?!00)[0-9]{2}"
            + "-(?!0000)[0-9]{4}(?![A-Za-z0-9_]|-[0-9])";

    // Two prefix letters (D, F, I, Q, U, V never first; D, F, I, O, Q, U, V never second; a few pairs never used),
    // six digits, a suffix A-D.
    private static final String UK_NATIONAL_INSURANCE = "(?<![A-Za-z0-9])(?!BG|GB|KN|NK|NT|TN|ZZ)"
            + "[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?[0-9]{2} ?[0-9]{2} ?[0-9]{2} ?[A-D](?![A-Za-z0-9])";

    private static final String SPANISH_DNI_OR_NIE =
            "(?<![A-Za-z0-9-])(?:[0-9]{8}|[XYZ]-?[0-9]{7})-?[A-Za-z](?![A-Za-z0-9])";

    // Nine bare digits pass the 11-test one time in eleven: only masked next to a word naming them. The dotted
    // form 1234.56.782 is particular enough to stand alone.
    private static final String DUTCH_BSN_NAMED = "(?<![A-Za-z0-9])(?i:bsn|burgerservicenummer|sofi-?nummer)"
            + "(?![A-Za-z])[^0-9\\r\\n]{0,12}+"
            + "(?<bsn>[0-9]{9}|[0-9]{4}\\.[0-9]{2}\\.[0-9]{3}|[0-9]{3} [0-9]{3} [0-9]{3})(?![0-9])";

    private static final String DUTCH_BSN_DOTTED =
            "(?<![A-Za-z0-9_.])[0-9]{4}\\.[0-9]{2}\\.[0-9]{3}(?![A-Za-z0-9_]|\\.[0-9])";

    // Phone patterns have no checksum, so they do not start inside a longer run of digit groups ("DE88 3704 0044
    // 0532 0130 00", an IBAN with wrong check digits, holds no phone number).
    private static final String NOT_AFTER_A_DIGIT_GROUP = "(?<![0-9][ ./-])";

    // +<country code>, an optional (0) trunk, then digit groups with single separators.
    private static final String PHONE_INTERNATIONAL = "(?<![A-Za-z0-9_+])\\+[0-9]{1,3}+\\)?+"
            + "(?:[ .-]?+\\([0-9]{1,4}+\\))?+(?:[ .-]?+[0-9]++)++(?![A-Za-z0-9_])";

    // North American: (415) 555-0132, 415-555-0132, 415.555.0132, 1-800-555-0199; area and exchange never start 0/1.
    private static final String PHONE_NORTH_AMERICAN = "(?<![A-Za-z0-9_+.-])" + NOT_AFTER_A_DIGIT_GROUP
            + "(?:1[ .-]?)?(?:\\([2-9][0-9]{2}\\) ?|[2-9][0-9]{2}[ .-])[2-9][0-9]{2}[ .-][0-9]{4}"
            + "(?![A-Za-z0-9_]|[.-][0-9])";

    // National with a trunk 0 (then an area code, which never starts with 0) and one separator throughout:
    // 020 7946 0958, 06 12 34 56 78, 0171/2345678. A date (01.05.2024) has too few digits; a mixed-separator run
    // (01-05-2024 1030) is refused by the backreference.
    private static final String PHONE_NATIONAL = "(?<![A-Za-z0-9_+.,/-])" + NOT_AFTER_A_DIGIT_GROUP
            + "0[1-9][0-9]{0,3}+([ ./-])[0-9]{2,8}+(?:\\1[0-9]{2,8}+){0,4}+(?![A-Za-z0-9_]|[./-][0-9])";

    private static final String PHONE_NATIONAL_BRACKETED = "(?<![A-Za-z0-9_])" + NOT_AFTER_A_DIGIT_GROUP
            + "\\(0[0-9]{1,4}+\\) ?[0-9]{2,8}+(?:[ -][0-9]{2,8}+){0,3}+(?![A-Za-z0-9_]|[.-][0-9])";

    static final List<Detector> ALL = List.of(
            Detector.of(SECRET, literal("-----BEGIN "), PEM_PRIVATE_KEY, Check.ALWAYS),
            Detector.of(SECRET, wordStart((t, p) -> t.charAt(p) == 'e' && charAt(t, p + 1, c -> c == 'y' || c == 'w')),
                    JWT, Check.accepting(Jwts::headerNamesAnAlgorithm)),
            Detector.ofGroup(SECRET, wordStart((t, p) -> t.regionMatches(true, p, "bearer", 0, 6)),
                    BEARER, "token", Check.accepting(Detectors::looksGenerated)),
            Detector.of(SECRET, literal("sk-"), OPENAI_OR_ANTHROPIC_KEY, Check.accepting(Detectors::looksGenerated)),
            Detector.of(SECRET, literal("wg_live_"), WEIGHTGATE_KEY, Check.ALWAYS),
            Detector.of(SECRET, wordStart((t, p) -> t.startsWith("gh", p) || t.startsWith("github_pat_", p)),
                    GITHUB_TOKEN, Check.ALWAYS),
            Detector.of(SECRET, wordStart((t, p) -> t.startsWith("AKIA", p) || t.startsWith("ASIA", p)),
                    AWS_ACCESS_KEY_ID, Check.ALWAYS),
            Detector.of(SECRET, literal("xox"), SLACK_TOKEN, Check.ALWAYS),
            Detector.of(EMAIL, runBefore('@', Detectors::inEmailLocalPart), EMAIL_ADDRESS, Check.ALWAYS),
            Detector.of(IBAN, wordStart((t, p) -> charAt(t, p, Anchor::isAsciiLetter)
                            && charAt(t, p + 1, Anchor::isAsciiLetter) && charAt(t, p + 2, Anchor::isDigit)
                            && charAt(t, p + 3, Anchor::isDigit)),
                    IBAN_CANDIDATE, Iban::maskedLength),
            Detector.of(CARD, DIGIT, CARD_CANDIDATE, CardNumbers::maskedLength),
            Detector.of(NATIONAL_ID, DIGIT, US_SSN, Check.ALWAYS),
            Detector.of(NATIONAL_ID, wordStart((t, p) -> charAt(t, p, Detectors::isUpper)
                            && charAt(t, p + 1, Detectors::isUpper)),
                    UK_NATIONAL_INSURANCE, Check.ALWAYS),
            Detector.of(NATIONAL_ID, wordStart((t, p) -> charAt(t, p, c -> Anchor.isDigit(c) || "XYZ".indexOf(c) >= 0)),
                    SPANISH_DNI_OR_NIE, Check.accepting(NationalIds::spanishDniOrNie)),
            Detector.ofGroup(NATIONAL_ID, wordStart((t, p) -> charAt(t, p, c -> "bBsS".indexOf(c) >= 0)),
                    DUTCH_BSN_NAMED, "bsn", Check.accepting(NationalIds::dutchBsn)),
            Detector.of(NATIONAL_ID, DIGIT, DUTCH_BSN_DOTTED, Check.accepting(NationalIds::dutchBsn)),
            Detector.of(PHONE, literal("+"), PHONE_INTERNATIONAL, Check.accepting(PhoneNumbers::international)),
            Detector.of(PHONE, wordStart((t, p) -> charAt(t, p, c -> Anchor.isDigit(c) || c == '(')),
                    PHONE_NORTH_AMERICAN, Check.ALWAYS),
            Detector.of(PHONE, wordStart((t, p) -> t.charAt(p) == '0'), PHONE_NATIONAL,
                    Check.accepting(PhoneNumbers::national)),
            Detector.of(PHONE, literal("(0"), PHONE_NATIONAL_BRACKETED, Check.accepting(PhoneNumbers::national)));

    private Detectors() {
    }

    /**
     * A token rather than a word: bearer tokens and provider keys are random, so they carry digits; "Bearer
     * instruments" or a kebab-case name starting "sk-" do not.
     */
    private static boolean inEmailLocalPart(char c) {
        return Anchor.isAsciiLetterOrDigit(c) || "._%+-".indexOf(c) >= 0;
    }

    private static boolean isUpper(char c) {
        return c >= 'A' && c <= 'Z';
    }

    private static boolean looksGenerated(String token) {
        return token.length() >= 16 && token.chars().anyMatch(Character::isDigit)
                && token.chars().anyMatch(Character::isLetter);
    }
}
