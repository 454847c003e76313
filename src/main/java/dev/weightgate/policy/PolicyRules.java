package dev.weightgate.policy;

import java.util.List;
import java.util.Optional;

/** Organisation rules, managed by platform administrators; built-in rules are listed but cannot be changed. */
public interface PolicyRules {

    /** Built-in rules first, then organisation rules by id. */
    List<PolicyRule> list();

    Optional<PolicyRule> find(String id);

    /**
     * Adds an organisation rule.
     *
     * @param id the rule's id, or {@code null} to have one generated
     * @throws PolicyValidationException when the definition is invalid or the id is taken
     */
    PolicyRule create(String id, RuleDefinition definition, boolean enabled, String actor);

    /** Replaces a rule's definition; empty when there is no such organisation rule. */
    Optional<PolicyRule> update(String id, RuleDefinition definition, boolean enabled, String actor);

    /** Deletes an organisation rule; false when there was none. */
    boolean delete(String id, String actor);
}
