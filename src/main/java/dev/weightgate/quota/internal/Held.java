package dev.weightgate.quota.internal;

import dev.weightgate.quota.QuotaLimit;

/** What one reservation holds of one counter: {@code amount} reserved from the lease of {@code epoch}. */
record Held(LocalCounter counter, QuotaLimit limit, long amount, int epoch) {

    /** What the request actually used of this counter, given its tokens. */
    long actualUsage(long tokens) {
        return switch (limit) {
            case REQUESTS_PER_MINUTE -> 1;
            case CONCURRENT_REQUESTS, MAX_TOKENS -> 0;
            case TOKENS_PER_MINUTE, TOKENS_PER_DAY, TOKENS_PER_MONTH -> tokens;
        };
    }
}
