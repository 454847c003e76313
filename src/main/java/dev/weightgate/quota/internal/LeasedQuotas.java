package dev.weightgate.quota.internal;

import dev.weightgate.quota.QuotaExceededException;
import dev.weightgate.quota.QuotaLevel;
import dev.weightgate.quota.QuotaLimit;
import dev.weightgate.quota.QuotaLimits;
import dev.weightgate.quota.QuotaSubject;
import dev.weightgate.quota.QuotaUnavailableException;
import dev.weightgate.quota.Quotas;
import dev.weightgate.quota.RateLimitStatus;
import dev.weightgate.quota.Reservation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.dao.DataAccessException;

/**
 * Reserves a request against the counters of every limit set for its tenant, key and model, from this replica's
 * {@link Allowances}: all of them or, when one refuses, none.
 */
public final class LeasedQuotas implements Quotas {

    /** The limits that are counted, in the order they are checked. */
    static final List<QuotaLimit> COUNTED = List.of(QuotaLimit.CONCURRENT_REQUESTS, QuotaLimit.REQUESTS_PER_MINUTE,
            QuotaLimit.TOKENS_PER_MINUTE, QuotaLimit.TOKENS_PER_DAY, QuotaLimit.TOKENS_PER_MONTH);

    private record Level(QuotaLevel level, String subject, QuotaLimits limits) {
    }

    private final LimitsLookup settings;
    private final Allowances allowances;
    private final Clock clock;

    LeasedQuotas(LimitsLookup settings, Allowances allowances, Clock clock) {
        this.settings = settings;
        this.allowances = allowances;
        this.clock = clock;
    }

    @Override
    public Reservation reserve(QuotaSubject subject, long estimatedPromptTokens, long maxCompletionTokens) {
        if (estimatedPromptTokens < 0 || maxCompletionTokens < 0) {
            throw new IllegalArgumentException("token counts are 0 or more; got " + estimatedPromptTokens + " and "
                    + maxCompletionTokens);
        }
        long worstCase = Math.addExact(estimatedPromptTokens, maxCompletionTokens);
        List<Level> levels = levelsOf(subject);
        for (Level level : levels) {
            Long ceiling = level.limits().get(QuotaLimit.MAX_TOKENS);
            if (ceiling != null && maxCompletionTokens > ceiling) {
                throw new QuotaExceededException(QuotaLimit.MAX_TOKENS, level.level(), ceiling, Duration.ZERO);
            }
        }
        Instant now = clock.instant();
        List<Held> held = new ArrayList<>();
        try {
            for (Level level : levels) {
                for (QuotaLimit limit : COUNTED) {
                    Long value = level.limits().get(limit);
                    if (value == null) {
                        continue;
                    }
                    long amount = limit.countsTokens() ? worstCase : 1;
                    LocalCounter counter = allowances.counter(keyOf(subject, level, limit, now));
                    int epoch = allowances.acquire(counter, amount, value);
                    if (epoch == LocalCounter.SHORT) {
                        throw new QuotaExceededException(limit, level.level(), value, Windows.untilEnd(limit, now));
                    }
                    held.add(new Held(counter, limit, amount, epoch));
                }
            }
        } catch (RuntimeException refused) {
            held.forEach(allowances::cancel);
            throw refused;
        }
        return new LeasedReservation(allowances, held, statusOf(subject, levels, now));
    }

    @Override
    public RateLimitStatus status(QuotaSubject subject) {
        return statusOf(subject, levelsOf(subject), clock.instant());
    }

    /** The levels of the subject that have any limit. */
    private List<Level> levelsOf(QuotaSubject subject) {
        List<Level> levels = new ArrayList<>(3);
        try {
            addIfLimited(levels, subject, QuotaLevel.TENANT, "");
            if (subject.keyId() != null) {
                addIfLimited(levels, subject, QuotaLevel.KEY, subject.keyId().toString());
            }
            addIfLimited(levels, subject, QuotaLevel.MODEL, subject.model());
        } catch (DataAccessException e) {
            throw new QuotaUnavailableException("The quota database does not answer, and the limits of tenant "
                    + subject.tenantId() + " are not cached: " + e.getMessage(), e);
        }
        return levels;
    }

    private void addIfLimited(List<Level> levels, QuotaSubject subject, QuotaLevel level, String name) {
        QuotaLimits limits = settings.limits(subject.tenantId(), level, name);
        if (!limits.isUnlimited()) {
            levels.add(new Level(level, name, limits));
        }
    }

    private RateLimitStatus statusOf(QuotaSubject subject, List<Level> levels, Instant now) {
        Tightest requests = tightest(subject, levels, QuotaLimit.REQUESTS_PER_MINUTE, now);
        Tightest tokens = tightest(subject, levels, QuotaLimit.TOKENS_PER_MINUTE, now);
        if (requests == null && tokens == null) {
            return RateLimitStatus.NONE;
        }
        Duration reset = Windows.untilEnd(QuotaLimit.REQUESTS_PER_MINUTE, now);
        return new RateLimitStatus(
                requests == null ? null : requests.limit(), requests == null ? null : requests.remaining(),
                requests == null ? null : reset,
                tokens == null ? null : tokens.limit(), tokens == null ? null : tokens.remaining(),
                tokens == null ? null : reset);
    }

    private record Tightest(long limit, long remaining) {
    }

    private Tightest tightest(QuotaSubject subject, List<Level> levels, QuotaLimit limit, Instant now) {
        Tightest tightest = null;
        for (Level level : levels) {
            Long value = level.limits().get(limit);
            if (value == null) {
                continue;
            }
            LocalCounter counter = allowances.existingCounter(keyOf(subject, level, limit, now));
            long remaining = counter == null ? value : Math.min(value, counter.remaining(value));
            if (tightest == null || remaining < tightest.remaining()) {
                tightest = new Tightest(value, remaining);
            }
        }
        return tightest;
    }

    private static CounterKey keyOf(QuotaSubject subject, Level level, QuotaLimit limit, Instant now) {
        return new CounterKey(subject.tenantId(), level.level(), level.subject(), limit, Windows.start(limit, now));
    }
}
