package dev.weightgate.engine.chat;

/**
 * The chat formats rendered natively, each after one real template (kept verbatim in the tests' resources).
 * {@link #llamaCppName()} is the name llama.cpp's {@code llm_chat_detect_template} gives the format.
 */
public enum ChatFamily {

    /** Meta-Llama-3-8B-Instruct. */
    LLAMA_3("llama3", false),
    /** Llama 3.1 and 3.3 Instruct: system header with a knowledge cut-off and a date (26 Jul 2024 unless given). */
    LLAMA_3_1("llama3", true),
    /** Llama 3.2 Instruct: as 3.1, dated today by default. */
    LLAMA_3_2("llama3", true),
    /** Llama-2-chat: {@code <s>[INST] <<SYS>>...<</SYS>> ... [/INST] answer </s>}. */
    LLAMA_2("llama2-sys-strip", false),
    /** Mistral-7B-Instruct v0.1: {@code [INST] ... [/INST]}, no system role. */
    MISTRAL_V0("llama2", false),
    /** Mistral-7B-Instruct v0.2 (Mistral's "v1"): {@code  [INST] system\n\nuser [/INST]}. */
    MISTRAL_V1("mistral-v1", false),
    /** Mistral-7B-Instruct v0.3 (Mistral's "v3"): system prompt before the last user message. */
    MISTRAL_V3("mistral-v3", false),
    /** Mistral Nemo (Mistral's "v3-tekken"): as v3 without the spaces. */
    MISTRAL_V3_TEKKEN("mistral-v3-tekken", false),
    /** Mistral Large 2411 (Mistral's "v7"): {@code [SYSTEM_PROMPT]} blocks. */
    MISTRAL_V7("mistral-v7", false),
    /** Plain ChatML (OpenHermes); also the fallback for files without a template. */
    CHATML("chatml", false),
    /** Qwen1.5 and Qwen2 chat: ChatML with the default system message "You are a helpful assistant.". */
    QWEN2("chatml", false),
    /** Qwen2.5 Instruct: ChatML with Qwen's default system message and Hermes-style tools. */
    QWEN2_5("chatml", true),
    /** Qwen3: ChatML with tools and {@code <think>} reasoning. */
    QWEN3("chatml", true),
    /** SmolLM2 Instruct: ChatML with SmolLM's default system message. */
    SMOLLM2("chatml", false),
    /**
     * gpt-oss's harmony format: system and developer messages, {@code analysis}/{@code commentary}/{@code final}
     * channels, TypeScript-declared function tools. Follows OpenAI's harmony guide where the shipped Jinja template
     * departs from it (see {@code HarmonyTemplate}).
     */
    HARMONY("gpt-oss", true);

    private final String llamaCppName;
    private final boolean supportsTools;

    ChatFamily(String llamaCppName, boolean supportsTools) {
        this.llamaCppName = llamaCppName;
        this.supportsTools = supportsTools;
    }

    public String llamaCppName() {
        return llamaCppName;
    }

    /** Whether the native renderer renders tools for this family. */
    public boolean supportsTools() {
        return supportsTools;
    }
}
