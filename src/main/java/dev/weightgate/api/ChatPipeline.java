package dev.weightgate.api;

import dev.weightgate.backend.BackendException;
import dev.weightgate.backend.Backends;
import dev.weightgate.backend.ChatChunk;
import dev.weightgate.backend.ChatRequest;
import dev.weightgate.backend.ChatResult;
import dev.weightgate.backend.ChatStream;
import dev.weightgate.backend.ServedModel;
import dev.weightgate.backend.Usage;
import dev.weightgate.tenancy.Caller;
import dev.weightgate.tenancy.CallerAuthentication;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The path every chat completion takes, top to bottom: authenticate (the caller Spring Security established),
 * accept (parse and validate), route to the model's backend, generate, and record. The policy decision and the quota
 * reservation and settlement slot in between as those capabilities land (see docs/architecture.md). Recording sits in {@code finally} blocks, so a
 * failure, a timeout or a client that leaves mid-stream is recorded like a success.
 */
@Service
public class ChatPipeline {

    private static final String ENDPOINT = "chat.completions";
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8);

    private final ChatRequestValidator validator;
    private final Backends backends;
    private final RequestLog requestLog;
    private final ObjectMapper json;

    ChatPipeline(ChatRequestValidator validator, Backends backends, RequestLog requestLog, ObjectMapper json) {
        this.validator = validator;
        this.backends = backends;
        this.requestLog = requestLog;
        this.json = json;
    }

    /** What a completion request is answered with: a whole completion, or a stream whose first chunk has arrived. */
    public sealed interface Answer permits Completed, Streaming {
    }

    public record Completed(ChatResult result) implements Answer {
    }

    public record Streaming(OpenedStream stream) implements Answer {
    }

    /**
     * Serves one chat completion request. A streamed one returns as soon as its first chunk has arrived, so that a
     * request the backend cannot serve still gets a plain HTTP error with the right status instead of a stream that
     * fails at once; the caller then relays the rest with {@link OpenedStream#relayTo}.
     */
    public Answer handle(String requestId, String clientAddress, Supplier<ObjectNode> body) {
        CompletionRecord record = new CompletionRecord(requestId);
        record.clientAddress = clientAddress;
        ChatStream stream = null;
        try {
            ChatRequest request = accept(record, body);
            ServedModel model = route(request);
            record.backend = model.backendType();
            if (request.stream()) {
                stream = model.backend().stream(request);
                Optional<ChatChunk> first = stream.next();
                record.firstChunk();
                return new Streaming(new OpenedStream(record, request, stream, first));
            }
            ChatResult result = model.backend().complete(request);
            record.completed(result.usage(), result.finishReason());
            collectCompletion(record, result.body(), "message");
            requestLog.record(record);
            return new Completed(result);
        } catch (BackendException e) {
            throw failed(record, stream, BackendErrors.toApi(e));
        } catch (ApiException e) {
            throw failed(record, stream, e);
        } catch (RuntimeException e) {
            failed(record, stream, ApiExceptionHandler.internal());
            throw e;
        }
    }

    private ApiException failed(CompletionRecord record, ChatStream stream, ApiException error) {
        if (stream != null) {
            stream.close();
        }
        record.failed(error);
        requestLog.record(record);
        return error;
    }

    private ChatRequest accept(CompletionRecord record, Supplier<ObjectNode> body) {
        Caller caller = authenticated(record);
        if (!caller.mayUseEndpoint(ENDPOINT)) {
            throw new ApiException(HttpStatus.FORBIDDEN, "invalid_request_error",
                    "This key may not use " + ENDPOINT + ".", null, "insufficient_scope");
        }
        ChatRequest request = validator.validate(record.requestId, body.get());
        record.prompt = request.body().path("messages").toString();
        record.model = request.model();
        record.stream = request.stream();
        return request;
    }

    /** The caller Spring Security established for this request; see ApiSecurity. */
    private static Caller authenticated(CompletionRecord record) {
        Caller caller = CallerAuthentication.current();
        record.tenantId = caller.tenantId();
        record.keyId = caller.keyId();
        record.subject = caller.subject();
        return caller;
    }

    /** Keeps the generated text of each choice for the audit record: {@code message} whole, or {@code delta} pieces. */
    private static void collectCompletion(CompletionRecord record, ObjectNode body, String part) {
        for (var choice : body.path("choices")) {
            record.generated(choice.path("index").asInt(0), choice.path(part).path("content").asString(null));
        }
    }

    private ServedModel route(ChatRequest request) {
        // A model the caller may not use is answered exactly like one that does not exist.
        ServedModel model = backends.find(request.model())
                .filter(m -> CallerAuthentication.current().mayUseModel(m.id()))
                .orElseThrow(() -> ApiException.modelNotFound(request.model()));
        for (String parameter : model.backend().unsupportedParameters()) {
            if (request.body().hasNonNull(parameter)) {
                throw ApiException.invalidRequest("The parameter '" + parameter + "' is not supported by model '"
                        + request.model() + "'.", parameter, "unsupported_parameter");
            }
        }
        return model;
    }

    /** A stream whose first chunk has arrived; {@link #relayTo} sends it to the client as server-sent events. */
    public final class OpenedStream {

        private final CompletionRecord record;
        private final ChatRequest request;
        private final ChatStream stream;
        private Optional<ChatChunk> next;
        private Usage usage;
        private String finishReason;

        private OpenedStream(CompletionRecord record, ChatRequest request, ChatStream stream, Optional<ChatChunk> first) {
            this.record = record;
            this.request = request;
            this.stream = stream;
            this.next = first;
        }

        /**
         * Writes every chunk as it arrives, then {@code data: [DONE]}. A backend failure mid-stream is sent as an
         * error event in OpenAI's envelope (the status line is long gone) and the stream ends without {@code [DONE]};
         * a client that goes away closes the backend's stream at once.
         */
        public void relayTo(OutputStream out) {
            try {
                while (next.isPresent()) {
                    send(out, next.get());
                    next = stream.next();
                }
                out.write(DONE);
                out.flush();
                record.completed(usage, finishReason);
            } catch (IOException clientGone) {
                record.clientDisconnected();
            } catch (BackendException e) {
                ApiException error = BackendErrors.toApi(e);
                record.failed(error);
                sendErrorQuietly(out, error);
            } catch (RuntimeException e) {
                ApiException error = ApiExceptionHandler.internal();
                record.failed(error);
                sendErrorQuietly(out, error);
                throw e;
            } finally {
                stream.close();
                requestLog.record(record);
            }
        }

        private void send(OutputStream out, ChatChunk chunk) throws IOException {
            collectCompletion(record, chunk.body(), "delta");
            if (chunk.usage() != null) {
                usage = chunk.usage();
            }
            if (chunk.finishReason() != null && finishReason == null) {
                finishReason = chunk.finishReason();
            }
            ObjectNode body = chunk.body();
            if (!request.includeUsage()) {
                if (chunk.isUsageOnly()) {
                    return;
                }
                body.remove("usage");
            }
            writeEvent(out, json.writeValueAsBytes(body));
        }

        private void sendErrorQuietly(OutputStream out, ApiException error) {
            try {
                writeEvent(out, json.writeValueAsBytes(error.toError()));
            } catch (IOException | RuntimeException ignored) {
                // The client may be gone too; the failure is recorded either way.
            }
        }

        private static void writeEvent(OutputStream out, byte[] data) throws IOException {
            out.write("data: ".getBytes(StandardCharsets.UTF_8));
            out.write(data);
            out.write("\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }
}
