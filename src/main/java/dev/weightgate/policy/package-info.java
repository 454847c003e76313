/**
 * License compliance (issue 8): every request is decided against the model's license and the tenant's compliance
 * profile. {@link dev.weightgate.policy.PolicyDecisions#decide} answers allow, deny with reasons, or allow with
 * obligations, from memory; {@link dev.weightgate.policy.LicenseCatalog}, {@link
 * dev.weightgate.policy.ComplianceProfiles} and {@link dev.weightgate.policy.PolicyRules} manage what it decides from,
 * and every change is published as a {@link dev.weightgate.policy.PolicyChanged} event and reaches every replica through
 * one version row in the database.
 */
package dev.weightgate.policy;
