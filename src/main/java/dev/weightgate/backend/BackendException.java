package dev.weightgate.backend;

/** A backend could not produce a completion. {@link Kind} says whose fault it was, which decides the status. */
public class BackendException extends RuntimeException {

    public enum Kind {
        /** The upstream refused the request as invalid (its 400/422): the client's to fix. */
        REJECTED,
        /** The upstream is rate limiting or overloaded. */
        OVERLOADED,
        /** The upstream did not answer within the configured time. */
        TIMEOUT,
        /** Anything else: unreachable, a 5xx, an authentication failure of ours, a broken stream. */
        FAILED
    }

    private final Kind kind;
    private final String param;

    public BackendException(Kind kind, String message, String param, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.param = param;
    }

    public Kind kind() {
        return kind;
    }

    public String param() {
        return param;
    }
}
