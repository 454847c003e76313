package dev.weightgate.quota.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;

/**
 * This replica's share of one counter: the allowance it leased and has not used yet, what its running requests hold,
 * and the usage it has not charged to the store yet. The state is one immutable value swapped by compare-and-set, as
 * in Bucket4j's {@code LockFreeBucket}: a reservation from the allowance is a few nanoseconds and takes no lock.
 *
 * <p>Only the allowance can be spent, and the allowance only grows by leases from the store, so this replica never
 * spends more than it was leased. When the store takes the lease back (the replica was taken for dead), the state's
 * epoch moves on: reservations made before are then settled as usage beyond any lease. The epoch is part of the state,
 * so a reservation always knows, atomically, which lease it came from.
 */
final class LocalCounter {

    /**
     * @param available leased and free to reserve
     * @param reserved  held by running requests
     * @param charged   used, taken from the lease, not yet reported to the store
     * @param overage   used beyond the lease, not yet reported to the store
     * @param epoch     which lease the allowance belongs to: moves on when the store takes the lease back
     */
    record State(long available, long reserved, long charged, long overage, int epoch) {

        static final State EMPTY = new State(0, 0, 0, 0, 0);
    }

    /** What {@link #tryReserve} answers when the allowance is short. */
    static final int SHORT = -1;

    /** What a flush takes from the counter to report; put back with {@link #restore} if the report fails. */
    record Drained(long charged, long overage, long returned, long inUse, int epoch) {

        boolean changesNothingBut(long publishedInUse) {
            return charged == 0 && overage == 0 && returned == 0 && inUse == publishedInUse;
        }
    }

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(LocalCounter.class, "state", State.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final CounterKey key;
    private final Instant windowEnd;
    /** Held by the one thread that leases for this counter; the others wait for its grant rather than lease too. */
    final ReentrantLock leaseLock = new ReentrantLock();

    private volatile State state = State.EMPTY;

    // What this replica last learned from the store, for headers and for sizing the next lease.
    private volatile long allocated = -1;
    private volatile boolean tight;
    private long leaseTarget;
    private long lastLeaseNanos;
    private volatile long lastUseNanos;
    private volatile long refusedUntilNanos;
    private volatile long publishedInUse;

    LocalCounter(CounterKey key, long nowNanos) {
        this.key = key;
        this.windowEnd = Windows.end(key.limit(), key.windowStart());
        this.lastUseNanos = nowNanos;
    }

    CounterKey key() {
        return key;
    }

    /** Whether this counter's window ended before {@code instant}: its allowance is worth nothing any more. */
    boolean windowEndedBefore(Instant instant) {
        return windowEnd.isBefore(instant);
    }

    State state() {
        return state;
    }

    int epoch() {
        return state.epoch();
    }

    long available() {
        return state.available();
    }

    /**
     * Takes {@code amount} from the allowance.
     *
     * @return the epoch of the lease it was taken from, or {@link #SHORT}, changing nothing, when the allowance is short
     */
    int tryReserve(long amount, long nowNanos) {
        lastUseNanos = nowNanos;
        for (;;) {
            State current = state;
            if (current.available() < amount) {
                return SHORT;
            }
            State next = new State(current.available() - amount, current.reserved() + amount, current.charged(),
                    current.overage(), current.epoch());
            if (STATE.compareAndSet(this, current, next)) {
                return current.epoch();
            }
        }
    }

    /**
     * Adds a grant to the allowance and takes {@code amount} from it if it now suffices. Adds nothing when the lease
     * was taken back since {@code leasedInEpoch}: the grant belonged to it.
     *
     * @return the epoch reserved from, or {@link #SHORT}
     */
    int addGrantAndReserve(long grant, long amount, int leasedInEpoch) {
        for (;;) {
            State current = state;
            if (leasedInEpoch != current.epoch()) {
                return SHORT;
            }
            boolean fits = current.available() + grant >= amount;
            State next = fits
                    ? new State(current.available() + grant - amount, current.reserved() + amount, current.charged(),
                            current.overage(), current.epoch())
                    : new State(current.available() + grant, current.reserved(), current.charged(), current.overage(),
                            current.epoch());
            if (STATE.compareAndSet(this, current, next)) {
                return fits ? current.epoch() : SHORT;
            }
        }
    }

    /**
     * Ends a reservation of {@code reserved} that used {@code actual}: the unused part returns to the allowance; usage
     * beyond the reservation is taken from the allowance as far as it goes, and counted as overage past that.
     */
    void settle(long reserved, long actual, int reservedInEpoch) {
        for (;;) {
            State current = state;
            State next;
            if (reservedInEpoch != current.epoch()) {
                // The lease this was reserved from was taken back: the usage counts, the unused part is not ours.
                next = new State(current.available(), current.reserved() - reserved, current.charged(),
                        current.overage() + actual, current.epoch());
            } else if (actual <= reserved) {
                next = new State(current.available() + reserved - actual, current.reserved() - reserved,
                        current.charged() + actual, current.overage(), current.epoch());
            } else {
                long covered = Math.min(actual - reserved, current.available());
                next = new State(current.available() - covered, current.reserved() - reserved,
                        current.charged() + reserved + covered, current.overage() + actual - reserved - covered,
                        current.epoch());
            }
            if (STATE.compareAndSet(this, current, next)) {
                return;
            }
        }
    }

    /** Takes what is to be reported to the store, and the whole allowance too if {@code returnAllowance}. */
    Drained drain(boolean returnAllowance) {
        for (;;) {
            State current = state;
            long returned = returnAllowance ? current.available() : 0;
            State next = new State(current.available() - returned, current.reserved(), 0, 0, current.epoch());
            if (STATE.compareAndSet(this, current, next)) {
                return new Drained(current.charged(), current.overage(), returned, current.reserved(), current.epoch());
            }
        }
    }

    /** Puts back what {@link #drain} took, after the store did not take the report. */
    void restore(Drained drained) {
        for (;;) {
            State current = state;
            boolean sameLease = drained.epoch() == current.epoch();
            State next = sameLease
                    ? new State(current.available() + drained.returned(), current.reserved(),
                            current.charged() + drained.charged(), current.overage() + drained.overage(),
                            current.epoch())
                    : new State(current.available(), current.reserved(), current.charged(),
                            current.overage() + drained.charged() + drained.overage(), current.epoch());
            if (STATE.compareAndSet(this, current, next)) {
                return;
            }
        }
    }

    /** Forgets the allowance after the store took the lease back; uncharged usage becomes overage. */
    void forfeit() {
        for (;;) {
            State current = state;
            State next = new State(0, current.reserved(), 0, current.overage() + current.charged(),
                    current.epoch() + 1);
            if (STATE.compareAndSet(this, current, next)) {
                tight = false;
                allocated = -1;
                return;
            }
        }
    }

    /** Records a lease's outcome; only the thread holding {@link #leaseLock} calls this. */
    void recordGrant(CounterStore.Grant grant, long limit, long amount, long nowNanos, int leaseShare) {
        allocated = grant.allocated();
        // Tight: the store would give no more than the minimum now, so every replica should keep only what it uses.
        tight = grant.granted() == 0 || (limit - grant.allocated()) / leaseShare < amount;
        boolean busy = lastLeaseNanos != 0 && nowNanos - lastLeaseNanos < 1_000_000_000L;
        long floor = 4 * amount;
        leaseTarget = busy ? Math.max(floor, saturatedDouble(leaseTarget)) : Math.max(floor, leaseTarget / 2);
        lastLeaseNanos = nowNanos;
    }

    /** How much to ask for beyond the minimum: grows while leases follow each other quickly, shrinks when not. */
    long leaseTarget(long amount) {
        return Math.max(leaseTarget, 4 * amount);
    }

    boolean isTight() {
        return tight;
    }

    void refuseUntil(long nanos) {
        refusedUntilNanos = nanos;
    }

    /** Whether the store refused a lease so recently that asking again would only load the database. */
    boolean recentlyRefused(long nowNanos) {
        return nowNanos - refusedUntilNanos < 0;
    }

    long lastUseNanos() {
        return lastUseNanos;
    }

    long publishedInUse() {
        return publishedInUse;
    }

    void published(long inUse) {
        publishedInUse = inUse;
    }

    /** What this replica may still reserve: its allowance plus what no replica held at its last lease. */
    long remaining(long limit) {
        long known = allocated;
        long available = state.available();
        return known < 0 ? Math.max(0, limit - state.reserved()) : Math.max(0, limit - known + available);
    }

    boolean isIdle() {
        State current = state;
        return current.reserved() == 0 && current.available() == 0 && current.charged() == 0 && current.overage() == 0;
    }

    private static long saturatedDouble(long value) {
        return value > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : value * 2;
    }
}
