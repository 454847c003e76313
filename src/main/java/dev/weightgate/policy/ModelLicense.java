package dev.weightgate.policy;

import java.util.List;

/**
 * What the catalog says about one model id: the entry that matched, its license, the obligations serving it carries
 * for any tenant, and the restrictions that deny it to some tenants.
 *
 * @param modelId the id asked about
 * @param entry the matching catalog entry, or {@code null} when none matches
 * @param license the entry's license, or {@code null} when no entry matches
 * @param obligations obligations every allowed request carries (tenant-specific ones, like the AI label, aside)
 * @param restrictions who may not use it, in words, each prefixed by the built-in rule that enforces it
 */
public record ModelLicense(String modelId, ModelEntry entry, LicenseEntry license, List<Obligation> obligations,
                           List<String> restrictions) {
}
