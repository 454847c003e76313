package dev.weightgate.policy;

import java.util.List;
import java.util.Set;

/**
 * An organisation rule, in its declarative form (stored as JSON). A rule applies when every condition in
 * {@link #when} holds (a missing condition always holds), and then denies, obligates or waives.
 *
 * <pre>{@code
 * {"description": "Acme may use only Apache-2.0 and MIT models",
 *  "when": {"tenants": ["<acme id>"], "licenses_not": ["Apache-2.0", "MIT"]},
 *  "effect": "deny", "code": "org_license_not_allowed", "message": "Acme uses only Apache-2.0 and MIT models."}
 *
 * {"description": "Medical advice needs human review",
 *  "when": {"purposes": ["medical-advice"]},
 *  "effect": "obligate", "obligation": {"type": "human_review", "value": "A clinician reviews every answer."}}
 *
 * {"description": "Acme holds a separate Llama license from Meta",
 *  "when": {"tenants": ["<acme id>"], "licenses": ["llama-3.1-community"]},
 *  "effect": "waive", "waives": ["builtin.mau-cap"]}
 * }</pre>
 *
 * @param description for people
 * @param when the conditions
 * @param effect {@code deny}, {@code obligate} or {@code waive}
 * @param code for {@code deny}: the error code clients see (default {@code policy_denied})
 * @param message for {@code deny}: the message clients see
 * @param obligation for {@code obligate}: what is required
 * @param waives for {@code waive}: the built-in rules it switches off where it applies
 */
public record RuleDefinition(String description, Conditions when, String effect, String code, String message,
                             ObligationSpec obligation, List<String> waives) {

    public RuleDefinition {
        when = when == null ? new Conditions(null, null, null, null, null, null, null, null, null, null) : when;
        waives = waives == null ? List.of() : List.copyOf(waives);
    }

    /**
     * Each set, when present, must contain the request's value; {@code licensesNot} must not. Licenses match by
     * catalog id or SPDX id; a model not in the catalog has license {@code unknown}. Purposes match the request's
     * purpose, or the tenant's declared purposes when the request names none. Models match by pattern, like catalog
     * entries.
     */
    public record Conditions(Set<String> tenants, Set<String> models, Set<String> families, Set<String> licenses,
                             Set<String> licensesNot, Set<String> purposes, Set<String> jurisdictions,
                             Set<String> regions, Set<String> industries, Boolean commercial) {
    }

    /**
     * @param type an {@link Obligation.Type} code, e.g. {@code human_review}, {@code ai_generated_label}
     * @param value the attribution text, terms URL or description
     * @param inResponse whether the response body should carry it too
     */
    public record ObligationSpec(String type, String value, Boolean inResponse) {
    }
}
