package dev.weightgate.engine.chat;

import dev.weightgate.engine.gguf.GgufArray;
import dev.weightgate.engine.gguf.GgufKeys;
import dev.weightgate.engine.gguf.GgufMetadata;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * Chooses the chat template for a model from its {@code tokenizer.chat_template}.
 *
 * <p>There is no Jinja engine here: the template text is recognised and rendered natively. Recognition follows
 * llama.cpp's {@code llm_chat_detect_template} (distinctive substrings, in its order), refined where one llama.cpp
 * format covers templates that render differently (Llama 3 / 3.1 / 3.2; ChatML / Qwen2 / Qwen2.5 / Qwen3 /
 * SmolLM2). Each native renderer reproduces one real template exactly; whether the file's text <em>is</em> that
 * template is checked too (by hash, ignoring surrounding whitespace), and a file whose text merely looks like a
 * family gets a warning, since fine-tunes often edit templates.
 *
 * <p>A file without a template gets ChatML, as llama.cpp does; a template of a family not rendered here gets ChatML
 * with a warning naming what it looked like.
 */
public final class ChatTemplates {

    /** SHA-256 of the stripped text of each reference template (the test resources), to the family rendering it. */
    private static final Map<String, Known> KNOWN_TEXTS = Map.ofEntries(
            known("ba03a121d097859c7b5b9cd03af99aafe95275210d2876f642ad9929a150f122",
                    ChatFamily.LLAMA_3, "Meta-Llama-3-8B-Instruct"),
            known("93c0e9aa3629bbd77e68dbc0f5621f6e6b23aa8d74b932595cdb8d64684526d7",
                    ChatFamily.LLAMA_3_1, "Llama 3.1/3.3 Instruct"),
            known("d82792f95932f1c9cef5c4bd992f171225e3bf8c7b609b4557c9e1ec96be819f",
                    ChatFamily.LLAMA_3_2, "Llama 3.2 Instruct"),
            known("e8d5b5a546d3f19df16a5320c614fab05bdc4edd50e850f1afd947b503ea41cf",
                    ChatFamily.LLAMA_2, "Llama-2-chat"),
            known("26a59556925c987317ce5291811ba3b7f32ec4c647c400c6cc7e3a9993007ba7",
                    ChatFamily.MISTRAL_V0, "Mistral-7B-Instruct-v0.1"),
            known("bbc58aad99454df60138be9530c9601a0adfe3d8932cda975e1f10b2410ddc51",
                    ChatFamily.MISTRAL_V1, "Mistral-7B-Instruct-v0.2"),
            known("cafb64e0e9e5fd2503054b3479593fae39cbdfd52338ce8af9bb4664a8eb05bd",
                    ChatFamily.MISTRAL_V3, "Mistral-7B-Instruct-v0.3"),
            known("e7deee034838db2bfc7487788a3013d8a307ab69f72f3c54a85f06fd76007d4e",
                    ChatFamily.MISTRAL_V3_TEKKEN, "Mistral-Nemo-Instruct-2407"),
            known("3c4ad5fa60dd8c7ccdf82fa4225864c903e107728fcaf859fa6052cb80c92ee9",
                    ChatFamily.MISTRAL_V7, "Mistral-Large-Instruct-2411"),
            known("fcf7a096fe99a48fd9ad2b250bf9237e96e8f48bffec1c7ea4d3f225176cd40e",
                    ChatFamily.CHATML, "OpenHermes-2.5 ChatML"),
            known("793202280c0910ab26bc6eb57c8212c2417324c6d8c4efd0d10d59092ab3e3eb",
                    ChatFamily.QWEN2, "Qwen2 Instruct"),
            known("55b2f4a26ac9ee719330a61a0c39d9e538b0e9322212f048326318cff4f8674a",
                    ChatFamily.QWEN2_5, "Qwen2.5 Instruct"),
            known("87a2728cb8dc9fe424d624542f6060ec05a1d285ebbec578bb078900e33396b5",
                    ChatFamily.QWEN3, "Qwen3"),
            known("872be49dbb638044ad01b60388f48d469ff2980e5f0dccdc22ec907db54d0788",
                    ChatFamily.SMOLLM2, "SmolLM2 Instruct"),
            known("a4c9919cbbd4acdd51ccffe22da049264b1b73e59055fa58811a99efbd7c8146",
                    ChatFamily.HARMONY, "gpt-oss-20b/120b"));

    private record Known(ChatFamily family, String model) {
    }

    /** llama.cpp's {@code general.architecture} for gpt-oss ({@code LLM_ARCH_OPENAI_MOE}). */
    private static final String GPT_OSS_ARCHITECTURE = "gpt-oss";

    private static Map.Entry<String, Known> known(String sha256, ChatFamily family, String model) {
        return Map.entry(sha256, new Known(family, model));
    }

    private ChatTemplates() {
    }

    /** How the template was chosen; {@link #warning()} is for the operator (log it, or show it in the API). */
    public record Selection(ChatTemplate template, Match match, String detail, Optional<String> warning) {
    }

    /** How the file's template text relates to the chosen renderer. */
    public enum Match {
        /** The text is a reference template this renderer reproduces. */
        EXACT,
        /** The text has the family's markers but differs from its reference template: output may differ. */
        FAMILY,
        /** The file has no template: ChatML fallback (harmony for a gpt-oss architecture). */
        MISSING,
        /** The text was not recognised, or is of a family not rendered here: ChatML fallback. */
        UNSUPPORTED
    }

    /** The template for a model: from its GGUF metadata, dated by the system clock (Llama 3.2, harmony). */
    public static Selection forModel(GgufMetadata metadata) {
        return forModel(metadata, Clock.systemDefaultZone());
    }

    /**
     * The template for a model, reading {@code tokenizer.chat_template} and the BOS/EOS token texts.
     *
     * @param clock the clock of Llama 3.2's and harmony's {@code strftime_now}
     */
    public static Selection forModel(GgufMetadata metadata, Clock clock) {
        String bos = tokenText(metadata, GgufKeys.TOKENIZER_BOS_ID);
        String eos = tokenText(metadata, GgufKeys.TOKENIZER_EOS_ID);
        Optional<String> text = metadata.findString(GgufKeys.TOKENIZER_CHAT_TEMPLATE);
        boolean gptOss = metadata.findString(GgufKeys.GENERAL_ARCHITECTURE).filter(GPT_OSS_ARCHITECTURE::equals)
                .isPresent();
        if (gptOss && (text.isEmpty() || text.get().isBlank())) {
            // gpt-oss only works in harmony; ChatML, the usual fallback, would make it produce nonsense.
            return new Selection(create(ChatFamily.HARMONY, bos, eos, clock), Match.MISSING,
                    "no tokenizer.chat_template in the file; gpt-oss architecture", Optional.of("the gpt-oss "
                            + "model file has no chat template; using the harmony format, which gpt-oss is trained "
                            + "on"));
        }
        if (text.isEmpty() || text.get().isBlank()) {
            return new Selection(fallback(bos, eos), Match.MISSING, "no tokenizer.chat_template in the file",
                    Optional.of("the model file has no chat template; using ChatML, llama.cpp's default"));
        }
        return fromText(text.get(), bos, eos, clock);
    }

    /**
     * The template for a {@code tokenizer.chat_template} text.
     *
     * @param bos the BOS token's text ({@code bos_token}); empty if the vocabulary has none
     * @param eos the EOS token's text ({@code eos_token})
     */
    public static Selection fromText(String templateText, String bos, String eos, Clock clock) {
        Known known = KNOWN_TEXTS.get(fingerprint(templateText));
        Detection detection = detect(templateText);
        if (detection.family() == null) {
            String what = detection.llamaCppName() == null ? "an unrecognised template"
                    : "a " + detection.llamaCppName() + " template, which is not rendered natively";
            return new Selection(fallback(bos, eos), Match.UNSUPPORTED, detection.reason(), Optional.of(
                    "the model's chat template is " + what + "; using ChatML instead, which the model may not "
                            + "follow"));
        }
        ChatTemplate template = create(detection.family(), bos, eos, clock);
        if (known != null && known.family() == detection.family()) {
            return new Selection(template, Match.EXACT, "the " + known.model() + " template", Optional.empty());
        }
        return new Selection(template, Match.FAMILY, detection.reason(), Optional.of("the model's chat template "
                + "looks like " + detection.family() + " (" + detection.reason() + ") but is not the reference "
                + "text; it is rendered as " + detection.family() + ", which may differ from the file's template"));
    }

    /** The renderer for a family. */
    public static ChatTemplate create(ChatFamily family, String bos, String eos, Clock clock) {
        return switch (family) {
            case LLAMA_3 -> new Llama3Template(bos, eos);
            case LLAMA_3_1 -> new Llama31Template(bos, eos, null);
            case LLAMA_3_2 -> new Llama31Template(bos, eos, clock == null ? Clock.systemDefaultZone() : clock);
            case LLAMA_2 -> new Llama2Template(bos, eos);
            case MISTRAL_V0, MISTRAL_V1, MISTRAL_V3, MISTRAL_V3_TEKKEN, MISTRAL_V7 ->
                    new MistralTemplate(family, bos, eos);
            case CHATML, QWEN2, SMOLLM2 -> new ChatMlTemplate(family, bos, eos);
            case QWEN2_5, QWEN3 -> new QwenTemplate(family, bos, eos);
            case HARMONY -> new HarmonyTemplate(bos, eos, clock);
        };
    }

    /** Plain ChatML, for files without a template. */
    public static ChatTemplate fallback(String bos, String eos) {
        return new ChatMlTemplate(ChatFamily.CHATML, bos, eos);
    }

    /**
     * What a template text looks like.
     *
     * @param family       the native renderer for it, or null if none
     * @param llamaCppName llama.cpp's name for the format, or null if llama.cpp would not recognise it either
     * @param reason       which markers decided
     */
    public record Detection(ChatFamily family, String llamaCppName, String reason) {
    }

    /** Recognises a template text by its markers, in llama.cpp's order. */
    public static Detection detect(String t) {
        if (t.contains("<|im_start|>")) {
            if (t.contains("<|im_sep|>")) {
                return unsupported("phi4", "<|im_start|> with <|im_sep|>");
            }
            if (t.contains("<end_of_utterance>")) {
                return unsupported("smolvlm", "<|im_start|> with <end_of_utterance>");
            }
            if (t.contains("<think>") || t.contains("enable_thinking")) {
                return new Detection(ChatFamily.QWEN3, "chatml", "<|im_start|> with <think>");
            }
            if (t.contains("You are Qwen, created by Alibaba Cloud")) {
                return new Detection(ChatFamily.QWEN2_5, "chatml", "<|im_start|> with Qwen's default system message");
            }
            if (t.contains("named SmolLM")) {
                return new Detection(ChatFamily.SMOLLM2, "chatml", "<|im_start|> with SmolLM's default system "
                        + "message");
            }
            if (t.contains("You are a helpful assistant.<|im_end|>")) {
                return new Detection(ChatFamily.QWEN2, "chatml", "<|im_start|> with a default system message");
            }
            return new Detection(ChatFamily.CHATML, "chatml", "<|im_start|>");
        }
        if (t.startsWith("mistral") || t.contains("[INST]")) {
            if (t.contains("[SYSTEM_PROMPT]")) {
                return new Detection(ChatFamily.MISTRAL_V7, "mistral-v7", "[INST] with [SYSTEM_PROMPT]");
            }
            if (t.contains("' [INST] ' + system_message") || t.contains("[AVAILABLE_TOOLS]")) {
                if (t.contains(" [INST]")) {
                    return new Detection(ChatFamily.MISTRAL_V1, "mistral-v1", "' [INST] ' with a space before");
                }
                if (t.contains("\"[INST]\"")) {
                    return new Detection(ChatFamily.MISTRAL_V3_TEKKEN, "mistral-v3-tekken",
                            "[AVAILABLE_TOOLS] with \"[INST]\" unspaced");
                }
                return new Detection(ChatFamily.MISTRAL_V3, "mistral-v3", "[AVAILABLE_TOOLS] with \"[INST] \"");
            }
            if (t.contains("content.strip()")) {
                return new Detection(ChatFamily.LLAMA_2, "llama2-sys-strip", "[INST] with <<SYS>> and strip()");
            }
            if (t.contains("bos_token + '[INST]")) {
                return new Detection(ChatFamily.LLAMA_2, "llama2-sys-bos", "[INST] with BOS inside the history");
            }
            if (t.contains("<<SYS>>")) {
                return new Detection(ChatFamily.LLAMA_2, "llama2-sys", "[INST] with <<SYS>>");
            }
            return new Detection(ChatFamily.MISTRAL_V0, "llama2", "[INST] without a system prompt");
        }
        if (t.contains("<|assistant|>") && t.contains("<|end|>")) {
            return unsupported("phi3", "<|assistant|> with <|end|>");
        }
        if (t.contains("[gMASK]<sop>")) {
            return unsupported("chatglm4", "[gMASK]<sop>");
        }
        if (t.contains("<|assistant|>") && t.contains("<|user|>")) {
            return unsupported(t.contains("</s>") ? "falcon3" : "glmedge", "<|assistant|> with <|user|>");
        }
        if (t.contains("<|user|>") && t.contains("<|endoftext|>")) {
            return unsupported("zephyr", "<|user|> with <|endoftext|>");
        }
        if (t.contains("bos_token + message['role']")) {
            return unsupported("monarch", "bos_token + message['role']");
        }
        if (t.contains("<start_of_turn>")) {
            return unsupported("gemma", "<start_of_turn>");
        }
        if (t.contains("GPT4 Correct ")) {
            return unsupported("openchat", "GPT4 Correct");
        }
        if (t.contains("USER: ") && t.contains("ASSISTANT: ")) {
            return unsupported("vicuna", "USER: and ASSISTANT:");
        }
        if (t.contains("### Instruction:") && t.contains("<|EOT|>")) {
            return unsupported("deepseek", "### Instruction: with <|EOT|>");
        }
        if (t.contains("<|START_OF_TURN_TOKEN|>") && t.contains("<|USER_TOKEN|>")) {
            return unsupported("command-r", "<|START_OF_TURN_TOKEN|>");
        }
        if (t.contains("<|start_header_id|>") && t.contains("<|end_header_id|>")) {
            if (t.contains("Cutting Knowledge Date")) {
                if (t.contains("strftime_now")) {
                    return new Detection(ChatFamily.LLAMA_3_2, "llama3", "<|start_header_id|> with a knowledge "
                            + "cut-off dated by strftime_now");
                }
                return new Detection(ChatFamily.LLAMA_3_1, "llama3", "<|start_header_id|> with a knowledge cut-off");
            }
            return new Detection(ChatFamily.LLAMA_3, "llama3", "<|start_header_id|>");
        }
        if (t.contains("<|header_start|>") && t.contains("<|header_end|>")) {
            return unsupported("llama4", "<|header_start|>");
        }
        if (t.contains("<|start|>") && t.contains("<|channel|>")) {
            return new Detection(ChatFamily.HARMONY, "gpt-oss", "<|start|> with <|channel|>");
        }
        return new Detection(null, null, "no known markers");
    }

    private static Detection unsupported(String llamaCppName, String reason) {
        return new Detection(null, llamaCppName, reason);
    }

    /** SHA-256 (hex) of the template text without surrounding whitespace. */
    static String fingerprint(String templateText) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(templateText.strip().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String tokenText(GgufMetadata metadata, String idKey) {
        Optional<Long> id = metadata.findLong(idKey);
        Optional<GgufArray> tokens = metadata.findArray(GgufKeys.TOKENIZER_TOKENS);
        if (id.isEmpty() || tokens.isEmpty() || id.get() < 0 || id.get() >= tokens.get().size()) {
            return "";
        }
        return String.valueOf(tokens.get().get(Math.toIntExact(id.get())));
    }
}
