package dev.weightgate.tenancy;

/** The outcome of checking a presented API key. */
public sealed interface KeyCheck {

    /** The key is valid and usable. */
    record Valid(Caller caller) implements KeyCheck {
    }

    /** Unknown, wrong, expired or revoked: deliberately not told apart, so a refusal helps no one guess. */
    record Invalid() implements KeyCheck {
    }

    /** A valid key of a tenant that has been disabled. */
    record TenantDisabled() implements KeyCheck {
    }
}
