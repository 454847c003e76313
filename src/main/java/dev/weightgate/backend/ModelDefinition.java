package dev.weightgate.backend;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * One model as configured under {@code weightgate.models[]}.
 *
 * @param id the public id clients ask for
 * @param ownedBy reported as {@code owned_by} in {@code /v1/models}
 * @param remote where a remote model is served
 * @param embedded a GGUF file the embedded engine serves; exactly one of {@code remote} and {@code embedded}
 * @param unsupportedParameters request parameters the upstream is known to ignore; refused with a 400 rather than
 *     silently dropped
 */
public record ModelDefinition(
        String id,
        @DefaultValue("weightgate") String ownedBy,
        Remote remote,
        Embedded embedded,
        @DefaultValue Set<String> unsupportedParameters) {

    /**
     * A GGUF file served by the embedded engine; unset values come from {@code weightgate.engine.*}.
     *
     * @param path the GGUF file
     * @param contextLength positions per request
     * @param slots requests generated at once
     * @param maxQueued requests that may wait for a slot
     * @param maxGenerationTime the longest one request may generate
     */
    public record Embedded(Path path, Integer contextLength, Integer slots, Integer maxQueued,
                           Duration maxGenerationTime) {
    }

    /**
     * An OpenAI-compatible server (vLLM, llama.cpp server, Ollama, OpenAI itself).
     *
     * @param baseUrl the API root including its version path, e.g. {@code http://vllm:8000/v1}
     * @param model the model name the upstream expects
     * @param apiKeyEnv the environment variable holding the upstream's API key; unset when it needs none
     * @param connectTimeout how long to wait for a connection
     * @param readTimeout the longest silence allowed while waiting for the answer or the next streamed chunk
     * @param maxDuration the longest a whole completion, streamed or not, may take
     * @param maxRetries retries of a failed call before anything has reached the client
     */
    public record Remote(
            URI baseUrl,
            String model,
            String apiKeyEnv,
            @DefaultValue("5s") Duration connectTimeout,
            @DefaultValue("60s") Duration readTimeout,
            @DefaultValue("10m") Duration maxDuration,
            @DefaultValue("0") int maxRetries) {
    }
}
