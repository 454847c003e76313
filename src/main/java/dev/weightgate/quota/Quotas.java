package dev.weightgate.quota;

/** Reserves a request's worst case against every limit that applies to it, before it runs. */
public interface Quotas {

    /**
     * Reserves {@code estimatedPromptTokens + maxCompletionTokens} against every token limit set for the subject's
     * tenant, key and model, one request against their request limits and one slot against their concurrency limits.
     * All or nothing: when it throws, nothing stays reserved.
     *
     * @throws QuotaExceededException    when a limit refuses the request
     * @throws QuotaUnavailableException when a limited subject cannot be checked because the database is unreachable
     */
    Reservation reserve(QuotaSubject subject, long estimatedPromptTokens, long maxCompletionTokens);

    /** The rate-limit headers for a subject without reserving anything, e.g. for a 429 answer. */
    RateLimitStatus status(QuotaSubject subject);
}
