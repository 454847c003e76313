package dev.weightgate.engine.chat;

import java.util.List;
import java.util.Objects;

/**
 * One message of a conversation, as in OpenAI's chat API.
 *
 * @param role             {@code system}, {@code user}, {@code assistant} or {@code tool} (templates may know others,
 *                         such as Llama 3's {@code ipython})
 * @param content          the text; null only for an assistant message that only calls tools (templates then see
 *                         an empty string)
 * @param name             OpenAI's optional participant name; none of the supported templates prints it
 * @param toolCalls        the calls an assistant message makes; empty for none
 * @param toolCallId       for a {@code tool} message, the id of the call it answers
 * @param reasoningContent an assistant's reasoning kept apart from its content (Qwen3's {@code reasoning_content});
 *                         null for none
 */
public record ChatMessage(String role, String content, String name, List<ToolCall> toolCalls, String toolCallId,
        String reasoningContent) {

    public ChatMessage {
        Objects.requireNonNull(role, "role");
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
        if (content == null && toolCalls.isEmpty()) {
            throw new IllegalArgumentException("a " + role + " message needs content or tool calls");
        }
    }

    public static ChatMessage system(String content) {
        return new ChatMessage("system", content, null, List.of(), null, null);
    }

    public static ChatMessage user(String content) {
        return new ChatMessage("user", content, null, List.of(), null, null);
    }

    public static ChatMessage assistant(String content) {
        return new ChatMessage("assistant", content, null, List.of(), null, null);
    }

    /** An assistant turn that calls tools; {@code content} may be null. */
    public static ChatMessage assistant(String content, List<ToolCall> toolCalls) {
        return new ChatMessage("assistant", content, null, toolCalls, null, null);
    }

    /** A tool's answer to the call with the given id. */
    public static ChatMessage tool(String toolCallId, String content) {
        return new ChatMessage("tool", content, null, List.of(), toolCallId, null);
    }

    /** This message with its reasoning kept apart (Qwen3's {@code reasoning_content}). */
    public ChatMessage withReasoning(String reasoning) {
        return new ChatMessage(role, content, name, toolCalls, toolCallId, reasoning);
    }

    /** The content, or an empty string when there is none. */
    public String text() {
        return content == null ? "" : content;
    }

    public boolean hasToolCalls() {
        return !toolCalls.isEmpty();
    }
}
