package dev.weightgate.api;

import dev.weightgate.policy.Decision;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Carries out the obligations of a policy decision that live in the response body (headers are set with the
 * answer): an attribution line appended to the generated text, and a machine-readable AI-generated marker
 * ({@code x_weightgate.ai_generated}, a field the OpenAI SDKs ignore) for the EU AI Act's article 50.
 */
final class Obligations {

    private Obligations() {
    }

    /** For a whole completion: the attribution line at the end of each choice's text, and the marker. */
    static void apply(Decision decision, ObjectNode completion) {
        decision.appendedText().ifPresent(text -> {
            for (JsonNode choice : completion.path("choices")) {
                if (choice.path("message") instanceof ObjectNode message && message.path("content").isString()) {
                    message.put("content", message.path("content").asString() + "\n\n" + text);
                }
            }
        });
        mark(decision, completion);
    }

    /** For a stream: the marker rides on the first chunk. */
    static void markFirstChunk(Decision decision, ObjectNode chunk) {
        mark(decision, chunk);
    }

    /** For a stream: a chunk carrying the attribution line, sent just before the one that finishes the choice. */
    static Optional<ObjectNode> attributionChunk(Decision decision, ObjectNode finishing) {
        return decision.appendedText().map(text -> {
            ObjectNode chunk = finishing.deepCopy();
            chunk.remove("usage");
            for (JsonNode choice : chunk.path("choices")) {
                if (choice instanceof ObjectNode c) {
                    c.putObject("delta").put("content", "\n\n" + text);
                    c.putNull("finish_reason");
                }
            }
            return chunk;
        });
    }

    private static void mark(Decision decision, ObjectNode body) {
        if (decision.aiGeneratedMarker()) {
            ObjectNode marker = body.putObject("x_weightgate");
            marker.put("ai_generated", true);
            marker.put("license", decision.licenseId() == null ? "unknown" : decision.licenseId());
        }
    }
}
