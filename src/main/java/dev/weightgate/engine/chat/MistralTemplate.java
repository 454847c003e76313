package dev.weightgate.engine.chat;

import java.util.List;

/**
 * Mistral's instruct templates, one per tokenizer generation. All print BOS first and have no generation prompt.
 *
 * <ul>
 * <li>{@link ChatFamily#MISTRAL_V0} (v0.1): {@code [INST] user [/INST]answer</s>}; roles must alternate from the
 *     first message, so a system message is refused.
 * <li>{@link ChatFamily#MISTRAL_V1} (v0.2): {@code  [INST] system\n\nuser [/INST] answer</s>}.
 * <li>{@link ChatFamily#MISTRAL_V3} (v0.3) and {@link ChatFamily#MISTRAL_V3_TEKKEN} (Nemo): the system message is
 *     put before the <em>last</em> message, and only if that is a user message; v3 writes {@code [INST] user[/INST]
 *     answer</s>} with the answer trimmed, tekken {@code [INST]user[/INST]answer</s>}. Their tool syntax
 *     ({@code [AVAILABLE_TOOLS]}, {@code [TOOL_CALLS]}, 9-character call ids) is not rendered here.
 * <li>{@link ChatFamily#MISTRAL_V7} (Large 2411): {@code [SYSTEM_PROMPT] system[/SYSTEM_PROMPT][INST] user[/INST]
 *     answer</s>}.
 * </ul>
 */
final class MistralTemplate extends NativeTemplate {

    private static final String ALTERNATE_AFTER_SYSTEM =
            "After the optional system message, conversation roles must alternate user/assistant/user/assistant/...";
    private static final String ONLY_USER_ASSISTANT_AFTER_SYSTEM = "Only user and assistant roles are supported, "
            + "with the exception of an initial optional system message!";

    MistralTemplate(ChatFamily family, String bos, String eos) {
        super(family, bos, eos);
        if (!family.name().startsWith("MISTRAL")) {
            throw new IllegalArgumentException("not a Mistral format: " + family);
        }
    }

    @Override
    String renderChecked(List<ChatMessage> messages, boolean addGenerationPrompt, List<ToolSpec> tools,
            RenderOptions options) {
        return switch (family) {
            case MISTRAL_V0 -> renderV0(messages);
            case MISTRAL_V1 -> renderV1(messages);
            case MISTRAL_V3, MISTRAL_V3_TEKKEN -> renderV3(messages, family == ChatFamily.MISTRAL_V3);
            case MISTRAL_V7 -> renderV7(messages);
            default -> throw new IllegalStateException(family.name());
        };
    }

    private String renderV0(List<ChatMessage> messages) {
        StringBuilder out = new StringBuilder(bos);
        for (int i = 0; i < messages.size(); i++) {
            ChatMessage message = messages.get(i);
            if (message.role().equals("user") != (i % 2 == 0)) {
                throw new ChatTemplateException(Llama2Template.ALTERNATE);
            }
            switch (message.role()) {
                case "user" -> out.append("[INST] ").append(message.text()).append(" [/INST]");
                case "assistant" -> out.append(message.text()).append(eos);
                default -> throw new ChatTemplateException("Only user and assistant roles are supported!");
            }
        }
        return out.toString();
    }

    private String renderV1(List<ChatMessage> messages) {
        String systemMessage = null;
        List<ChatMessage> loop = messages;
        if (messages.getFirst().role().equals("system")) {
            systemMessage = messages.getFirst().text();
            loop = messages.subList(1, messages.size());
        }
        StringBuilder out = new StringBuilder(bos);
        for (int i = 0; i < loop.size(); i++) {
            ChatMessage message = loop.get(i);
            if (message.role().equals("user") != (i % 2 == 0)) {
                throw new ChatTemplateException(ALTERNATE_AFTER_SYSTEM);
            }
            switch (message.role()) {
                case "user" -> {
                    out.append(" [INST] ");
                    if (i == 0 && systemMessage != null) {
                        out.append(systemMessage).append("\n\n");
                    }
                    out.append(message.text()).append(" [/INST]");
                }
                case "assistant" -> out.append(' ').append(message.text()).append(eos);
                default -> throw new ChatTemplateException(ONLY_USER_ASSISTANT_AFTER_SYSTEM);
            }
        }
        return out.toString();
    }

    private String renderV3(List<ChatMessage> messages, boolean spaced) {
        String systemMessage = null;
        List<ChatMessage> loop = messages;
        if (messages.getFirst().role().equals("system")) {
            systemMessage = messages.getFirst().text();
            loop = messages.subList(1, messages.size());
        }
        for (int i = 0; i < loop.size(); i++) {
            if (loop.get(i).role().equals("user") != (i % 2 == 0)) {
                throw new ChatTemplateException(ALTERNATE_AFTER_SYSTEM);
            }
        }
        String open = spaced ? "[INST] " : "[INST]";
        StringBuilder out = new StringBuilder(bos);
        for (int i = 0; i < loop.size(); i++) {
            ChatMessage message = loop.get(i);
            switch (message.role()) {
                case "user" -> {
                    out.append(open);
                    if (i == loop.size() - 1 && systemMessage != null) {
                        out.append(systemMessage).append("\n\n");
                    }
                    out.append(message.text()).append("[/INST]");
                }
                case "assistant" -> {
                    if (spaced) {
                        out.append(' ').append(Py.strip(message.text()));
                    } else {
                        out.append(message.text());
                    }
                    out.append(eos);
                }
                default -> throw new ChatTemplateException(ONLY_USER_ASSISTANT_AFTER_SYSTEM);
            }
        }
        return out.toString();
    }

    private String renderV7(List<ChatMessage> messages) {
        StringBuilder out = new StringBuilder(bos);
        for (ChatMessage message : messages) {
            switch (message.role()) {
                case "user" -> out.append("[INST] ").append(message.text()).append("[/INST]");
                case "system" -> out.append("[SYSTEM_PROMPT] ").append(message.text()).append("[/SYSTEM_PROMPT]");
                case "assistant" -> out.append(' ').append(message.text()).append(eos);
                default -> throw new ChatTemplateException("Only user, system and assistant roles are supported!");
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
