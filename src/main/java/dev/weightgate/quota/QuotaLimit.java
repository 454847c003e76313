package dev.weightgate.quota;

/** The kinds of limit a tenant, key or model can have, and how a refusal of each is reported. */
public enum QuotaLimit {
    REQUESTS_PER_MINUTE(QuotaExceededException.Kind.RATE_LIMIT),
    TOKENS_PER_MINUTE(QuotaExceededException.Kind.RATE_LIMIT),
    TOKENS_PER_DAY(QuotaExceededException.Kind.INSUFFICIENT_QUOTA),
    TOKENS_PER_MONTH(QuotaExceededException.Kind.INSUFFICIENT_QUOTA),
    CONCURRENT_REQUESTS(QuotaExceededException.Kind.RATE_LIMIT),
    MAX_TOKENS(QuotaExceededException.Kind.REQUEST_TOO_LARGE);

    private final QuotaExceededException.Kind refusal;

    QuotaLimit(QuotaExceededException.Kind refusal) {
        this.refusal = refusal;
    }

    /** How a request refused by this limit is answered. */
    public QuotaExceededException.Kind refusal() {
        return refusal;
    }

    /** Whether this limit counts tokens, as opposed to requests or slots. */
    public boolean countsTokens() {
        return this == TOKENS_PER_MINUTE || this == TOKENS_PER_DAY || this == TOKENS_PER_MONTH;
    }
}
