package dev.weightgate.backend;

/**
 * A model the gateway serves.
 *
 * @param id the public id clients put in {@code model}
 * @param ownedBy what {@code /v1/models} reports as {@code owned_by}
 * @param created creation time in epoch seconds, as OpenAI reports it
 * @param backendType {@code remote} or {@code embedded}
 * @param backend what generates its completions
 */
public record ServedModel(String id, String ownedBy, long created, String backendType, ChatBackend backend) {
}
