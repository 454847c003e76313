package dev.weightgate.policy;

import java.util.List;

/**
 * A model, or a family of models, in the catalog and the license it is under.
 *
 * @param id the entry's id; an entry whose id equals a served model's id applies to it before any pattern
 * @param family e.g. {@code llama-3.2}
 * @param license the catalog license id
 * @param multimodal whether the model takes images (the Llama 3.2/4 EU clause covers multimodal models only);
 *     {@code null} when unknown, which region exclusions read as multimodal
 * @param source where the model is published
 * @param sha256 the weights file's SHA-256, for embedded models pinned to one file; {@code null} otherwise
 * @param match model-id patterns ({@code *} matches anything), compared with the model id lower-cased, without any
 *     {@code org/} prefix and with {@code :} and {@code _} read as {@code -}; the most specific match wins. GGUF
 *     {@code general.name} and {@code general.basename}-{@code size_label} are matched the same way.
 * @param verification how well the model-to-license mapping is verified
 * @param notes caveats for people
 */
public record ModelEntry(String id, String family, String license, Boolean multimodal, String source, String sha256,
                         List<String> match, String verification, String notes) {

    public ModelEntry {
        match = match == null ? List.of() : List.copyOf(match);
    }
}
