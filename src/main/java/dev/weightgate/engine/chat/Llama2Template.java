package dev.weightgate.engine.chat;

import java.util.List;

/**
 * Llama-2-chat's template: each user turn is {@code <s>[INST] text [/INST]}, each answer {@code  text </s>}, both
 * stripped; a leading system message goes into the first turn between {@code <<SYS>>} markers. Roles must alternate
 * user/assistant after the system message; there is no generation prompt (the text always ends ready for an
 * answer).
 */
final class Llama2Template extends NativeTemplate {

    static final String ALTERNATE = "Conversation roles must alternate user/assistant/user/assistant/...";

    Llama2Template(String bos, String eos) {
        super(ChatFamily.LLAMA_2, bos, eos);
    }

    @Override
    String renderChecked(List<ChatMessage> messages, boolean addGenerationPrompt, List<ToolSpec> tools,
            RenderOptions options) {
        List<ChatMessage> loop = messages;
        String systemMessage = null;
        if (messages.getFirst().role().equals("system")) {
            systemMessage = messages.getFirst().text();
            loop = messages.subList(1, messages.size());
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < loop.size(); i++) {
            ChatMessage message = loop.get(i);
            if (message.role().equals("user") != (i % 2 == 0)) {
                throw new ChatTemplateException(ALTERNATE);
            }
            String content = message.text();
            if (i == 0 && systemMessage != null) {
                content = "<<SYS>>\n" + systemMessage + "\n<</SYS>>\n\n" + content;
            }
            if (message.role().equals("user")) {
                out.append(bos).append("[INST] ").append(Py.strip(content)).append(" [/INST]");
            } else if (message.role().equals("assistant")) {
                out.append(' ').append(Py.strip(content)).append(' ').append(eos);
            }
        }
        return out.toString();
    }

    @Override
    public boolean renderedIncludesBos() {
        return !bos.isEmpty();
    }

    @Override
    public List<String> endOfTurn() {
        return eos.isEmpty() ? List.of() : List.of(eos);
    }
}
