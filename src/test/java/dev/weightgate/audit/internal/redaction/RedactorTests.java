package dev.weightgate.audit.internal.redaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class RedactorTests {

    private static final String JWT = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"
            + ".eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ"
            + ".SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";

    private static final String PEM = """
            -----BEGIN PRIVATE KEY-----
            MC4CAQAwBQYDK2VwBCIEIHVlZHNhLXRlc3Qta2V5LW1hdGVyaWFsLWhlcmUhIQ==
            MC4CAQAwBQYDK2VwBCIEIHVlZHNhLXRlc3Qta2V5LW1hdGVyaWFsLWhlcmUhIQ==
            -----END PRIVATE KEY-----""";

    private final Redactor redactor = new Redactor();

    static Stream<Arguments> masked() {
        return Stream.of(
                // e-mail
                arguments("Mail jane.doe+audit@example.co.uk today.", "Mail [EMAIL] today."),
                arguments("<a href=\"mailto:ops@weightgate.dev\">", "<a href=\"mailto:[EMAIL]\">"),
                arguments("Write to bob@example.com.", "Write to [EMAIL]."),
                // phone numbers
                arguments("Call +1 415 555 0132 now", "Call [PHONE] now"),
                arguments("Call +44 20 7946 0958.", "Call [PHONE]."),
                arguments("Contact: +1 (415) 555-0132, tel:+14155550132", "Contact: [PHONE], tel:[PHONE]"),
                arguments("Ruf an: +49 (0)30 1234567", "Ruf an: [PHONE]"),
                arguments("mobile +33612345678", "mobile [PHONE]"),
                arguments("Office (415) 555-0132", "Office [PHONE]"),
                arguments("or 415.555.0132 or 1-800-555-0199", "or [PHONE] or [PHONE]"),
                arguments("London 020 7946 0958", "London [PHONE]"),
                arguments("Paris 06 12 34 56 78", "Paris [PHONE]"),
                arguments("Berlin 0171/2345678 or (030) 1234567", "Berlin [PHONE] or [PHONE]"),
                // IBANs, printed and electronic, and cut back from a following word
                arguments("IBAN DE89 3704 0044 0532 0130 00 please", "IBAN [IBAN] please"),
                arguments("to GB82WEST12345698765432.", "to [IBAN]."),
                arguments("NL91 ABNA 0417 1643 00", "[IBAN]"),
                arguments("FR14 2004 1010 0505 0001 3M02 606", "[IBAN]"),
                arguments("BE68 5390 0754 7034 from Ann", "[IBAN] from Ann"),
                arguments("Konto: no9386011117947", "Konto: [IBAN]"),
                // payment cards, Luhn-valid
                arguments("card 4111 1111 1111 1111 exp 12/29", "card [CARD] exp 12/29"),
                arguments("card 5555-5555-5555-4444", "card [CARD]"),
                arguments("amex 3782 822463 10005 and 378282246310005", "amex [CARD] and [CARD]"),
                arguments("pan=6011111111111117;", "pan=[CARD];"),
                arguments("4012 8888 8888 1881 123 is the card and CVV", "[CARD] 123 is the card and CVV"),
                // national ids
                arguments("SSN 123-45-6789.", "SSN [NATIONAL_ID]."),
                arguments("NINO AB 12 34 56 C and JG103759A", "NINO [NATIONAL_ID] and [NATIONAL_ID]"),
                arguments("DNI 12345678Z, NIE X1234567L, 12345678-Z",
                        "DNI [NATIONAL_ID], NIE [NATIONAL_ID], [NATIONAL_ID]"),
                arguments("BSN: 111222333", "BSN: [NATIONAL_ID]"),
                arguments("burgerservicenummer is 123456782", "burgerservicenummer is [NATIONAL_ID]"),
                arguments("bsn 1234.56.782 and 1112.22.333", "bsn [NATIONAL_ID] and [NATIONAL_ID]"),
                // secrets
                arguments("key sk-proj-Ab3dEf6hIj9kLmN0pQrStUvWxYz_12-ab", "key [SECRET]"),
                arguments("sk-ant-api03-AbCdEf0123456789AbCdEf0123456789-xyz_AA", "[SECRET]"),
                arguments("OPENAI_API_KEY=sk-Ab3dEf6hIj9kLmN0pQrStUvWxYz1234567890abcd", "OPENAI_API_KEY=[SECRET]"),
                arguments("use wg_live_AbCdEf012345_0123456789abcdefABCDEF0123456789 here", "use [SECRET] here"),
                arguments("token ghp_0123456789abcdefghijABCDEFGHIJ012345!", "token [SECRET]!"),
                arguments("github_pat_11ABCDEFG0123456789_abcdefghijKLMNOPQRSTuvwxyz0123456789",
                        "[SECRET]"),
                arguments("aws_access_key_id = AKIAIOSFODNN7EXAMPLE", "aws_access_key_id = [SECRET]"),
                arguments("SLACK=xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx", "SLACK=[SECRET]"),
                arguments("here:\n" + PEM + "\nthanks.", "here:\n[SECRET]\nthanks."),
                arguments("{\"key\":\"-----BEGIN RSA PRIVATE KEY-----\\nMIIEpAIBAAKCAQEA0Z3VS5JJcds3xfn/ygWyF8PbnGy\\n"
                        + "-----END RSA PRIVATE KEY-----\\n\"}", "{\"key\":\"[SECRET]\\n\"}"),
                arguments("truncated -----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA",
                        "truncated [SECRET]"),
                arguments("id_token=" + JWT + "&state=1", "id_token=[SECRET]&state=1"),
                arguments("Authorization: Bearer 7f3a9c2e51b04d8aa1f6e0c93b27d4e5", "Authorization: Bearer [SECRET]"),
                arguments("authorization: bearer " + JWT, "authorization: bearer [SECRET]"));
    }

    @ParameterizedTest
    @MethodSource
    void masked(String text, String expected) {
        assertThat(redactor.redact(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Plain prose, nothing to hide: the bearer of good news arrived at 10:30.",
            "Bearer instruments-and-derivatives are a topic.",
            // numbers that are not cards
            "Luhn fails: 4111 1111 1111 1112 and 4111111111111112",
            "A millisecond timestamp 1715936400000 and 17159364000001",
            "Order 1234 5678 9012 3456 is not a card",
            "prices: $1,299.00, 4,111,111.11 EUR, 12.99, 0.0001",
            // IBAN with wrong check digits, unknown country, or too short
            "DE88 3704 0044 0532 0130 00",
            "QQ89 3704 0044 0532 0130 00",
            "DE89 3704 0044",
            // SSN ranges never issued
            "000-12-3456 666-12-3456 912-34-5678 123-00-4567 123-45-0000",
            // NINO prefixes never issued, and a missing suffix
            "DA123456C QQ123456C GB123456A AB123456",
            // DNI with a wrong letter, BSN failing the 11-test, BSN-like numbers with no name
            "12345678A X1234567A BSN: 111222334 order 111222333",
            // versions, dates, times, addresses, identifiers
            "version 1.2.3, v10.0.21, Java 25.0.1, build 2024.05.17, ISBN 978-3-16-148410-0",
            "2024-05-17, 17.05.2024, 05/17/2024, 01-05-2024 1030, 2024-05-17T10:30:00Z",
            "hosts 192.168.100.200 and 10.0.0.1:8080, ::1",
            "uuid 123e4567-e89b-12d3-a456-426614174000 and 12345678-1234-1234-1234-123456789012",
            "a score of +100.000.000 or +12 points, 3+4=7, +1.5%",
            "user@localhost @handle npm @scope/pkg",
            "dotted.names.are.not.jwts and eyJmb28iOiJiYXIifQ.eyJ4IjoxfQ.c2ln has no alg",
            "task-1234567890-abcdefghij is a branch, sk-learn-is-a-python-library-name",
            "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n"
                    + "-----END PUBLIC KEY-----",
            "github ghp_short AKIA1234 xoxb-short"})
    void kept(String text) {
        assertThat(redactor.redactWithReport(text)).satisfies(redaction -> {
            assertThat(redaction.text()).isEqualTo(text);
            assertThat(redaction.countsByKind()).isEmpty();
        });
    }

    @Test
    void countsEachKind() {
        String text = "Ann <ann@example.com>, Bob <bob@example.org>, card 4111111111111111, "
                + "IBAN DE89370400440532013000, SSN 123-45-6789, NINO AB123456C, "
                + "call +44 20 7946 0958, Bearer 7f3a9c2e51b04d8aa1f6e0c93b27d4e5 and AKIAIOSFODNN7EXAMPLE.";

        Redaction redaction = redactor.redactWithReport(text);

        assertThat(redaction.countsByKind()).containsExactly(entry("EMAIL", 2), entry("PHONE", 1),
                entry("IBAN", 1), entry("CARD", 1), entry("NATIONAL_ID", 2), entry("SECRET", 2));
        assertThat(redaction.total()).isEqualTo(9);
        assertThat(redaction.text()).isEqualTo("Ann <[EMAIL]>, Bob <[EMAIL]>, card [CARD], IBAN [IBAN], "
                + "SSN [NATIONAL_ID], NINO [NATIONAL_ID], call [PHONE], Bearer [SECRET] and [SECRET].");
    }

    @Test
    void leavesEmptyAndMissingTextAlone() {
        assertThat(redactor.redact(null)).isNull();
        assertThat(redactor.redactWithReport("").countsByKind()).isEmpty();
    }

    @Test
    void redactsAMegabyteOfMixedText() {
        String paragraph = "Dear team, reach me at ann.lee@example.com or +44 20 7946 0958; pay DE89 3704 0044 0532 "
                + "0130 00 with card 4111 1111 1111 1111. Version 1.2.3 shipped on 2024-05-17 to 10.0.0.1 for "
                + "$1,299.00. Key sk-proj-Ab3dEf6hIj9kLmN0pQrStUvWxYz_12 must not leak. Thanks!\n";
        int copies = (1 << 20) / paragraph.length() + 1;
        String text = paragraph.repeat(copies);

        Redaction redaction = redactor.redactWithReport(text);

        assertThat(redaction.countsByKind()).containsEntry("EMAIL", copies).containsEntry("PHONE", copies)
                .containsEntry("IBAN", copies).containsEntry("CARD", copies).containsEntry("SECRET", copies);
        assertThat(redaction.text()).doesNotContain("ann.lee", "7946", "3704", "4111", "sk-proj")
                .contains("Version 1.2.3 shipped on 2024-05-17 to 10.0.0.1 for $1,299.00.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"7", "a", "a.", "a@", "-", "+1", "e", "ey", "AB12 ", "1-", "0 ", "sk-a"})
    void staysLinearOnAMegabyteOfOneRepeatedShape(String unit) {
        // Inputs that would make a backtracking pattern quadratic or worse; they must simply finish.
        String text = unit.repeat((1 << 20) / unit.length());

        assertThat(redactor.redact(text)).hasSizeLessThanOrEqualTo(text.length());
    }
}
