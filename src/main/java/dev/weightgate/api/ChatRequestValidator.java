package dev.weightgate.api;

import dev.weightgate.backend.ChatRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Checks a chat completion request the way OpenAI does, so clients get the same 400s with the same wording: every
 * parameter must be one we know, of the right type and within range. Unknown parameters are refused rather than
 * silently ignored, because a client that sends one expects it to have an effect.
 */
@Component
class ChatRequestValidator {

    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool", "function");

    private static final Map<String, Rule> RULES = new LinkedHashMap<>();

    static {
        RULES.put("model", Rule.STRING);
        RULES.put("messages", Rule.ARRAY);
        RULES.put("stream", Rule.BOOLEAN);
        RULES.put("stream_options", Rule.OBJECT);
        RULES.put("max_tokens", Rule.integer(1, Long.MAX_VALUE));
        RULES.put("max_completion_tokens", Rule.integer(1, Long.MAX_VALUE));
        RULES.put("temperature", Rule.decimal(0, 2));
        RULES.put("top_p", Rule.decimal(0, 1));
        RULES.put("n", Rule.integer(1, 128));
        RULES.put("stop", Rule.STRING_OR_ARRAY);
        RULES.put("presence_penalty", Rule.decimal(-2, 2));
        RULES.put("frequency_penalty", Rule.decimal(-2, 2));
        RULES.put("logit_bias", Rule.OBJECT);
        RULES.put("logprobs", Rule.BOOLEAN);
        RULES.put("top_logprobs", Rule.integer(0, 20));
        RULES.put("seed", Rule.integer(Long.MIN_VALUE, Long.MAX_VALUE));
        RULES.put("user", Rule.STRING);
        RULES.put("response_format", Rule.OBJECT);
        RULES.put("tools", Rule.ARRAY);
        RULES.put("tool_choice", Rule.STRING_OR_OBJECT);
        RULES.put("parallel_tool_calls", Rule.BOOLEAN);
        RULES.put("functions", Rule.ARRAY);
        RULES.put("function_call", Rule.STRING_OR_OBJECT);
        RULES.put("reasoning_effort", Rule.STRING);
        RULES.put("metadata", Rule.OBJECT);
        RULES.put("store", Rule.BOOLEAN);
        RULES.put("service_tier", Rule.STRING);
        RULES.put("modalities", Rule.ARRAY);
        RULES.put("audio", Rule.OBJECT);
        RULES.put("prediction", Rule.OBJECT);
        RULES.put("web_search_options", Rule.OBJECT);
        RULES.put("prompt_cache_key", Rule.STRING);
        RULES.put("safety_identifier", Rule.STRING);
        RULES.put("verbosity", Rule.STRING);
        // Sampling extensions that vLLM, llama.cpp and our engine honour; OpenAI SDKs send them through extra_body.
        RULES.put("top_k", Rule.integer(-1, Integer.MAX_VALUE));
        RULES.put("min_p", Rule.decimal(0, 1));
        RULES.put("repetition_penalty", Rule.decimal(0, 10));
    }

    /** Validates the body and answers the request the backend will see. */
    ChatRequest validate(String requestId, ObjectNode body) {
        for (Map.Entry<String, JsonNode> field : body.properties()) {
            Rule rule = RULES.get(field.getKey());
            if (rule == null) {
                throw ApiException.invalidRequest("Unrecognized request argument supplied: " + field.getKey(),
                        field.getKey(), "unknown_parameter");
            }
            if (!field.getValue().isNull()) {
                rule.check(field.getKey(), field.getValue());
            }
        }
        String model = requireModel(body);
        checkMessages(body.get("messages"));
        boolean stream = body.path("stream").asBoolean(false);
        JsonNode streamOptions = body.get("stream_options");
        boolean hasStreamOptions = streamOptions != null && !streamOptions.isNull();
        if (hasStreamOptions && !stream) {
            throw ApiException.invalidRequest("The 'stream_options' parameter is only allowed when 'stream' is enabled.",
                    "stream_options", "invalid_value");
        }
        boolean includeUsage = false;
        if (hasStreamOptions) {
            for (Map.Entry<String, JsonNode> option : streamOptions.properties()) {
                String name = "stream_options." + option.getKey();
                switch (option.getKey()) {
                    case "include_usage" -> {
                        Rule.BOOLEAN.check(name, option.getValue());
                        includeUsage = option.getValue().asBoolean();
                    }
                    case "include_obfuscation" -> Rule.BOOLEAN.check(name, option.getValue());
                    default -> throw ApiException.invalidRequest("Unrecognized request argument supplied: " + name,
                            name, "unknown_parameter");
                }
            }
        }
        if (body.hasNonNull("top_logprobs") && !body.path("logprobs").asBoolean(false)) {
            throw ApiException.invalidRequest("Invalid value for 'top_logprobs': 'logprobs' must be set to true.",
                    "top_logprobs", "invalid_value");
        }
        JsonNode stop = body.get("stop");
        if (stop != null && stop.isArray()) {
            if (stop.size() > 4) {
                throw ApiException.invalidRequest("Invalid 'stop': array too long. Expected an array with maximum "
                        + "length 4, but got an array with length " + stop.size() + " instead.", "stop", "array_above_max_length");
            }
            for (int i = 0; i < stop.size(); i++) {
                Rule.STRING.check("stop[" + i + "]", stop.get(i));
            }
        }
        return new ChatRequest(requestId, model, body, stream, includeUsage);
    }

    private static String requireModel(ObjectNode body) {
        JsonNode model = body.get("model");
        if (model == null || model.isNull() || model.asString().isBlank()) {
            throw ApiException.invalidRequest("Missing required parameter: 'model'.", "model", "missing_required_parameter");
        }
        return model.asString();
    }

    private static void checkMessages(JsonNode messages) {
        if (messages == null || messages.isNull()) {
            throw ApiException.invalidRequest("Missing required parameter: 'messages'.", "messages",
                    "missing_required_parameter");
        }
        if (messages.isEmpty()) {
            throw ApiException.invalidRequest("Invalid 'messages': empty array. Expected an array with minimum length 1, "
                    + "but got an empty array instead.", "messages", "empty_array");
        }
        for (int i = 0; i < messages.size(); i++) {
            checkMessage("messages[" + i + "]", messages.get(i));
        }
    }

    private static void checkMessage(String path, JsonNode message) {
        Rule.OBJECT.check(path, message);
        JsonNode role = message.get("role");
        if (role == null || role.isNull()) {
            throw ApiException.invalidRequest("Missing required parameter: '" + path + ".role'.", path + ".role",
                    "missing_required_parameter");
        }
        Rule.STRING.check(path + ".role", role);
        if (!ROLES.contains(role.asString())) {
            throw ApiException.invalidRequest("Invalid value: '" + role.asString() + "'. Supported values are: 'system', "
                    + "'developer', 'user', 'assistant', 'tool', and 'function'.", path + ".role", "invalid_value");
        }
        JsonNode content = message.get("content");
        boolean hasContent = content != null && !content.isNull();
        if (hasContent) {
            Rule.STRING_OR_ARRAY.check(path + ".content", content);
        }
        switch (role.asString()) {
            case "assistant" -> {
                if (!hasContent && !message.hasNonNull("tool_calls") && !message.hasNonNull("function_call")) {
                    throw ApiException.invalidRequest("Missing required parameter: '" + path + ".content'.",
                            path + ".content", "missing_required_parameter");
                }
            }
            case "tool" -> {
                if (!message.hasNonNull("tool_call_id")) {
                    throw ApiException.invalidRequest("Missing required parameter: '" + path + ".tool_call_id'.",
                            path + ".tool_call_id", "missing_required_parameter");
                }
                requireContent(path, hasContent);
            }
            default -> requireContent(path, hasContent);
        }
    }

    private static void requireContent(String path, boolean hasContent) {
        if (!hasContent) {
            throw ApiException.invalidRequest("Missing required parameter: '" + path + ".content'.", path + ".content",
                    "missing_required_parameter");
        }
    }

    /** The type and range a parameter must have, with OpenAI's wording when it does not. */
    private record Rule(String expected, java.util.function.Predicate<JsonNode> typeMatches, double min, double max) {

        static final Rule STRING = new Rule("a string", JsonNode::isString, 0, 0);
        static final Rule BOOLEAN = new Rule("a boolean", JsonNode::isBoolean, 0, 0);
        static final Rule OBJECT = new Rule("an object", JsonNode::isObject, 0, 0);
        static final Rule ARRAY = new Rule("an array", JsonNode::isArray, 0, 0);
        static final Rule STRING_OR_ARRAY = new Rule("one of a string or array", n -> n.isString() || n.isArray(), 0, 0);
        static final Rule STRING_OR_OBJECT = new Rule("one of a string or object", n -> n.isString() || n.isObject(), 0, 0);

        static Rule integer(long min, long max) {
            return new Rule("an integer", JsonNode::isIntegralNumber, min, max);
        }

        static Rule decimal(double min, double max) {
            return new Rule("a decimal", JsonNode::isNumber, min, max);
        }

        void check(String name, JsonNode value) {
            if (!typeMatches.test(value)) {
                throw ApiException.invalidRequest("Invalid type for '" + name + "': expected " + expected + ", but got "
                        + describe(value) + " instead.", name, "invalid_type");
            }
            if (value.isNumber() && min < max) {
                double v = value.asDouble();
                if (v < min || v > max) {
                    throw ApiException.invalidRequest("Invalid '" + name + "': " + value + " is out of range; expected a "
                            + "value between " + format(min) + " and " + format(max) + ".", name, "invalid_value");
                }
            }
        }

        private static String format(double bound) {
            if (bound == Long.MAX_VALUE || bound == Integer.MAX_VALUE) {
                return "any larger number";
            }
            return bound == Math.rint(bound) ? Long.toString((long) bound) : Double.toString(bound);
        }

        private static String describe(JsonNode value) {
            if (value.isString()) {
                return "a string";
            }
            if (value.isBoolean()) {
                return "a boolean";
            }
            if (value.isIntegralNumber()) {
                return "an integer";
            }
            if (value.isNumber()) {
                return "a decimal";
            }
            if (value.isArray()) {
                return "an array";
            }
            return "an object";
        }
    }
}
