package dev.weightgate.backend;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The embedded engine, {@code weightgate.engine.*}: where GGUF files are found and how each model is served. A
 * model listed under {@code weightgate.models[]} with {@code embedded.*} can override the per-model values.
 *
 * @param modelsDir     every {@code *.gguf} file here is served, with the file name (without {@code .gguf}) as id
 * @param threads       compute threads shared by all embedded models; 0 means one per available processor
 * @param contextLength positions (prompt and completion) per request, capped at what the model was trained for;
 *                      each slot's KV cache grows up to this
 * @param slots         requests one model generates at once
 * @param maxQueued     requests that may wait for a slot; more are refused with a 503 {@code model_busy}
 * @param queueTimeout  the longest a request waits for a slot before it is refused the same way
 * @param demoModel     when no model is configured at all and the directory holds no GGUF file, write a small
 *                      random-weight model there ({@code demo-random-weights}) so that the quick start can chat
 * @param springAiModel the embedded model behind the Spring AI {@code ChatModel} bean; unset for the first one
 * @param maxGenerationTime the longest one request may generate; then it ends with {@code finish_reason: length},
 *                      so that a client that went away without the gateway noticing (a non-streamed request) cannot
 *                      hold a slot for long
 */
@ConfigurationProperties("weightgate.engine")
public record EngineProperties(
        @DefaultValue("./models") Path modelsDir,
        @DefaultValue("0") int threads,
        @DefaultValue("4096") int contextLength,
        @DefaultValue("2") int slots,
        @DefaultValue("16") int maxQueued,
        @DefaultValue("30s") Duration queueTimeout,
        @DefaultValue("false") boolean demoModel,
        String springAiModel,
        @DefaultValue("10m") Duration maxGenerationTime) {
}
