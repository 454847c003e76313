package dev.weightgate.quota;

/**
 * What one request holds against its quotas between {@link Quotas#reserve} and the end of the request: its worst-case
 * tokens, one request, and one concurrency slot. End it exactly once, by {@link #settle} or {@link #release}; later
 * calls do nothing, so both are safe in {@code finally} blocks. Neither throws.
 */
public interface Reservation {

    /**
     * Charges the tokens actually used and gives back the rest of the reservation and the concurrency slot. Usage above
     * the reservation (a prompt longer than estimated) is charged too, taken from whatever allowance is left.
     */
    void settle(long promptTokens, long completionTokens);

    /** Ends a request that generated nothing: gives everything back except the request itself, which was made. */
    void release();

    /** The rate-limit headers for this request, as of its reservation. */
    RateLimitStatus status();
}
