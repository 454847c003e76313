package dev.weightgate.policy;

import java.util.Map;

/**
 * One rule that fired, and why: the explanation a decision carries.
 *
 * @param rule the rule's id: {@code builtin.<name>} for rules derived from license facts, the organisation rule's id
 *     otherwise
 * @param effect what it did to the decision
 * @param code a stable machine-readable code ({@code license_region_excluded}, ...)
 * @param message for people
 * @param licenseFacts the license facts the rule read, with their verification level
 * @param profileAttributes the compliance-profile attributes the rule read
 */
public record Reason(String rule, Effect effect, String code, String message, Map<String, String> licenseFacts,
                     Map<String, String> profileAttributes) {

    public Reason {
        licenseFacts = licenseFacts == null ? Map.of() : Map.copyOf(licenseFacts);
        profileAttributes = profileAttributes == null ? Map.of() : Map.copyOf(profileAttributes);
    }

    public enum Effect {
        /** The request is refused. */
        DENY,
        /** The request is allowed with an obligation. */
        OBLIGATE,
        /** A built-in rule would have denied or obligated, but an organisation rule waived it (a separate license, say). */
        WAIVED,
        /** Context that changed nothing, such as an attribute the tenant has not declared. */
        NOTE
    }
}
