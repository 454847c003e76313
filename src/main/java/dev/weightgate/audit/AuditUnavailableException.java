package dev.weightgate.audit;

/** The audit trail can keep no more records for now: neither the database nor the local spool takes them. */
public class AuditUnavailableException extends RuntimeException {

    public AuditUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
