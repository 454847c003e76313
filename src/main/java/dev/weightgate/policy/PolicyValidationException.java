package dev.weightgate.policy;

/** Input to the policy module that cannot be accepted; {@link #field} names the offending field (snake_case). */
public class PolicyValidationException extends IllegalArgumentException {

    private final String field;

    public PolicyValidationException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
