package dev.weightgate.engine.vocab;

import java.util.Optional;

/** The tokenizer algorithms Weightgate implements, by their {@code tokenizer.ggml.model} name. */
public enum TokenizerModel {

    /** SentencePiece BPE: merges chosen by token score, byte fallback ({@code "llama"}). */
    SENTENCE_PIECE("llama"),

    /** GPT-2 style byte-level BPE: merges chosen by rank, after a regex pre-tokenizer ({@code "gpt2"}). */
    BYTE_LEVEL_BPE("gpt2");

    private final String ggufName;

    TokenizerModel(String ggufName) {
        this.ggufName = ggufName;
    }

    public String ggufName() {
        return ggufName;
    }

    public static Optional<TokenizerModel> fromGgufName(String name) {
        for (TokenizerModel model : values()) {
            if (model.ggufName.equals(name)) {
                return Optional.of(model);
            }
        }
        return Optional.empty();
    }
}
