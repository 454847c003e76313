package dev.weightgate.policy;

import java.util.List;
import java.util.Map;

/**
 * A license in the catalog, with its facts and how well each is verified. Unknown facts are {@code null}, and the
 * rules read {@code null} conservatively.
 *
 * @param id the catalog id: the SPDX id where one exists ({@code Apache-2.0}, {@code MIT}), a named id otherwise
 *     ({@code llama-3.1-community}, {@code qwen-research})
 * @param name the license's title
 * @param version its version or release date
 * @param spdx the SPDX identifier, or {@code null} when there is none
 * @param text where the license text lives
 * @param ggufLicenses values of GGUF {@code general.license} / {@code general.license.name} that name this license
 * @param facts what the license says
 * @param verification fact name (snake_case) to verification level ({@code publisher}, {@code copy},
 *     {@code secondary}, {@code interpretation}, {@code policy}, {@code unverified}); {@code default} covers the rest
 * @param notes caveats for people
 */
public record LicenseEntry(String id, String name, String version, String spdx, TextLocation text,
                           List<String> ggufLicenses, Facts facts, Map<String, String> verification, String notes) {

    public LicenseEntry {
        ggufLicenses = ggufLicenses == null ? List.of() : List.copyOf(ggufLicenses);
        verification = verification == null ? Map.of() : Map.copyOf(verification);
    }

    /** How well a fact (snake_case name) is verified. */
    public String verificationOf(String fact) {
        return verification.getOrDefault(fact, verification.getOrDefault("default", "unverified"));
    }

    /**
     * Where the license text lives: a URL, and for texts read in a repository its path and commit.
     */
    public record TextLocation(String url, String repo, String path, String commit) {
    }

    /**
     * @param commercialUse whether commercial use is allowed
     * @param mauCap monthly active users above which a separate license is needed
     * @param mauCapBasis {@code release-date} (measured once, on the version's release date) or {@code running}
     * @param excludedRegions regions whose licensees get no rights, and the models that applies to
     * @param attribution text the license asks to display, e.g. "Built with Llama"
     * @param aup the acceptable-use policy, and whether Weightgate requires it accepted before first use
     * @param passTermsDownstream whether the license's terms or use restrictions must bind the gateway's users
     * @param outputsTrainOtherModels {@code yes}, {@code no} or {@code with-conditions}
     * @param outputsTrainingConditions the conditions, in words
     * @param fineTuning whether fine-tuning is allowed
     * @param redistribution whether the weights may be redistributed
     * @param commercialHosting whether a commercial entity may host the model as a service
     * @param prohibitedPurposes purposes (from the catalog's vocabulary) the license or its AUP prohibits
     * @param notice the notice text that must travel with redistributed copies
     */
    public record Facts(Boolean commercialUse, Long mauCap, String mauCapBasis, List<RegionExclusion> excludedRegions,
                        String attribution, AcceptableUse aup, Boolean passTermsDownstream,
                        String outputsTrainOtherModels, String outputsTrainingConditions, Boolean fineTuning,
                        Boolean redistribution, Boolean commercialHosting, List<String> prohibitedPurposes,
                        String notice) {

        public Facts {
            excludedRegions = excludedRegions == null ? List.of() : List.copyOf(excludedRegions);
            prohibitedPurposes = prohibitedPurposes == null ? List.of() : List.copyOf(prohibitedPurposes);
        }
    }

    /**
     * @param region {@code EU} (the 27 member states), or an ISO 3166-1 alpha-2 country
     * @param appliesTo {@code all} models under the license, or only {@code multimodal} ones
     * @param basis where the exclusion is written
     * @param carveOut who is exempt
     */
    public record RegionExclusion(String region, String appliesTo, String basis, String carveOut) {
    }

    /**
     * @param id the policy's id
     * @param url where it is published
     * @param acceptanceRequired whether a tenant must accept it (through the admin API) before first use
     */
    public record AcceptableUse(String id, String url, Boolean acceptanceRequired) {
    }
}
