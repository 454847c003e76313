package dev.weightgate.quota;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * A request was refused by a quota; nothing was reserved for it. The API answers {@link Kind#RATE_LIMIT} with HTTP 429
 * {@code rate_limit_exceeded}, {@link Kind#INSUFFICIENT_QUOTA} with 429 {@code insufficient_quota}, and
 * {@link Kind#REQUEST_TOO_LARGE} with 400.
 */
public final class QuotaExceededException extends RuntimeException {

    /** How a refusal is reported to the caller. */
    public enum Kind {
        /** A per-minute or concurrency limit: retrying later succeeds. */
        RATE_LIMIT,
        /** A daily or monthly budget is spent until the window turns. */
        INSUFFICIENT_QUOTA,
        /** The request asks for more tokens than one request may; retrying does not help. */
        REQUEST_TOO_LARGE
    }

    private final QuotaLimit limit;
    private final QuotaLevel level;
    private final long limitValue;
    private final Duration retryAfter;

    public QuotaExceededException(QuotaLimit limit, QuotaLevel level, long limitValue, Duration retryAfter) {
        super(describe(limit, level, limitValue, retryAfter));
        this.limit = Objects.requireNonNull(limit, "limit");
        this.level = Objects.requireNonNull(level, "level");
        this.limitValue = limitValue;
        this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
    }

    /** Which limit refused the request. */
    public QuotaLimit limit() {
        return limit;
    }

    /** At which level that limit is set. */
    public QuotaLevel level() {
        return level;
    }

    /** The limit's value, in its own unit (requests, tokens or concurrent requests). */
    public long limitValue() {
        return limitValue;
    }

    /** When retrying may succeed: the end of the limit's window; zero for {@link Kind#REQUEST_TOO_LARGE}. */
    public Duration retryAfter() {
        return retryAfter;
    }

    public Kind kind() {
        return limit.refusal();
    }

    private static String describe(QuotaLimit limit, QuotaLevel level, long limitValue, Duration retryAfter) {
        String what = limit.name().toLowerCase(Locale.ROOT).replace('_', ' ');
        return limit == QuotaLimit.MAX_TOKENS
                ? "The request asks for more completion tokens than the " + level.name().toLowerCase(Locale.ROOT)
                        + " allows per request (" + limitValue + ")"
                : "The " + level.name().toLowerCase(Locale.ROOT) + " limit of " + limitValue + " " + what
                        + " is reached; retry after " + RateLimitStatus.openAiDuration(retryAfter);
    }
}
