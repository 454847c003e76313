package dev.weightgate.tenancy;

/** What a tenant's audit trail keeps of prompts and completions. */
public enum LoggingMode {
    /** The content, encrypted. */
    FULL,
    /** The content with personal data and secrets masked, encrypted. */
    REDACTED,
    /** Only a SHA-256 of the content, to prove later what was said. */
    HASH_ONLY,
    /** Nothing of the content. */
    NONE
}
