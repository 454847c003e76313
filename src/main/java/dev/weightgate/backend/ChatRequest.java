package dev.weightgate.backend;

import tools.jackson.databind.node.ObjectNode;

/**
 * A validated chat completion request, as the client sent it in OpenAI's wire format.
 *
 * @param requestId the gateway's id of the request
 * @param model the public id of the model asked for
 * @param body the request JSON; backends read what they need from it and must not change it
 * @param stream whether the client asked for server-sent events
 * @param includeUsage whether the client asked for the final usage chunk of a stream
 */
public record ChatRequest(String requestId, String model, ObjectNode body, boolean stream, boolean includeUsage) {
}
