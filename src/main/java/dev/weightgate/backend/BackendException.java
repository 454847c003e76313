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
        FAILED,
        /** An embedded model has every slot taken and its queue full: retry shortly. */
        BUSY,
        /** The model is not in service: still loading, or kept out (its file failed a check). */
        UNAVAILABLE
    }

    private final Kind kind;
    private final String param;
    private final String code;

    public BackendException(Kind kind, String message, String param, Throwable cause) {
        this(kind, message, param, null, cause);
    }

    /** @param code OpenAI's machine-readable error code for the client, e.g. {@code context_length_exceeded} */
    public BackendException(Kind kind, String message, String param, String code, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.param = param;
        this.code = code;
    }

    /** The error code to answer with, or {@code null} for the kind's default. */
    public String code() {
        return code;
    }

    public Kind kind() {
        return kind;
    }

    public String param() {
        return param;
    }
}
