package dev.weightgate.engine.chat;

import java.util.Objects;

/**
 * A function call an assistant message made, as in OpenAI's {@code tool_calls}.
 *
 * @param id        the call's id, which the answering {@code tool} message repeats; may be null
 * @param name      the function's name
 * @param arguments the arguments as JSON text, as OpenAI sends them. Templates receive them as a parsed object (what
 *                  llama.cpp does, and what the templates are written for); text that is not JSON is passed on as a
 *                  string.
 */
public record ToolCall(String id, String name, String arguments) {

    public ToolCall {
        Objects.requireNonNull(name, "name");
        arguments = arguments == null ? "{}" : arguments;
    }

    /** The arguments as a template sees them: the parsed JSON value, or the text itself if it is not JSON. */
    Object argumentsValue() {
        try {
            return Json.parse(arguments);
        } catch (IllegalArgumentException notJson) {
            return arguments;
        }
    }
}
