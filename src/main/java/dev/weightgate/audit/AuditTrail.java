package dev.weightgate.audit;

/**
 * Where every auditable event goes. {@link #record} never waits on the database: it hands the record to an
 * asynchronous writer that batches records into PostgreSQL and, while PostgreSQL is slow or down, into a durable
 * local spool that is replayed in order later.
 */
public interface AuditTrail {

    /**
     * Takes the record for writing. Throws {@link AuditUnavailableException} when it cannot be kept: the writer's
     * queue is full and its spool cannot take it either. Callers then refuse the request rather than serve it
     * unaudited.
     */
    void record(AuditRecord record);

    /** Whether a record handed over now would be kept; checked before serving a request. */
    boolean isAccepting();
}
