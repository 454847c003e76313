package dev.weightgate.backend.internal;

import dev.weightgate.backend.BackendException;
import dev.weightgate.backend.ChatChunk;
import dev.weightgate.backend.ChatRequest;
import dev.weightgate.backend.ChatResult;
import dev.weightgate.backend.ChatStream;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.metadata.ChatGenerationMetadata;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * An embedded model as a Spring AI {@link ChatModel} (which is also a {@code StreamingChatModel}), so that any Spring
 * application can use it through {@code ChatClient} in-process. The prompt and its options are translated into the
 * same OpenAI-shaped request the gateway's API hands to the engine, so both paths sample, stop and count alike.
 * In-process calls do not pass the gateway's authentication, quotas or audit: those guard the HTTP API.
 */
public final class EmbeddedChatModel implements ChatModel {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final EmbeddedModels models;
    private final String configuredId;

    /**
     * @param configuredId the embedded model to answer with; {@code null} for the first one served
     */
    EmbeddedChatModel(EmbeddedModels models, String configuredId) {
        this.models = models;
        this.configuredId = configuredId;
    }

    /** The id of the model this answers with. */
    public String modelId() {
        return backend().id();
    }

    private EmbeddedBackend backend() {
        if (configuredId != null && !configuredId.isBlank()) {
            return models.find(configuredId).orElseThrow(() -> new IllegalStateException("weightgate.engine."
                    + "spring-ai-model names '" + configuredId + "', which is not an embedded model"));
        }
        return models.all().stream().findFirst().orElseThrow(() -> new IllegalStateException("no embedded model "
                + "is served: put a GGUF file into weightgate.engine.models-dir or configure weightgate.models[]"));
    }

    @Override
    public ChatResponse call(Prompt prompt) {
        EmbeddedBackend backend = backend();
        ChatResult result = backend.complete(request(backend, prompt, false));
        JsonNode choice = result.body().path("choices").path(0);
        AssistantMessage message = new AssistantMessage(choice.path("message").path("content").asString(""));
        ChatGenerationMetadata metadata = ChatGenerationMetadata.builder()
                .finishReason(result.finishReason()).build();
        return new ChatResponse(List.of(new Generation(message, metadata)), responseMetadata(result.body()));
    }

    @Override
    public Flux<ChatResponse> stream(Prompt prompt) {
        // Pulled one chunk per demand on a worker thread; cancelling the Flux closes the stream and frees the slot.
        return Flux.<ChatResponse, ChatStream>generate(() -> {
            EmbeddedBackend backend = backend();
            return backend.stream(request(backend, prompt, true));
        }, (stream, sink) -> {
            try {
                Optional<ChatChunk> chunk = stream.next();
                if (chunk.isEmpty()) {
                    sink.complete();
                } else {
                    sink.next(response(chunk.get()));
                }
            } catch (BackendException e) {
                sink.error(e);
            }
            return stream;
        }, ChatStream::close).subscribeOn(Schedulers.boundedElastic());
    }

    private ChatResponse response(ChatChunk chunk) {
        JsonNode choice = chunk.body().path("choices").path(0);
        String text = choice.path("delta").path("content").asString("");
        ChatGenerationMetadata metadata = chunk.finishReason() == null ? ChatGenerationMetadata.NULL
                : ChatGenerationMetadata.builder().finishReason(chunk.finishReason()).build();
        return new ChatResponse(List.of(new Generation(new AssistantMessage(text), metadata)),
                responseMetadata(chunk.body()));
    }

    private static ChatResponseMetadata responseMetadata(ObjectNode body) {
        ChatResponseMetadata.Builder metadata = ChatResponseMetadata.builder()
                .id(body.path("id").asString()).model(body.path("model").asString());
        JsonNode usage = body.path("usage");
        if (usage.isObject()) {
            metadata.usage(new DefaultUsage(usage.path("prompt_tokens").asInt(), usage.path("completion_tokens").asInt(),
                    usage.path("total_tokens").asInt()));
        }
        return metadata.build();
    }

    private static ChatRequest request(EmbeddedBackend backend, Prompt prompt, boolean stream) {
        ObjectNode body = JSON.objectNode();
        body.put("model", backend.id());
        ArrayNode messages = body.putArray("messages");
        for (Message message : prompt.getInstructions()) {
            switch (message.getMessageType()) {
                case SYSTEM -> messages.addObject().put("role", "system").put("content", message.getText());
                case USER -> messages.addObject().put("role", "user").put("content", message.getText());
                case ASSISTANT -> messages.addObject().put("role", "assistant").put("content", message.getText());
                case TOOL -> {
                    for (ToolResponseMessage.ToolResponse response : ((ToolResponseMessage) message).getResponses()) {
                        messages.addObject().put("role", "tool").put("tool_call_id", response.id())
                                .put("content", response.responseData());
                    }
                }
            }
        }
        ChatOptions options = prompt.getOptions();
        if (options != null) {
            putIfSet(body, "temperature", options.getTemperature());
            putIfSet(body, "top_p", options.getTopP());
            putIfSet(body, "frequency_penalty", options.getFrequencyPenalty());
            putIfSet(body, "presence_penalty", options.getPresencePenalty());
            if (options.getTopK() != null) {
                body.put("top_k", options.getTopK());
            }
            if (options.getMaxTokens() != null) {
                body.put("max_tokens", options.getMaxTokens());
            }
            if (options.getStopSequences() != null && !options.getStopSequences().isEmpty()) {
                ArrayNode stop = body.putArray("stop");
                options.getStopSequences().forEach(stop::add);
            }
        }
        return new ChatRequest("spring-ai-" + UUID.randomUUID(), backend.id(), body, stream, stream);
    }

    private static void putIfSet(ObjectNode body, String name, Double value) {
        if (value != null) {
            body.put(name, value);
        }
    }
}
