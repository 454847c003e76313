package dev.weightgate.backend.internal;

import dev.weightgate.backend.BackendException;
import dev.weightgate.engine.chat.ChatFamily;
import dev.weightgate.engine.chat.ToolCall;
import dev.weightgate.engine.generate.StopStrings;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tool calls of models that write them as text, read the way their chat templates teach them to write them: Qwen
 * 2.5/3 put each call in {@code <tool_call>{"name": ..., "arguments": {...}}</tool_call>}, Llama 3.1/3.2 answer a
 * call with nothing but {@code {"name": ..., "parameters": {...}}}. Text before a call streams as content; from the
 * first sign of a call on, text is held until the answer ends and is then parsed whole. A Qwen call block that does
 * not parse, or names an undeclared function, fails the request; a Llama answer that does not parse as a call is
 * content (an answer may begin with a brace).
 */
final class TextToolCalls {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String OPEN = "<tool_call>";
    private static final String CLOSE = "</tool_call>";

    private final boolean tagged;
    private final Set<String> functions;
    private final StringBuilder held = new StringBuilder();
    private boolean holding;
    private boolean started;

    /**
     * @param family  the chat template's family: Qwen's tags or Llama's bare JSON
     * @param prefill text the prompt already wrote into the answer (a forced call's opening)
     */
    TextToolCalls(ChatFamily family, Collection<String> functions, String prefill) {
        this.tagged = family == ChatFamily.QWEN2_5 || family == ChatFamily.QWEN3;
        this.functions = Set.copyOf(functions);
        if (!prefill.isEmpty()) {
            held.append(prefill);
            holding = true;
            started = true;
        }
    }

    /** How a model family opens a forced call to {@code function}, or to any function when it is null. */
    static String forcedOpening(ChatFamily family, String function) {
        boolean qwen = family == ChatFamily.QWEN2_5 || family == ChatFamily.QWEN3;
        String start = qwen ? OPEN + "\n{\"name\": \"" : "{\"name\": \"";
        return function == null ? start : start + function + "\", \"" + (qwen ? "arguments" : "parameters") + "\": ";
    }

    /** Adds generated text; answers the content that may be shown now. */
    String accept(String text) {
        if (holding) {
            held.append(text);
            return "";
        }
        held.append(text);
        if (!tagged) {
            if (!started) {
                String stripped = held.toString().stripLeading();
                if (stripped.isEmpty()) {
                    return "";
                }
                started = true;
                if (stripped.charAt(0) == '{') {
                    holding = true;
                    return "";
                }
            }
            return release(held.length());
        }
        int open = held.indexOf(OPEN);
        if (open >= 0) {
            holding = true;
            return release(open);
        }
        return release(held.length() - StopStrings.heldBack(held, OPEN));
    }

    /**
     * The answer is complete: the content still held and the calls it made.
     *
     * @param cutOff the token limit ended the answer: an unfinished call is returned as content (with {@code
     *               finish_reason: length}), not reported as malformed
     */
    Result finish(boolean cutOff) {
        String rest = held.toString();
        held.setLength(0);
        if (!holding) {
            return new Result(rest, List.of());
        }
        if (!tagged) {
            return bareCall(rest);
        }
        int lastOpen = rest.lastIndexOf(OPEN);
        if (cutOff && lastOpen >= 0 && rest.indexOf(CLOSE, lastOpen) < 0) {
            Result complete = taggedCalls(rest.substring(0, lastOpen));
            return new Result(complete.content() + rest.substring(lastOpen), complete.calls());
        }
        return taggedCalls(rest);
    }

    record Result(String content, List<ToolCall> calls) {
    }

    private Result taggedCalls(String text) {
        List<ToolCall> calls = new ArrayList<>();
        StringBuilder content = new StringBuilder();
        int at = 0;
        while (true) {
            int open = text.indexOf(OPEN, at);
            if (open < 0) {
                content.append(text, at, text.length());
                break;
            }
            content.append(text, at, open);
            int close = text.indexOf(CLOSE, open);
            String body = text.substring(open + OPEN.length(), close < 0 ? text.length() : close);
            calls.add(call(body, "arguments"));
            at = close < 0 ? text.length() : close + CLOSE.length();
        }
        return new Result(content.toString().strip(), calls);
    }

    private Result bareCall(String text) {
        try {
            return new Result("", List.of(call(text, "parameters")));
        } catch (BackendException notACall) {
            return new Result(text, List.of());
        }
    }

    private ToolCall call(String body, String argumentsField) {
        JsonNode node;
        try {
            node = JSON.readTree(body.strip());
        } catch (RuntimeException e) {
            throw malformed("a tool call is not valid JSON: " + abbreviate(body));
        }
        String name = node.path("name").asString(null);
        JsonNode arguments = node.has(argumentsField) ? node.get(argumentsField) : node.get("arguments");
        if (name == null || arguments == null || !arguments.isObject()) {
            throw malformed("a tool call needs a name and an object of " + argumentsField + ": " + abbreviate(body));
        }
        if (!functions.contains(name)) {
            throw malformed("the model called '" + name + "', which is not among the request's tools");
        }
        return new ToolCall(ToolCall.newId(), name, arguments.toString());
    }

    private String release(int upTo) {
        String released = held.substring(0, upTo);
        held.delete(0, upTo);
        return released;
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }

    private static BackendException malformed(String message) {
        return new BackendException(BackendException.Kind.FAILED, "The model's output broke its tool-call format: "
                + message, null, "malformed_model_output", null);
    }
}
