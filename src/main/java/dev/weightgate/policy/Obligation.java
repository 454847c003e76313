package dev.weightgate.policy;

/**
 * Something the gateway must do when it serves an allowed request.
 *
 * @param type what kind of duty
 * @param value the attribution text, the terms URL, or a description of the restriction
 * @param rule the rule that imposed it
 * @param inResponse whether the duty also asks for something in the response body: a line with the attribution
 *     ({@link Type#ATTRIBUTION}) or a machine-readable marker ({@link Type#AI_GENERATED_LABEL})
 */
public record Obligation(Type type, String value, String rule, boolean inResponse) {

    public enum Type {
        /** Show the license's attribution: header {@code x-weightgate-attribution}. */
        ATTRIBUTION("attribution"),
        /** Label the output as AI-generated (EU AI Act art. 50): header {@code x-weightgate-ai-generated: true}. */
        AI_GENERATED_LABEL("ai_generated_label"),
        /** The license's use restrictions bind the tenant's users: header {@code x-weightgate-license-terms}. */
        PASS_TERMS_DOWNSTREAM("pass_terms_downstream"),
        /** Outputs may not (or only under conditions) train other models: recorded in the audit only. */
        TRAINING_RESTRICTION("training_restriction"),
        /** A person must review the output before it is relied on: header {@code x-weightgate-human-review: required}. */
        HUMAN_REVIEW("human_review"),
        /** The model is not in the catalog; its license has not been reviewed: recorded in the audit. */
        LICENSE_UNREVIEWED("license_unreviewed"),
        /** A fact the decision relied on is not verified from the publisher: recorded in the audit. */
        LICENSE_UNVERIFIED("license_unverified");

        private final String code;

        Type(String code) {
            this.code = code;
        }

        /** The snake_case name used in the API, the rules and the audit. */
        public String code() {
            return code;
        }

        public static Type parse(String code) {
            for (Type type : values()) {
                if (type.code.equals(code)) {
                    return type;
                }
            }
            throw new IllegalArgumentException("unknown obligation type '" + code + "'");
        }
    }
}
