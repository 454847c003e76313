package dev.weightgate.audit.internal.redaction;

import java.util.Map;

/**
 * A text with its sensitive parts replaced by typed placeholders, and how many of each kind were replaced.
 *
 * @param text the redacted text
 * @param countsByKind replacements per kind ({@code EMAIL}, {@code PHONE}, {@code IBAN}, {@code CARD},
 *     {@code NATIONAL_ID}, {@code SECRET}); only kinds that occurred, in that order
 */
public record Redaction(String text, Map<String, Integer> countsByKind) {

    public Redaction {
        countsByKind = countsByKind == null ? Map.of() : countsByKind;
    }

    public int total() {
        return countsByKind.values().stream().mapToInt(Integer::intValue).sum();
    }
}
