package dev.weightgate.quota.internal;

/** The replica was taken for dead and its leases were given back; it must register again before it leases. */
public final class ReplicaReclaimedException extends RuntimeException {

    public ReplicaReclaimedException(String message) {
        super(message);
    }
}
