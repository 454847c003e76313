package dev.weightgate.policy;

import dev.weightgate.policy.internal.CatalogFile;
import dev.weightgate.policy.internal.PolicyEngine;
import dev.weightgate.policy.internal.PolicyProperties;
import dev.weightgate.policy.internal.StoredRule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Named tenants and engines built from the shipped catalog, without Spring or a database. */
public final class PolicyFixtures {

    public static final CatalogFile CATALOG = CatalogFile.load();

    private PolicyFixtures() {
    }

    /** A compliance profile under construction: {@code tenant().in("DE").commercial().accepted("...")}. */
    public static final class Tenant {
        final UUID id = UUID.randomUUID();
        String jurisdiction;
        String region;
        Boolean commercial = true;
        Long users = 10_000L;
        String industry;
        final Set<String> purposes = new LinkedHashSet<>();
        final Set<String> accepted = new LinkedHashSet<>();
        boolean declared = true;

        public Tenant in(String country) {
            jurisdiction = country;
            return this;
        }

        public Tenant region(String code) {
            region = code;
            return this;
        }

        public Tenant nonCommercial() {
            commercial = false;
            return this;
        }

        public Tenant users(long monthlyActiveUsers) {
            users = monthlyActiveUsers;
            return this;
        }

        public Tenant industry(String name) {
            industry = name;
            return this;
        }

        public Tenant purposes(String... declared) {
            purposes.addAll(List.of(declared));
            return this;
        }

        public Tenant accepted(String... licenses) {
            accepted.addAll(List.of(licenses));
            return this;
        }

        public Tenant undeclared() {
            declared = false;
            return this;
        }

        public UUID id() {
            return id;
        }

        public ComplianceProfile profile() {
            List<LicenseAcceptance> acceptances = accepted.stream()
                    .map(l -> new LicenseAcceptance(l, "Dana Legal", Instant.parse("2026-11-01T00:00:00Z"), "test"))
                    .toList();
            return declared
                    ? new ComplianceProfile(id, true, jurisdiction, region, commercial, users, industry, purposes,
                            acceptances, Instant.parse("2026-11-01T00:00:00Z"), "test")
                    : ComplianceProfile.undeclared(id, acceptances);
        }

        @Override
        public String toString() {
            return (jurisdiction == null ? "" : jurisdiction) + (region == null ? "" : "/" + region)
                    + (Boolean.FALSE.equals(commercial) ? " non-commercial" : " commercial")
                    + (users != null && users > 1_000_000 ? " " + users / 1_000_000 + "M MAU" : "")
                    + (purposes.isEmpty() ? "" : " purposes=" + purposes)
                    + (accepted.isEmpty() ? "" : " accepted=" + accepted) + (declared ? "" : " (undeclared)");
        }
    }

    /** A commercial tenant in the United States with 10,000 monthly active users. */
    public static Tenant tenant() {
        return new Tenant().in("US");
    }

    public static PolicyProperties settings() {
        return PolicyProperties.defaults();
    }

    public static PolicyProperties nonCommercialOperator() {
        return new PolicyProperties(PolicyProperties.UnknownModel.ALLOW, false, true, PolicyProperties.AiLabel.EU, false,
                false, Duration.ofMillis(200), 100_000);
    }

    public static PolicyProperties denyUnknownModels() {
        return new PolicyProperties(PolicyProperties.UnknownModel.DENY, true, true, PolicyProperties.AiLabel.EU, false,
                false, Duration.ofMillis(200), 100_000);
    }

    public static PolicyEngine engine(PolicyProperties settings, List<StoredRule> rules, Tenant... tenants) {
        Map<UUID, ComplianceProfile> profiles = new HashMap<>();
        for (Tenant tenant : tenants) {
            profiles.put(tenant.id, tenant.profile());
        }
        return new PolicyEngine(1, CATALOG.licenses(), CATALOG.models(), rules, profiles, settings);
    }

    public static StoredRule rule(String id, RuleDefinition definition) {
        Instant now = Instant.parse("2026-11-01T00:00:00Z");
        return new StoredRule(id, 1, true, definition, now, now, "test");
    }

    public static RuleDefinition.Conditions when() {
        return new RuleDefinition.Conditions(null, null, null, null, null, null, null, null, null, null);
    }

    /** Fifty organisation rules of every kind, none of which applies to {@code unaffected}. */
    public static List<StoredRule> fiftyRules(UUID unaffected) {
        List<StoredRule> rules = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            UUID other = new UUID(7, i);
            RuleDefinition definition = switch (i % 5) {
                case 0 -> new RuleDefinition("only permissive " + i, new RuleDefinition.Conditions(Set.of(other.toString()),
                        null, null, null, Set.of("Apache-2.0", "MIT"), null, null, null, null, null), "deny",
                        "org_license_not_allowed", "Only Apache-2.0 and MIT.", null, null);
                case 1 -> new RuleDefinition("review " + i, new RuleDefinition.Conditions(null, null, null, null, null,
                        Set.of("purpose-" + i), null, null, null, null), "obligate", null, null,
                        new RuleDefinition.ObligationSpec("human_review", "review " + i, false), null);
                case 2 -> new RuleDefinition("no models " + i, new RuleDefinition.Conditions(null, Set.of("blocked-" + i
                        + "-*"), null, null, null, null, null, null, null, null), "deny", null, "Blocked.", null, null);
                case 3 -> new RuleDefinition("industry " + i, new RuleDefinition.Conditions(null, null, null, null, null,
                        null, Set.of("JP"), null, Set.of("industry-" + i), true), "deny", null, "Not here.", null, null);
                default -> new RuleDefinition("waiver " + i, new RuleDefinition.Conditions(Set.of(other.toString()),
                        null, null, Set.of("llama-3.1-community"), null, null, null, null, null, null), "waive", null,
                        null, null, List.of("builtin.mau-cap"));
            };
            rules.add(rule("bench-rule-" + String.format("%02d", i), definition));
        }
        return rules;
    }
}
