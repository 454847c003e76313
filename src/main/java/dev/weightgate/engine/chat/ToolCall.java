package dev.weightgate.engine.chat;

import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

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

    private static final char[] ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
            .toCharArray();

    /** A fresh call id in OpenAI's shape: {@code call_} and 24 random letters and digits. */
    public static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        StringBuilder id = new StringBuilder("call_");
        for (int i = 0; i < 24; i++) {
            id.append(ID_ALPHABET[random.nextInt(ID_ALPHABET.length)]);
        }
        return id.toString();
    }

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
