package dev.weightgate.engine.chat;

import java.util.List;
import java.util.Objects;

/** What the native renderers share: the special-token texts and the checks every render starts with. */
abstract class NativeTemplate implements ChatTemplate {

    protected final ChatFamily family;
    protected final String bos;
    protected final String eos;

    /**
     * @param bos the text of the vocabulary's BOS token (the templates' {@code bos_token}); empty if none
     * @param eos the text of the EOS token ({@code eos_token}); empty if none
     */
    NativeTemplate(ChatFamily family, String bos, String eos) {
        this.family = Objects.requireNonNull(family);
        this.bos = bos == null ? "" : bos;
        this.eos = eos == null ? "" : eos;
    }

    @Override
    public final String render(List<ChatMessage> messages, boolean addGenerationPrompt, List<ToolSpec> tools,
            RenderOptions options) {
        Objects.requireNonNull(messages, "messages");
        if (messages.isEmpty()) {
            throw new ChatTemplateException("a conversation needs at least one message");
        }
        tools = tools == null ? List.of() : tools;
        if (!supportsTools()) {
            if (!tools.isEmpty()) {
                throw new ToolsNotSupportedException("the " + family + " chat template has no tool support: "
                        + "tools cannot be used with this model");
            }
            for (ChatMessage message : messages) {
                if (message.hasToolCalls() || message.role().equals("tool")) {
                    throw new ToolsNotSupportedException("the " + family + " chat template has no tool support: "
                            + "it cannot render tool calls or tool messages");
                }
            }
        }
        return renderChecked(messages, addGenerationPrompt, tools, options == null ? RenderOptions.DEFAULT
                : options);
    }

    abstract String renderChecked(List<ChatMessage> messages, boolean addGenerationPrompt, List<ToolSpec> tools,
            RenderOptions options);

    @Override
    public ChatFamily family() {
        return family;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + family + "]";
    }
}
