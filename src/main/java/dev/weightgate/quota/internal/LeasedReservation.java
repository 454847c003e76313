package dev.weightgate.quota.internal;

import dev.weightgate.quota.RateLimitStatus;
import dev.weightgate.quota.Reservation;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A reservation of allowance from every counter that applies to one request; ended exactly once. */
final class LeasedReservation implements Reservation {

    private static final Logger log = LoggerFactory.getLogger(LeasedReservation.class);

    private final Allowances allowances;
    private final List<Held> held;
    private final RateLimitStatus status;
    private final AtomicBoolean ended = new AtomicBoolean();

    LeasedReservation(Allowances allowances, List<Held> held, RateLimitStatus status) {
        this.allowances = allowances;
        this.held = List.copyOf(held);
        this.status = status;
    }

    @Override
    public void settle(long promptTokens, long completionTokens) {
        end(saturatedSum(Math.max(0, promptTokens), Math.max(0, completionTokens)));
    }

    @Override
    public void release() {
        end(0);
    }

    @Override
    public RateLimitStatus status() {
        return status;
    }

    private void end(long tokens) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        for (Held one : held) {
            try {
                allowances.settle(one, one.actualUsage(tokens));
            } catch (RuntimeException e) {
                log.warn("Could not settle {} of {}: {}", one.limit(), one.counter().key(), e.getMessage(), e);
            }
        }
    }

    private static long saturatedSum(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }
}
