package dev.weightgate.backend;

import tools.jackson.databind.JsonNode;

/** Tokens a completion consumed, as counted by the backend that produced it. */
public record Usage(long promptTokens, long completionTokens, long totalTokens) {

    /** Reads OpenAI's {@code usage} object; {@code null} when the node is absent or not an object. */
    public static Usage fromJson(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return null;
        }
        long prompt = usage.path("prompt_tokens").asLong(0);
        long completion = usage.path("completion_tokens").asLong(0);
        long total = usage.has("total_tokens") ? usage.path("total_tokens").asLong(0) : prompt + completion;
        return new Usage(prompt, completion, total);
    }
}
