package dev.weightgate.audit;

/** What an audit record is about. */
public enum AuditKind {
    /** A call to the model API, whatever its outcome. */
    REQUEST,
    /** A change made through the admin API. */
    ADMIN,
    /** Someone read stored prompts or completions. */
    CONTENT_ACCESS
}
