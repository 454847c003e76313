package dev.weightgate.quota;

/**
 * A request subject to a limit could not be checked because the quota store (the database) did not answer. Quotas fail
 * closed rather than risk overspending: the API answers 503. Subjects without limits are never refused this way.
 */
public final class QuotaUnavailableException extends RuntimeException {

    public QuotaUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
