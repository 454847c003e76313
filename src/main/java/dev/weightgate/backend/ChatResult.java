package dev.weightgate.backend;

import tools.jackson.databind.node.ObjectNode;

/**
 * A finished, non-streamed completion.
 *
 * @param body the {@code chat.completion} object to answer, in OpenAI's wire format
 * @param usage tokens consumed, or {@code null} when the backend did not report them
 * @param finishReason the first choice's finish reason, or {@code null}
 */
public record ChatResult(ObjectNode body, Usage usage, String finishReason) {
}
