package dev.weightgate.policy.internal;

import dev.weightgate.policy.PolicyRule;
import dev.weightgate.policy.RuleDefinition;
import java.time.Instant;

/** An organisation rule as a row of {@code policy_rule}. */
public record StoredRule(String id, long version, boolean enabled, RuleDefinition definition, Instant createdAt,
                         Instant updatedAt, String updatedBy) {

    PolicyRule view() {
        return new PolicyRule(id, false, enabled, definition.description(), definition, version, updatedAt, updatedBy);
    }
}
