package dev.weightgate.quota.internal;

import dev.weightgate.quota.QuotaLimit;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Fixed windows: the calendar minute, UTC day or UTC month an instant falls in. A fixed window lets a burst of up to
 * twice a per-minute limit straddle a minute boundary; in exchange every replica agrees on the window without talking,
 * which is what lets a counter be leased in pieces.
 */
public final class Windows {

    private Windows() {
    }

    /** The start of the window of {@code limit} that contains {@code now}; the epoch for concurrency. */
    public static Instant start(QuotaLimit limit, Instant now) {
        return switch (limit) {
            case REQUESTS_PER_MINUTE, TOKENS_PER_MINUTE -> now.truncatedTo(ChronoUnit.MINUTES);
            case TOKENS_PER_DAY -> now.truncatedTo(ChronoUnit.DAYS);
            case TOKENS_PER_MONTH -> LocalDate.ofInstant(now, ZoneOffset.UTC).withDayOfMonth(1)
                    .atStartOfDay(ZoneOffset.UTC).toInstant();
            case CONCURRENT_REQUESTS, MAX_TOKENS -> Instant.EPOCH;
        };
    }

    /** The end (exclusive) of the window starting at {@code start}; {@link Instant#MAX} for concurrency. */
    public static Instant end(QuotaLimit limit, Instant start) {
        return switch (limit) {
            case REQUESTS_PER_MINUTE, TOKENS_PER_MINUTE -> start.plus(1, ChronoUnit.MINUTES);
            case TOKENS_PER_DAY -> start.plus(1, ChronoUnit.DAYS);
            case TOKENS_PER_MONTH -> start.atZone(ZoneOffset.UTC).plusMonths(1).toInstant();
            case CONCURRENT_REQUESTS, MAX_TOKENS -> Instant.MAX;
        };
    }

    /** How long until the window containing {@code now} ends: when a refused request may succeed. */
    public static Duration untilEnd(QuotaLimit limit, Instant now) {
        return switch (limit) {
            // Nothing says when a running request ends; a second is what a client should wait before trying again.
            case CONCURRENT_REQUESTS -> Duration.ofSeconds(1);
            case MAX_TOKENS -> Duration.ZERO;
            default -> Duration.between(now, end(limit, start(limit, now)));
        };
    }
}
