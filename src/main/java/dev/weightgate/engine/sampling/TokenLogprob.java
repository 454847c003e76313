package dev.weightgate.engine.sampling;

/** A token and its natural-log probability. */
public record TokenLogprob(int token, double logprob) {

    /** The probability, {@code exp(logprob)}. */
    public double probability() {
        return Math.exp(logprob);
    }
}
