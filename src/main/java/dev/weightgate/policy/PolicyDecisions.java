package dev.weightgate.policy;

/** Decides requests against licenses, compliance profiles and organisation rules. */
public interface PolicyDecisions {

    /**
     * The decision for one request. Answered from memory: rules are compiled once and decisions cached per tenant,
     * model, purpose and policy version; any change to rules, catalog, profiles or acceptances, on any replica, moves
     * the policy version within the poll interval. Never throws for a well-formed request.
     */
    Decision decide(PolicyRequest request);

    /** The current policy version: every change to rules, catalog, profiles or acceptances increments it. */
    long policyVersion();

    /**
     * What the catalog knows about a model's license, and the obligations it carries for any tenant; entry and license
     * are {@code null} when the catalog does not know the model.
     */
    ModelLicense describe(String modelId);
}
