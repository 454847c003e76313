package dev.weightgate.engine.chat;

import java.util.List;

/**
 * ChatML: {@code <|im_start|>role\ncontent<|im_end|>\n} per message, generation prompt {@code
 * <|im_start|>assistant\n}. Qwen2 and SmolLM2 add their default system message when the conversation does not start
 * with one; plain ChatML (and the fallback for files without a template) adds none.
 */
final class ChatMlTemplate extends NativeTemplate {

    static final String QWEN2_DEFAULT_SYSTEM = "You are a helpful assistant.";
    static final String SMOLLM2_DEFAULT_SYSTEM = "You are a helpful AI assistant named SmolLM, trained by Hugging Face";
    static final String IM_START = "<|im_start|>";
    static final String IM_END = "<|im_end|>";

    private final String defaultSystem;

    ChatMlTemplate(ChatFamily family, String bos, String eos) {
        super(family, bos, eos);
        this.defaultSystem = switch (family) {
            case CHATML -> null;
            case QWEN2 -> QWEN2_DEFAULT_SYSTEM;
            case SMOLLM2 -> SMOLLM2_DEFAULT_SYSTEM;
            default -> throw new IllegalArgumentException("not a plain ChatML format: " + family);
        };
    }

    static void turn(StringBuilder out, String role, String content) {
        out.append(IM_START).append(role).append('\n').append(content).append(IM_END).append('\n');
    }

    @Override
    String renderChecked(List<ChatMessage> messages, boolean addGenerationPrompt, List<ToolSpec> tools,
            RenderOptions options) {
        StringBuilder out = new StringBuilder();
        if (defaultSystem != null && !messages.getFirst().role().equals("system")) {
            turn(out, "system", defaultSystem);
        }
        for (ChatMessage message : messages) {
            turn(out, message.role(), message.text());
        }
        if (addGenerationPrompt) {
            out.append(IM_START).append("assistant\n");
        }
        return out.toString();
    }

    @Override
    public boolean renderedIncludesBos() {
        return false;
    }

    @Override
    public List<String> endOfTurn() {
        return List.of(IM_END);
    }
}
