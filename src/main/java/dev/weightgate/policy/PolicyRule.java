package dev.weightgate.policy;

import java.time.Instant;

/**
 * An organisation rule as stored, or a built-in rule as listed (then {@code builtin} is true, {@code definition}
 * null and it cannot be changed, only waived).
 *
 * @param id the rule's id
 * @param builtin whether it is derived from license facts rather than written by an administrator
 * @param enabled whether it takes part in decisions
 * @param description for people
 * @param definition the declarative rule
 * @param version starts at 1 and goes up with every change
 * @param updatedAt when it last changed
 * @param updatedBy who changed it
 */
public record PolicyRule(String id, boolean builtin, boolean enabled, String description, RuleDefinition definition,
                         long version, Instant updatedAt, String updatedBy) {
}
