package dev.weightgate.policy.internal;

import dev.weightgate.policy.Decision;
import dev.weightgate.policy.Obligation;
import dev.weightgate.policy.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Collects what the rules say about one request, honouring waivers of built-in rules. */
final class DecisionBuilder {

    private final Map<String, String> waivers;
    private final List<Reason> reasons = new ArrayList<>(4);
    private final List<Obligation> obligations = new ArrayList<>(4);
    private boolean denied;

    /** @param waivers built-in rule id to the organisation rule that waives it for this request */
    DecisionBuilder(Map<String, String> waivers) {
        this.waivers = waivers;
    }

    void deny(String rule, String code, String message, Map<String, String> facts, Map<String, String> profile) {
        if (waived(rule, code, message, facts, profile)) {
            return;
        }
        denied = true;
        reasons.add(new Reason(rule, Reason.Effect.DENY, code, message, facts, profile));
    }

    void obligate(String rule, Obligation.Type type, String value, boolean inResponse, String message,
                  Map<String, String> facts, Map<String, String> profile) {
        if (waived(rule, type.code(), message, facts, profile)) {
            return;
        }
        reasons.add(new Reason(rule, Reason.Effect.OBLIGATE, type.code(), message, facts, profile));
        for (Obligation existing : obligations) {
            if (existing.type() == type && Objects.equals(existing.value(), value)) {
                return;
            }
        }
        obligations.add(new Obligation(type, value, rule, inResponse));
    }

    void note(String rule, String code, String message, Map<String, String> facts, Map<String, String> profile) {
        reasons.add(new Reason(rule, Reason.Effect.NOTE, code, message, facts, profile));
    }

    private boolean waived(String rule, String code, String message, Map<String, String> facts,
                           Map<String, String> profile) {
        String waiver = waivers.get(rule);
        if (waiver == null) {
            return false;
        }
        reasons.add(new Reason(rule, Reason.Effect.WAIVED, code, "Waived by rule '" + waiver + "': " + message, facts,
                profile));
        return true;
    }

    /** The obligations collected so far, whether or not a rule denied. */
    List<Obligation> obligations() {
        return List.copyOf(obligations);
    }

    Decision build(String licenseId, long policyVersion) {
        return new Decision(denied ? Decision.Outcome.DENY : Decision.Outcome.ALLOW, reasons,
                denied ? List.of() : obligations, licenseId, policyVersion);
    }
}
