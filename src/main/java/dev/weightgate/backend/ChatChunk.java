package dev.weightgate.backend;

import tools.jackson.databind.node.ObjectNode;

/**
 * One {@code chat.completion.chunk} of a stream, in OpenAI's wire format.
 *
 * @param body the chunk as the client will receive it
 * @param usage set on the chunk that reports usage (OpenAI sends it last, with no choices)
 * @param finishReason set on the chunk that ends a choice
 */
public record ChatChunk(ObjectNode body, Usage usage, String finishReason) {

    /** True for the usage-only chunk that closes a stream when usage was asked for. */
    public boolean isUsageOnly() {
        return usage != null && body.path("choices").isEmpty();
    }
}
