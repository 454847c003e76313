package dev.weightgate.audit.internal.redaction;

/** What a masked piece of text was; its placeholder is the name in brackets. */
enum RedactionKind {
    EMAIL, PHONE, IBAN, CARD, NATIONAL_ID, SECRET;

    String placeholder() {
        return "[" + name() + "]";
    }
}
