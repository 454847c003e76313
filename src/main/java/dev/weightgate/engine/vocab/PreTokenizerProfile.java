package dev.weightgate.engine.vocab;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a {@code tokenizer.ggml.pre} name means for a byte-level BPE vocabulary, as llama.cpp's vocabulary loader
 * decides it: the split patterns, and the flags that come with them.
 *
 * @param type         the split patterns
 * @param cleanSpaces  whether decoding removes the space before punctuation and contractions
 * @param ignoreMerges whether a word that is a token as a whole is taken as is, without merging
 * @param addBos       the default for adding BOS (a file's {@code add_bos_token} overrides it)
 */
public record PreTokenizerProfile(PreTokenizerType type, boolean cleanSpaces, boolean ignoreMerges, boolean addBos) {

    /** The profile llama.cpp uses when a BPE file names no pre-tokenizer. */
    public static final PreTokenizerProfile DEFAULT =
            new PreTokenizerProfile(PreTokenizerType.DEFAULT, true, false, false);

    private static final Map<String, PreTokenizerProfile> BY_NAME = new HashMap<>();

    static {
        PreTokenizerProfile llama3 = new PreTokenizerProfile(PreTokenizerType.LLAMA3, true, true, true);
        register(DEFAULT, "default");
        register(llama3, "llama3", "llama-v3", "llama-bpe", "falcon3", "falcon-h1", "pixtral", "midm-2.0", "lfm2");
        // Same pattern as Llama 3, none of its flags.
        register(new PreTokenizerProfile(PreTokenizerType.LLAMA3, true, false, false), "dbrx", "smaug-bpe");
        register(new PreTokenizerProfile(PreTokenizerType.DEEPSEEK_LLM, false, false, false), "deepseek-llm");
        register(new PreTokenizerProfile(PreTokenizerType.DEEPSEEK_CODER, false, false, false), "deepseek-coder");
        register(new PreTokenizerProfile(PreTokenizerType.FALCON, true, false, false), "falcon");
        register(new PreTokenizerProfile(PreTokenizerType.GPT2, true, false, false),
                "gpt-2", "phi-2", "mpt", "olmo", "jais", "gigachat", "exaone4", "mellum", "a.x-4.0");
        register(new PreTokenizerProfile(PreTokenizerType.STARCODER, true, false, false),
                "starcoder", "refact", "codeshell", "exaone", "minerva-7b", "mellum2");
        register(new PreTokenizerProfile(PreTokenizerType.STARCODER, false, false, false), "command-r", "smollm");
        register(new PreTokenizerProfile(PreTokenizerType.QWEN2, false, false, false),
                "qwen2", "deepseek-r1-qwen", "hunyuan", "kormo", "f2llmv2");
        register(new PreTokenizerProfile(PreTokenizerType.QWEN2, true, false, false), "megrez", "stablelm2");
        register(new PreTokenizerProfile(PreTokenizerType.O200K, false, false, false),
                "gpt-4o", "llama4", "minimax-m2", "kanana2");
    }

    private static void register(PreTokenizerProfile profile, String... names) {
        for (String name : names) {
            BY_NAME.put(name, profile);
        }
    }

    /** The profile of a {@code tokenizer.ggml.pre} value, or empty when Weightgate does not know the name. */
    public static Optional<PreTokenizerProfile> forName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }
}
