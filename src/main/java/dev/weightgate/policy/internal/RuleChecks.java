package dev.weightgate.policy.internal;

import dev.weightgate.policy.RuleDefinition;

/** Checks an organisation rule the way storing it does: by compiling it. */
public final class RuleChecks {

    private RuleChecks() {
    }

    /** @throws dev.weightgate.policy.PolicyValidationException naming the offending field */
    public static void check(String id, RuleDefinition definition) {
        OrganisationRules.compile(id, definition);
    }
}
