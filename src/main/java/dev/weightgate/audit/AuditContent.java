package dev.weightgate.audit;

/**
 * What was said: the prompt as the client sent it and the completion as the model produced it. Held in memory only
 * until the writer applies the tenant's logging mode (keep, redact, hash or drop) and encrypts what is kept.
 */
public record AuditContent(String prompt, String completion) {

    @Override
    public String toString() {
        // Never in a log line.
        return "AuditContent[" + (prompt == null ? 0 : prompt.length()) + "+"
                + (completion == null ? 0 : completion.length()) + " chars]";
    }
}
