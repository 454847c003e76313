package dev.weightgate.quota;

import org.jspecify.annotations.Nullable;

/**
 * The limits set at one level (tenant, key or model); {@code null} means unlimited. Day and month are calendar days and
 * months in UTC; a minute is a calendar minute.
 *
 * @param requestsPerMinute   requests started per minute
 * @param tokensPerMinute     prompt plus completion tokens per minute
 * @param tokensPerDay        prompt plus completion tokens per UTC day
 * @param tokensPerMonth      prompt plus completion tokens per UTC month
 * @param concurrentRequests  requests running at the same time
 * @param maxTokensPerRequest the largest {@code max_tokens} (completion tokens) one request may ask for
 */
public record QuotaLimits(
        @Nullable Long requestsPerMinute,
        @Nullable Long tokensPerMinute,
        @Nullable Long tokensPerDay,
        @Nullable Long tokensPerMonth,
        @Nullable Integer concurrentRequests,
        @Nullable Integer maxTokensPerRequest) {

    /** No limit at all. */
    public static final QuotaLimits UNLIMITED = new QuotaLimits(null, null, null, null, null, null);

    public QuotaLimits {
        requireNotNegative("requestsPerMinute", requestsPerMinute);
        requireNotNegative("tokensPerMinute", tokensPerMinute);
        requireNotNegative("tokensPerDay", tokensPerDay);
        requireNotNegative("tokensPerMonth", tokensPerMonth);
        requireNotNegative("concurrentRequests", concurrentRequests);
        requireNotNegative("maxTokensPerRequest", maxTokensPerRequest);
    }

    /** The value of one limit; {@code null} when it is unset. */
    public @Nullable Long get(QuotaLimit limit) {
        return switch (limit) {
            case REQUESTS_PER_MINUTE -> requestsPerMinute;
            case TOKENS_PER_MINUTE -> tokensPerMinute;
            case TOKENS_PER_DAY -> tokensPerDay;
            case TOKENS_PER_MONTH -> tokensPerMonth;
            case CONCURRENT_REQUESTS -> concurrentRequests == null ? null : concurrentRequests.longValue();
            case MAX_TOKENS -> maxTokensPerRequest == null ? null : maxTokensPerRequest.longValue();
        };
    }

    public boolean isUnlimited() {
        return equals(UNLIMITED);
    }

    public QuotaLimits withRequestsPerMinute(@Nullable Long value) {
        return new QuotaLimits(value, tokensPerMinute, tokensPerDay, tokensPerMonth, concurrentRequests, maxTokensPerRequest);
    }

    public QuotaLimits withTokensPerMinute(@Nullable Long value) {
        return new QuotaLimits(requestsPerMinute, value, tokensPerDay, tokensPerMonth, concurrentRequests, maxTokensPerRequest);
    }

    public QuotaLimits withTokensPerDay(@Nullable Long value) {
        return new QuotaLimits(requestsPerMinute, tokensPerMinute, value, tokensPerMonth, concurrentRequests, maxTokensPerRequest);
    }

    public QuotaLimits withTokensPerMonth(@Nullable Long value) {
        return new QuotaLimits(requestsPerMinute, tokensPerMinute, tokensPerDay, value, concurrentRequests, maxTokensPerRequest);
    }

    public QuotaLimits withConcurrentRequests(@Nullable Integer value) {
        return new QuotaLimits(requestsPerMinute, tokensPerMinute, tokensPerDay, tokensPerMonth, value, maxTokensPerRequest);
    }

    public QuotaLimits withMaxTokensPerRequest(@Nullable Integer value) {
        return new QuotaLimits(requestsPerMinute, tokensPerMinute, tokensPerDay, tokensPerMonth, concurrentRequests, value);
    }

    private static void requireNotNegative(String name, @Nullable Number value) {
        if (value != null && value.longValue() < 0) {
            throw new IllegalArgumentException(name + " must be 0 or more, or unset; it is " + value);
        }
    }
}
