package dev.weightgate.backend.internal;

import dev.weightgate.backend.BackendException;
import dev.weightgate.backend.ChatChunk;
import dev.weightgate.backend.ChatRequest;
import dev.weightgate.backend.ChatResult;
import dev.weightgate.backend.ChatStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.definition.ToolDefinition;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * An embedded model as a Spring AI {@link ChatModel} (which is also a {@code StreamingChatModel}), so that any Spring
 * application can use it through {@code ChatClient} in-process. The prompt and its options are translated into the
 * same OpenAI-shaped request the gateway's API hands to the engine, so both paths sample, stop and count alike.
 * In-process calls do not pass the gateway's authentication, quotas or audit: those guard the HTTP API.
 *
 * <p>Tools: the tool callbacks of {@link ToolCallingChatOptions} are offered to the model as OpenAI {@code tools},
 * an assistant message's tool calls and the tool responses go back into the prompt, and a tool call the model makes
 * comes back as {@link AssistantMessage#getToolCalls()}; running the tools is left to the caller or to
 * {@code ChatClient}'s tool-calling advisor, as with Spring AI's own OpenAI model. Reasoning (gpt-oss, Qwen 3) is in
 * the message's {@code reasoningContent} property.
 */
public final class EmbeddedChatModel implements ChatModel {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

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
        AssistantMessage message = assistantMessage(choice.path("message"));
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
        ChatGenerationMetadata metadata = chunk.finishReason() == null ? ChatGenerationMetadata.NULL
                : ChatGenerationMetadata.builder().finishReason(chunk.finishReason()).build();
        return new ChatResponse(List.of(new Generation(assistantMessage(choice.path("delta")), metadata)),
                responseMetadata(chunk.body()));
    }

    /** An OpenAI {@code message} or stream {@code delta} as Spring AI's message: text, tool calls, reasoning. */
    static AssistantMessage assistantMessage(JsonNode message) {
        List<AssistantMessage.ToolCall> toolCalls = new ArrayList<>();
        for (JsonNode call : message.path("tool_calls")) {
            toolCalls.add(new AssistantMessage.ToolCall(call.path("id").asString(), call.path("type").asString(
                    "function"), call.path("function").path("name").asString(),
                    call.path("function").path("arguments").asString("")));
        }
        JsonNode reasoning = message.path("reasoning_content");
        return AssistantMessage.builder().content(message.path("content").asString(""))
                .toolCalls(toolCalls)
                .properties(reasoning.isString() ? Map.of("reasoningContent", reasoning.asString()) : Map.of())
                .build();
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
                case ASSISTANT -> assistant(messages.addObject(), (AssistantMessage) message);
                case TOOL -> {
                    for (ToolResponseMessage.ToolResponse response : ((ToolResponseMessage) message).getResponses()) {
                        messages.addObject().put("role", "tool").put("tool_call_id", response.id())
                                .put("content", response.responseData());
                    }
                }
            }
        }
        ChatOptions options = prompt.getOptions();
        if (options instanceof ToolCallingChatOptions tooling && !tooling.getToolCallbacks().isEmpty()) {
            ArrayNode tools = body.putArray("tools");
            for (ToolCallback callback : tooling.getToolCallbacks()) {
                ToolDefinition definition = callback.getToolDefinition();
                ObjectNode function = tools.addObject().put("type", "function").putObject("function");
                function.put("name", definition.name()).put("description", definition.description());
                function.set("parameters", MAPPER.readTree(definition.inputSchema()));
            }
        }
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

    private static void assistant(ObjectNode out, AssistantMessage message) {
        out.put("role", "assistant");
        if (message.getText() != null && !message.getText().isEmpty() || !message.hasToolCalls()) {
            out.put("content", message.getText());
        } else {
            out.putNull("content");
        }
        if (message.hasToolCalls()) {
            ArrayNode calls = out.putArray("tool_calls");
            for (AssistantMessage.ToolCall call : message.getToolCalls()) {
                calls.addObject().put("id", call.id()).put("type", "function").putObject("function")
                        .put("name", call.name()).put("arguments", call.arguments());
            }
        }
    }

    private static void putIfSet(ObjectNode body, String name, Double value) {
        if (value != null) {
            body.put(name, value);
        }
    }
}
