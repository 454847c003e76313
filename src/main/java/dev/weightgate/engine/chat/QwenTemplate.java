package dev.weightgate.engine.chat;

import java.util.List;

/**
 * Qwen2.5 Instruct's and Qwen3's templates: ChatML with Hermes-style tools. The tool definitions go into the system
 * turn, one compact JSON object per line between {@code <tools>} tags; an assistant's calls are {@code
 * <tool_call>\n{"name": ..., "arguments": ...}\n</tool_call>} blocks; consecutive {@code tool} messages are
 * gathered into one user turn of {@code <tool_response>} blocks.
 *
 * <p>Qwen2.5 adds "You are Qwen, created by Alibaba Cloud. You are a helpful assistant." when there is no system
 * message. Qwen3 adds none, and handles reasoning: an assistant message's {@code <think>...</think>} part (or its
 * {@code reasoningContent}) is kept only for assistant turns after the last real user query, the earlier turns'
 * reasoning is dropped; {@code enable_thinking = false} adds an empty think block after the generation prompt.
 */
final class QwenTemplate extends NativeTemplate {

    static final String QWEN25_DEFAULT_SYSTEM = "You are Qwen, created by Alibaba Cloud. You are a helpful assistant.";

    private static final String TOOLS_INTRO = "# Tools\n\nYou may call one or more functions to assist with the user "
            + "query.\n\nYou are provided with function signatures within <tools></tools> XML tags:\n<tools>";
    private static final String TOOLS_OUTRO = "\n</tools>\n\nFor each function call, return a json object with "
            + "function name and arguments within <tool_call></tool_call> XML tags:\n<tool_call>\n"
            + "{\"name\": <function-name>, \"arguments\": <args-json-object>}\n</tool_call><|im_end|>\n";

    QwenTemplate(ChatFamily family, String bos, String eos) {
        super(family, bos, eos);
        if (family != ChatFamily.QWEN2_5 && family != ChatFamily.QWEN3) {
            throw new IllegalArgumentException("not a Qwen tool format: " + family);
        }
    }

    @Override
    String renderChecked(List<ChatMessage> messages, boolean addGenerationPrompt, List<ToolSpec> tools,
            RenderOptions options) {
        return family == ChatFamily.QWEN2_5 ? renderQwen25(messages, addGenerationPrompt, tools)
                : renderQwen3(messages, addGenerationPrompt, tools, options);
    }

    private static void appendTools(StringBuilder out, List<ToolSpec> tools) {
        out.append(TOOLS_INTRO);
        for (ToolSpec tool : tools) {
            out.append('\n').append(Json.dumps(tool.value()));
        }
        out.append(TOOLS_OUTRO);
    }

    private static void appendToolResponse(StringBuilder out, List<ChatMessage> messages, int i) {
        if (i == 0 || !messages.get(i - 1).role().equals("tool")) {
            out.append(ChatMlTemplate.IM_START).append("user");
        }
        out.append("\n<tool_response>\n").append(messages.get(i).text()).append("\n</tool_response>");
        if (i == messages.size() - 1 || !messages.get(i + 1).role().equals("tool")) {
            out.append(ChatMlTemplate.IM_END).append('\n');
        }
    }

    private static void appendToolCall(StringBuilder out, ToolCall call, boolean rawStringArguments) {
        out.append("<tool_call>\n{\"name\": \"").append(call.name()).append("\", \"arguments\": ");
        Object arguments = call.argumentsValue();
        out.append(rawStringArguments && arguments instanceof String s ? s : Json.dumps(arguments));
        out.append("}\n</tool_call>");
    }

    private String renderQwen25(List<ChatMessage> messages, boolean addGenerationPrompt, List<ToolSpec> tools) {
        StringBuilder out = new StringBuilder();
        boolean systemFirst = messages.getFirst().role().equals("system");
        if (!tools.isEmpty()) {
            out.append(ChatMlTemplate.IM_START).append("system\n");
            out.append(systemFirst ? messages.getFirst().text() : QWEN25_DEFAULT_SYSTEM);
            out.append("\n\n");
            appendTools(out, tools);
        } else {
            ChatMlTemplate.turn(out, "system", systemFirst ? messages.getFirst().text() : QWEN25_DEFAULT_SYSTEM);
        }
        for (int i = 0; i < messages.size(); i++) {
            ChatMessage message = messages.get(i);
            String role = message.role();
            boolean plainAssistant = role.equals("assistant") && !message.hasToolCalls();
            if (role.equals("user") || (role.equals("system") && i > 0) || plainAssistant) {
                ChatMlTemplate.turn(out, role, message.text());
            } else if (role.equals("assistant")) {
                out.append(ChatMlTemplate.IM_START).append(role);
                if (!message.text().isEmpty()) {
                    out.append('\n').append(message.text());
                }
                for (ToolCall call : message.toolCalls()) {
                    out.append('\n');
                    appendToolCall(out, call, false);
                }
                out.append(ChatMlTemplate.IM_END).append('\n');
            } else if (role.equals("tool")) {
                appendToolResponse(out, messages, i);
            }
        }
        if (addGenerationPrompt) {
            out.append(ChatMlTemplate.IM_START).append("assistant\n");
        }
        return out.toString();
    }

    private String renderQwen3(List<ChatMessage> messages, boolean addGenerationPrompt, List<ToolSpec> tools,
            RenderOptions options) {
        StringBuilder out = new StringBuilder();
        boolean systemFirst = messages.getFirst().role().equals("system");
        if (!tools.isEmpty()) {
            out.append(ChatMlTemplate.IM_START).append("system\n");
            if (systemFirst) {
                out.append(messages.getFirst().text()).append("\n\n");
            }
            appendTools(out, tools);
        } else if (systemFirst) {
            ChatMlTemplate.turn(out, "system", messages.getFirst().text());
        }

        // The last user message that is a real query, not tool output passed back as a user message.
        int lastQuery = messages.size() - 1;
        for (int i = messages.size() - 1; i >= 0; i--) {
            ChatMessage message = messages.get(i);
            String text = message.text();
            if (message.role().equals("user")
                    && !(text.startsWith("<tool_response>") && text.endsWith("</tool_response>"))) {
                lastQuery = i;
                break;
            }
        }

        for (int i = 0; i < messages.size(); i++) {
            ChatMessage message = messages.get(i);
            String role = message.role();
            boolean last = i == messages.size() - 1;
            if (role.equals("user") || (role.equals("system") && i > 0)) {
                ChatMlTemplate.turn(out, role, message.text());
            } else if (role.equals("assistant")) {
                String content = message.text();
                String reasoning = "";
                if (message.reasoningContent() != null) {
                    reasoning = message.reasoningContent();
                } else if (content.contains("</think>")) {
                    reasoning = Py.lstrip(Py.afterLast(Py.rstrip(Py.beforeFirst(content, "</think>"), "\n"),
                            "<think>"), "\n");
                    content = Py.lstrip(Py.afterLast(content, "</think>"), "\n");
                }
                out.append(ChatMlTemplate.IM_START).append(role).append('\n');
                if (i > lastQuery && (last || !reasoning.isEmpty())) {
                    out.append("<think>\n").append(Py.strip(reasoning, "\n")).append("\n</think>\n\n");
                    out.append(Py.lstrip(content, "\n"));
                } else {
                    out.append(content);
                }
                List<ToolCall> calls = message.toolCalls();
                for (int j = 0; j < calls.size(); j++) {
                    if (j > 0 || !content.isEmpty()) {
                        out.append('\n');
                    }
                    appendToolCall(out, calls.get(j), true);
                }
                out.append(ChatMlTemplate.IM_END).append('\n');
            } else if (role.equals("tool")) {
                appendToolResponse(out, messages, i);
            }
        }
        if (addGenerationPrompt) {
            out.append(ChatMlTemplate.IM_START).append("assistant\n");
            if (Boolean.FALSE.equals(options.enableThinking())) {
                out.append("<think>\n\n</think>\n\n");
            }
        }
        return out.toString();
    }

    @Override
    public boolean renderedIncludesBos() {
        return false;
    }

    @Override
    public List<String> endOfTurn() {
        return List.of(ChatMlTemplate.IM_END);
    }
}
