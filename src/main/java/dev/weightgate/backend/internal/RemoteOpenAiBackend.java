package dev.weightgate.backend.internal;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.openai.client.OpenAIClient;
import com.openai.core.ObjectMappers;
import com.openai.core.RequestOptions;
import com.openai.core.Timeout;
import com.openai.core.http.StreamResponse;
import com.openai.errors.OpenAIInvalidDataException;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.SseException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.weightgate.backend.BackendException;
import dev.weightgate.backend.BackendException.Kind;
import dev.weightgate.backend.ChatBackend;
import dev.weightgate.backend.ChatChunk;
import dev.weightgate.backend.ChatRequest;
import dev.weightgate.backend.ChatResult;
import dev.weightgate.backend.ChatStream;
import dev.weightgate.backend.ModelDefinition;
import dev.weightgate.backend.Usage;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import dev.weightgate.backend.Reachability;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.ai.openai.setup.OpenAiSetup;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A model served by a remote OpenAI-compatible server, reached through Spring AI's OpenAI support (the official
 * OpenAI Java SDK on Spring AI's HTTP client).
 *
 * <p>The request goes upstream as the client wrote it, with only the model name swapped and, when streaming, usage
 * always requested (the gateway needs the counts to settle quotas even when the client did not ask for them). Answers
 * come back with the gateway's model id and completion id, and every upstream failure becomes a {@link
 * BackendException} that says whose fault it was.
 */
public final class RemoteOpenAiBackend implements ChatBackend {

    /** The OpenAI SDK is built on Jackson 2; the gateway on Jackson 3. JSON crosses between them as bytes. */
    private static final JsonMapper SDK_JSON = ObjectMappers.jsonMapper();

    private static final RequestOptions PROBE_OPTIONS = RequestOptions.builder()
            .timeout(Timeout.builder().connect(Duration.ofSeconds(2)).read(Duration.ofSeconds(3))
                    .request(Duration.ofSeconds(5)).build())
            .build();

    private final ModelDefinition definition;
    private final OpenAIClient client;
    private final ObjectMapper json;
    private final RequestOptions requestOptions;

    RemoteOpenAiBackend(ModelDefinition definition, OpenAIClient client, ObjectMapper json) {
        this.definition = definition;
        this.client = client;
        this.json = json;
        ModelDefinition.Remote remote = definition.remote();
        this.requestOptions = RequestOptions.builder()
                .timeout(Timeout.builder()
                        .connect(remote.connectTimeout())
                        .read(remote.readTimeout())
                        .write(remote.readTimeout())
                        .request(remote.maxDuration())
                        .build())
                .build();
    }

    @Override
    public ChatResult complete(ChatRequest request) {
        try {
            ChatCompletion completion = client.chat().completions().create(upstreamParams(request, false), requestOptions);
            ObjectNode body = fromSdk(completion);
            presentAsGateway(body, request);
            return new ChatResult(body, Usage.fromJson(body.get("usage")), firstFinishReason(body));
        } catch (RuntimeException e) {
            throw translate(e);
        }
    }

    @Override
    public ChatStream stream(ChatRequest request) {
        try {
            StreamResponse<ChatCompletionChunk> response =
                    client.chat().completions().createStreaming(upstreamParams(request, true), requestOptions);
            return new UpstreamStream(request, response);
        } catch (RuntimeException e) {
            throw translate(e);
        }
    }

    @Override
    public Reachability probe() {
        try {
            client.models().list(PROBE_OPTIONS);
            return Reachability.up(definition.remote().baseUrl().toString());
        } catch (RuntimeException e) {
            return Reachability.down(definition.remote().baseUrl().toString(), translate(e).getMessage());
        }
    }

    @Override
    public Set<String> unsupportedParameters() {
        return definition.unsupportedParameters();
    }

    private ChatCompletionCreateParams upstreamParams(ChatRequest request, boolean stream) {
        ObjectNode body = request.body().deepCopy();
        body.put("model", definition.remote().model());
        body.remove("stream");
        if (stream) {
            body.putObject("stream_options").put("include_usage", true);
        } else {
            body.remove("stream_options");
        }
        try {
            ChatCompletionCreateParams.Body sdkBody =
                    SDK_JSON.readValue(json.writeValueAsBytes(body), ChatCompletionCreateParams.Body.class);
            return ChatCompletionCreateParams.builder().body(sdkBody).build();
        } catch (java.io.IOException e) {
            throw new BackendException(Kind.FAILED, "could not prepare the upstream request: " + e.getMessage(), null, e);
        }
    }

    private ObjectNode fromSdk(Object sdkValue) {
        try {
            JsonNode node = json.readTree(SDK_JSON.writeValueAsBytes(sdkValue));
            if (!(node instanceof ObjectNode object)) {
                throw new BackendException(Kind.FAILED, "the upstream answered something that is not a JSON object", null, null);
            }
            return object;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new BackendException(Kind.FAILED, "could not read the upstream answer: " + e.getOriginalMessage(), null, e);
        }
    }

    /** Clients see the gateway's names, never the upstream's model name or completion ids. */
    private static void presentAsGateway(ObjectNode body, ChatRequest request) {
        body.put("id", "chatcmpl-" + request.requestId());
        body.put("model", request.model());
    }

    private static String firstFinishReason(ObjectNode body) {
        JsonNode reason = body.path("choices").path(0).path("finish_reason");
        return reason.isString() ? reason.asString() : null;
    }

    private BackendException translate(RuntimeException e) {
        return switch (e) {
            case BackendException already -> already;
            case SseException sse -> new BackendException(Kind.FAILED,
                    "the upstream reported an error mid-stream: " + sse.getMessage(), null, sse);
            case OpenAIServiceException service -> fromStatus(service);
            case OpenAIIoException io when isTimeout(io) -> new BackendException(Kind.TIMEOUT,
                    "the upstream for model '" + definition.id() + "' did not answer in time", null, io);
            case OpenAIIoException io -> new BackendException(Kind.FAILED,
                    "could not reach the upstream for model '" + definition.id() + "'", null, io);
            case OpenAIInvalidDataException invalid -> new BackendException(Kind.FAILED,
                    "the upstream answered something that is not an OpenAI response", null, invalid);
            default -> new BackendException(Kind.FAILED, "the upstream call failed: " + e.getMessage(), null, e);
        };
    }

    private BackendException fromStatus(OpenAIServiceException e) {
        int status = e.statusCode();
        String upstreamMessage = upstreamMessage(e);
        return switch (status) {
            case 400, 422 -> new BackendException(Kind.REJECTED,
                    "The model server rejected the request: " + upstreamMessage, e.param().orElse(null), e);
            case 429, 503 -> new BackendException(Kind.OVERLOADED,
                    "The model server for '" + definition.id() + "' is overloaded (HTTP " + status + "); retry later.", null, e);
            case 408, 504 -> new BackendException(Kind.TIMEOUT,
                    "The model server for '" + definition.id() + "' timed out (HTTP " + status + ").", null, e);
            default -> new BackendException(Kind.FAILED,
                    "The model server for '" + definition.id() + "' failed with HTTP " + status + ": " + upstreamMessage, null, e);
        };
    }

    private String upstreamMessage(OpenAIServiceException e) {
        try {
            JsonNode body = json.readTree(SDK_JSON.writeValueAsBytes(e.body()));
            JsonNode message = body.path("error").path("message");
            if (message.isString()) {
                return message.asString();
            }
            return body.isMissingNode() || body.isNull() ? "(no body)" : body.toString();
        } catch (RuntimeException | com.fasterxml.jackson.core.JsonProcessingException unreadable) {
            return "(unreadable body)";
        }
    }

    private static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InterruptedIOException) {
                return true;
            }
        }
        return false;
    }

    private final class UpstreamStream implements ChatStream {

        private final ChatRequest request;
        private final StreamResponse<ChatCompletionChunk> response;
        private final Iterator<ChatCompletionChunk> chunks;
        private boolean finished;

        UpstreamStream(ChatRequest request, StreamResponse<ChatCompletionChunk> response) {
            this.request = request;
            this.response = response;
            this.chunks = response.stream().iterator();
        }

        @Override
        public Optional<ChatChunk> next() {
            try {
                if (!chunks.hasNext()) {
                    if (!finished) {
                        // A stream that ends before any choice finished was cut short, not completed.
                        throw new BackendException(Kind.FAILED, "the upstream stream for model '" + definition.id()
                                + "' ended before the completion finished", null, null);
                    }
                    return Optional.empty();
                }
                ObjectNode body = fromSdk(chunks.next());
                presentAsGateway(body, request);
                JsonNode usage = body.get("usage");
                if (usage != null && usage.isNull()) {
                    body.remove("usage");
                }
                String finishReason = firstFinishReason(body);
                finished |= finishReason != null;
                return Optional.of(new ChatChunk(body, Usage.fromJson(body.get("usage")), finishReason));
            } catch (RuntimeException e) {
                throw translate(e);
            }
        }

        @Override
        public void close() {
            response.close();
        }
    }

    /** Builds one SDK client per model, each with its own base URL, key and timeouts. */
    @Component
    public static class Factory {

        // Local servers usually need no key, but the SDK insists on one; an explicit dummy also keeps it from
        // picking up OPENAI_API_KEY from the environment and sending it to a server it was never meant for.
        private static final String NO_KEY = "no-key";

        private final ObjectMapper json;

        public Factory(ObjectMapper json) {
            this.json = json;
        }

        public RemoteOpenAiBackend create(ModelDefinition definition) {
            ModelDefinition.Remote remote = definition.remote();
            String apiKey = NO_KEY;
            if (remote.apiKeyEnv() != null && !remote.apiKeyEnv().isBlank()) {
                apiKey = System.getenv(remote.apiKeyEnv());
                if (apiKey == null || apiKey.isBlank()) {
                    throw new IllegalStateException("model '" + definition.id() + "' takes its API key from the "
                            + "environment variable " + remote.apiKeyEnv() + ", which is not set");
                }
            }
            // No observations or client metrics on the upstream call: they cost about a millisecond of CPU per call
            // (measured), and the gateway already times and counts every completion (weightgate.completions).
            OpenAIClient client = OpenAiSetup.setupSyncClient(remote.baseUrl().toString(), apiKey, null, null, null,
                    null, false, false, remote.model(), remote.maxDuration(), remote.maxRetries(), null, Map.of(),
                    ObservationRegistry.NOOP, new CompositeMeterRegistry(), List.of());
            return new RemoteOpenAiBackend(definition, client, json);
        }
    }
}
