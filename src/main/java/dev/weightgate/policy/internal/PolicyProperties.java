package dev.weightgate.policy.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of license decisions, under {@code weightgate.policy}.
 *
 * @param unknownModel what happens to a model that is not in the catalog: {@code allow} (with the obligation
 *     {@code license_unreviewed}, so remote models work out of the box) or {@code deny}
 * @param operatorCommercial whether the organisation running the gateway is a commercial entity; licenses that forbid
 *     hosting by a commercial entity (Mistral's research license) are then denied to every tenant
 * @param enforceAcceptance whether licenses whose acceptable-use policy must be accepted are denied until the tenant
 *     has accepted them
 * @param aiLabel when responses carry the AI-generated label: {@code eu} (tenants located in the EU), {@code always}
 *     or {@code never}
 * @param attributionInResponse whether attribution obligations also ask for a line appended to the response
 * @param aiMarkerInResponse whether the AI-generated label also asks for a machine-readable marker in the response
 * @param changePollInterval how often each replica checks whether rules, catalog or profiles changed elsewhere
 * @param maxCachedDecisions bounds the decision cache; past it the cache starts over
 */
@ConfigurationProperties("weightgate.policy")
public record PolicyProperties(
        @DefaultValue("allow") UnknownModel unknownModel,
        @DefaultValue("true") boolean operatorCommercial,
        @DefaultValue("true") boolean enforceAcceptance,
        @DefaultValue("eu") AiLabel aiLabel,
        @DefaultValue("false") boolean attributionInResponse,
        @DefaultValue("false") boolean aiMarkerInResponse,
        @DefaultValue("200ms") Duration changePollInterval,
        @DefaultValue("100000") int maxCachedDecisions) {

    public enum UnknownModel {
        ALLOW,
        DENY
    }

    public enum AiLabel {
        EU,
        ALWAYS,
        NEVER
    }

    /** The defaults, for use without Spring (tests, benchmarks). */
    public static PolicyProperties defaults() {
        return new PolicyProperties(UnknownModel.ALLOW, true, true, AiLabel.EU, false, false, Duration.ofMillis(200),
                100_000);
    }
}
