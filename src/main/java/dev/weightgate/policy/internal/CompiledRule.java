package dev.weightgate.policy.internal;

/** A rule compiled once into plain Java: it reads the request's context and adds to the decision. */
interface CompiledRule {

    String id();

    void apply(EvaluationContext context, DecisionBuilder decision);
}
