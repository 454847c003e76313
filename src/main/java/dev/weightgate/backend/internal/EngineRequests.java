package dev.weightgate.backend.internal;

import dev.weightgate.backend.BackendException;
import dev.weightgate.engine.chat.ChatMessage;
import dev.weightgate.engine.chat.ToolCall;
import dev.weightgate.engine.chat.ToolSpec;
import dev.weightgate.engine.generate.GenerationParams;
import dev.weightgate.engine.sampling.SamplingParams;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads what the embedded engine needs from an OpenAI chat completion request the gateway has already validated
 * (types and ranges): the conversation, and how to sample. Unset sampling parameters take llama.cpp's server
 * defaults (temperature 0.8, top-k 40, top-p 0.95, min-p 0.05), the values people running these models expect.
 */
final class EngineRequests {

    private EngineRequests() {
    }

    static List<ChatMessage> messages(ObjectNode body) {
        List<ChatMessage> messages = new ArrayList<>();
        JsonNode all = body.path("messages");
        for (int i = 0; i < all.size(); i++) {
            messages.add(message("messages[" + i + "]", all.get(i)));
        }
        return messages;
    }

    private static ChatMessage message(String path, JsonNode message) {
        String role = message.path("role").asString();
        if (role.equals("developer")) {
            role = "system"; // OpenAI's newer name for the system role; open-weight templates know only "system"
        } else if (role.equals("function")) {
            throw rejected("Messages with role 'function' are not supported by embedded models; use 'tool'.",
                    path + ".role");
        }
        String content = content(path, message.get("content"));
        List<ToolCall> calls = new ArrayList<>();
        for (JsonNode call : message.path("tool_calls")) {
            JsonNode function = call.path("function");
            if (!function.path("name").isString()) {
                throw rejected("Each tool call needs function.name.", path + ".tool_calls");
            }
            calls.add(new ToolCall(call.path("id").asString(null), function.path("name").asString(),
                    function.path("arguments").asString("{}")));
        }
        if (content == null && calls.isEmpty()) {
            content = "";
        }
        String name = message.path("name").asString(null);
        return new ChatMessage(role, content, name, calls, message.path("tool_call_id").asString(null),
                message.path("reasoning_content").asString(null));
    }

    /** The text of a message: a string, or the text parts of a content array. */
    private static String content(String path, JsonNode content) {
        if (content == null || content.isNull()) {
            return null;
        }
        if (content.isString()) {
            return content.asString();
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < content.size(); i++) {
            JsonNode part = content.get(i);
            String type = part.path("type").asString("");
            if (!type.equals("text") || !part.path("text").isString()) {
                throw rejected("Content parts of type '" + type + "' are not supported by this model; only text is.",
                        path + ".content[" + i + "]");
            }
            text.append(part.path("text").asString());
        }
        return text.toString();
    }

    /** The request's function tools, as the chat template declares them. */
    static List<ToolSpec> tools(ObjectNode body) {
        List<ToolSpec> tools = new ArrayList<>();
        JsonNode all = body.path("tools");
        for (int i = 0; i < all.size(); i++) {
            JsonNode tool = all.get(i);
            if (!tool.path("type").asString("").equals("function") || !tool.path("function").path("name").isString()) {
                throw rejected("Only tools of type 'function' with a function.name are supported.", "tools[" + i + "]");
            }
            try {
                tools.add(ToolSpec.fromJson(tool.toString()));
            } catch (IllegalArgumentException e) {
                throw rejected("Invalid tool: " + e.getMessage(), "tools[" + i + "]");
            }
        }
        return tools;
    }

    /**
     * OpenAI's {@code tool_choice}: {@code none}, {@code auto} (the default), {@code required}, or the name of the one
     * function to call ({@code {"type":"function","function":{"name":...}}}).
     */
    record ToolChoice(String mode, String function) {
        static final ToolChoice AUTO = new ToolChoice("auto", null);
    }

    static ToolChoice toolChoice(ObjectNode body, List<ToolSpec> tools) {
        JsonNode choice = body.get("tool_choice");
        if (choice == null || choice.isNull()) {
            return tools.isEmpty() ? new ToolChoice("none", null) : ToolChoice.AUTO;
        }
        if (choice.isString()) {
            String mode = choice.asString();
            if (!List.of("none", "auto", "required").contains(mode)) {
                throw rejected("Invalid value for 'tool_choice': '" + mode + "'. Supported values are: 'none', 'auto' "
                        + "and 'required'.", "tool_choice");
            }
            if (mode.equals("required") && tools.isEmpty()) {
                throw rejected("'tool_choice' is 'required' but no tools were given.", "tool_choice");
            }
            return new ToolChoice(mode, null);
        }
        String name = choice.path("function").path("name").asString(null);
        if (name == null || tools.stream().noneMatch(t -> t.name().equals(name))) {
            throw rejected("'tool_choice' names function '" + name + "', which is not among the request's tools.",
                    "tool_choice");
        }
        return new ToolChoice("function", name);
    }

    static GenerationParams generation(ObjectNode body, int contextLength) {
        if (body.path("n").asInt(1) != 1) {
            throw rejected("Embedded models generate one choice per request; 'n' must be 1.", "n");
        }
        JsonNode format = body.get("response_format");
        if (format != null && !format.isNull() && !format.path("type").asString("").equals("text")) {
            throw rejected("Embedded models do not support response_format '" + format.path("type").asString("")
                    + "' yet; only 'text'.", "response_format");
        }
        long asked = body.path("max_completion_tokens").asLong(body.path("max_tokens").asLong(contextLength));
        int maxTokens = (int) Math.min(asked, contextLength);
        boolean logprobs = body.path("logprobs").asBoolean(false);
        return new GenerationParams(maxTokens, stop(body.get("stop")), sampling(body), logprobs,
                logprobs ? body.path("top_logprobs").asInt(0) : 0);
    }

    private static List<String> stop(JsonNode stop) {
        List<String> stops = new ArrayList<>();
        if (stop != null && stop.isString() && !stop.asString().isEmpty()) {
            stops.add(stop.asString());
        } else if (stop != null && stop.isArray()) {
            for (JsonNode s : stop) {
                if (!s.asString().isEmpty()) {
                    stops.add(s.asString());
                }
            }
        }
        return stops;
    }

    private static SamplingParams sampling(ObjectNode body) {
        SamplingParams.Builder sampling = SamplingParams.builder();
        if (body.hasNonNull("temperature")) {
            sampling.temperature(body.get("temperature").floatValue());
        }
        if (body.hasNonNull("top_p")) {
            sampling.topP(body.get("top_p").floatValue());
        }
        if (body.hasNonNull("top_k")) {
            sampling.topK(Math.max(0, body.get("top_k").intValue())); // vLLM's -1 and llama.cpp's 0 both mean "off"
        }
        if (body.hasNonNull("min_p")) {
            sampling.minP(body.get("min_p").floatValue());
        }
        if (body.hasNonNull("repetition_penalty")) {
            float penalty = body.get("repetition_penalty").floatValue();
            if (penalty <= 0) {
                throw rejected("'repetition_penalty' must be greater than 0.", "repetition_penalty");
            }
            sampling.repetitionPenalty(penalty);
        }
        if (body.hasNonNull("frequency_penalty")) {
            sampling.frequencyPenalty(body.get("frequency_penalty").floatValue());
        }
        if (body.hasNonNull("presence_penalty")) {
            sampling.presencePenalty(body.get("presence_penalty").floatValue());
        }
        if (body.hasNonNull("seed")) {
            sampling.seed(body.get("seed").longValue());
        }
        if (body.hasNonNull("logit_bias")) {
            sampling.logitBias(logitBias(body.get("logit_bias")));
        }
        try {
            return sampling.build();
        } catch (IllegalArgumentException e) {
            throw rejected(e.getMessage(), null);
        }
    }

    private static Map<Integer, Float> logitBias(JsonNode bias) {
        Map<Integer, Float> map = new HashMap<>();
        for (Map.Entry<String, JsonNode> entry : bias.properties()) {
            int token;
            try {
                token = Integer.parseInt(entry.getKey());
            } catch (NumberFormatException e) {
                throw rejected("Invalid key in 'logit_bias': '" + entry.getKey() + "' is not a token id.", "logit_bias");
            }
            if (!entry.getValue().isNumber() || Math.abs(entry.getValue().doubleValue()) > 100) {
                throw rejected("Invalid value in 'logit_bias' for token " + token + ": expected a number between "
                        + "-100 and 100.", "logit_bias");
            }
            map.put(token, entry.getValue().floatValue());
        }
        return map;
    }

    static BackendException rejected(String message, String param) {
        return new BackendException(BackendException.Kind.REJECTED, message, param, "invalid_value", null);
    }
}
