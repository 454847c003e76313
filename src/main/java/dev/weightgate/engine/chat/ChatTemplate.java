package dev.weightgate.engine.chat;

import java.util.List;

/**
 * Turns a conversation into the prompt text a model was trained on, as its {@code tokenizer.chat_template} would
 * (Hugging Face's {@code apply_chat_template}). Implementations are immutable and thread-safe.
 *
 * <p>The text contains the model's special tokens as text ({@code <|eot_id|>}, {@code <|im_start|>}); tokenize it
 * with special-token parsing on. If {@link #renderedIncludesBos()}, the text already starts with the BOS token, so
 * the tokenizer must not add another: {@code tokenizer.encode(prompt, !template.renderedIncludesBos(), true)}.
 */
public interface ChatTemplate {

    /**
     * Renders the conversation.
     *
     * @param messages            at least one message
     * @param addGenerationPrompt end with the opening of an assistant turn, for the model to continue (templates that
     *                            always end ready for the assistant, such as Llama 2's and Mistral's, ignore it)
     * @param tools               functions the model may call; empty for none
     * @param options             extra template variables (date, thinking)
     * @throws ChatTemplateException      if the template refuses the conversation
     * @throws ToolsNotSupportedException if tools, tool calls or tool messages are given to a template without
     *                                    tool support
     */
    String render(List<ChatMessage> messages, boolean addGenerationPrompt, List<ToolSpec> tools, RenderOptions options);

    /** {@link #render(List, boolean, List, RenderOptions)} with default options. */
    default String render(List<ChatMessage> messages, boolean addGenerationPrompt, List<ToolSpec> tools) {
        return render(messages, addGenerationPrompt, tools, RenderOptions.DEFAULT);
    }

    /** {@link #render(List, boolean, List, RenderOptions)} without tools and with default options. */
    default String render(List<ChatMessage> messages, boolean addGenerationPrompt) {
        return render(messages, addGenerationPrompt, List.of(), RenderOptions.DEFAULT);
    }

    /** Which template this renders. */
    ChatFamily family();

    /**
     * True when the rendered text begins with the BOS token (the template prints {@code bos_token}); the tokenizer
     * must then not add BOS itself.
     */
    boolean renderedIncludesBos();

    /** Whether {@code tools}, tool calls and {@code tool} messages can be rendered. */
    default boolean supportsTools() {
        return family().supportsTools();
    }

    /**
     * The texts of the tokens that end an assistant turn in this format, for stop detection next to the
     * vocabulary's end-of-generation ids ({@code <|eot_id|>} for Llama 3, {@code <|im_end|>} for ChatML, the EOS
     * token for Llama 2 and Mistral).
     */
    List<String> endOfTurn();
}
