package dev.weightgate.api;

import dev.weightgate.backend.BackendException;
import dev.weightgate.backend.Backends;
import dev.weightgate.backend.ChatChunk;
import dev.weightgate.backend.ChatRequest;
import dev.weightgate.backend.ChatResult;
import dev.weightgate.backend.ChatStream;
import dev.weightgate.backend.ServedModel;
import dev.weightgate.backend.Usage;
import dev.weightgate.policy.Decision;
import dev.weightgate.policy.Denial;
import dev.weightgate.policy.PolicyDecisions;
import dev.weightgate.policy.PolicyRequest;
import dev.weightgate.quota.QuotaExceededException;
import dev.weightgate.quota.QuotaSubject;
import dev.weightgate.quota.QuotaUnavailableException;
import dev.weightgate.quota.Quotas;
import dev.weightgate.quota.Reservation;
import dev.weightgate.tenancy.Caller;
import dev.weightgate.tenancy.CallerAuthentication;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The path every chat completion takes, top to bottom: authenticate (the caller Spring Security established),
 * accept (parse and validate), route to the model's backend, decide the license policy, reserve the worst case
 * against the caller's quotas, generate, settle the actual usage, and record. Settling and recording sit in
 * {@code finally} paths, so a failure, a timeout or a client that leaves mid-stream is charged and recorded like a
 * success.
 */
@Service
public class ChatPipeline {

    private static final String ENDPOINT = "chat.completions";
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8);

    private final ChatRequestValidator validator;
    private final Backends backends;
    private final Quotas quotas;
    private final PolicyDecisions policies;
    private final RequestLog requestLog;
    private final ObjectMapper json;
    private final int defaultMaxCompletionTokens;

    ChatPipeline(ChatRequestValidator validator, Backends backends, PolicyDecisions policies, Quotas quotas,
                 RequestLog requestLog, ObjectMapper json, ApiProperties properties) {
        this.validator = validator;
        this.backends = backends;
        this.policies = policies;
        this.quotas = quotas;
        this.requestLog = requestLog;
        this.json = json;
        this.defaultMaxCompletionTokens = properties.defaultMaxCompletionTokens();
    }

    /** What a completion request is answered with: a whole completion, or a stream whose first chunk has arrived. */
    public sealed interface Answer permits Completed, Streaming {
        /** Headers to send with the answer: the caller's rate limits. */
        Map<String, String> headers();
    }

    public record Completed(ChatResult result, Map<String, String> headers) implements Answer {
    }

    public record Streaming(OpenedStream stream, Map<String, String> headers) implements Answer {
    }

    /**
     * Serves one chat completion request. A streamed one returns as soon as its first chunk has arrived, so that a
     * request the backend cannot serve still gets a plain HTTP error with the right status instead of a stream that
     * fails at once; the caller then relays the rest with {@link OpenedStream#relayTo}.
     */
    public Answer handle(String requestId, String clientAddress, String purpose, Supplier<ObjectNode> body) {
        CompletionRecord record = new CompletionRecord(requestId);
        record.clientAddress = clientAddress;
        Reservation reservation = null;
        ChatStream stream = null;
        try {
            Caller caller = authenticated(record);
            ChatRequest request = accept(record, caller, body);
            ServedModel model = route(request, caller);
            record.backend = model.backendType();
            Decision decision = decide(record, request, caller, purpose);
            Reserved reserved = reserve(request, caller);
            reservation = reserved.reservation();
            request = reserved.request();
            Map<String, String> headers = new LinkedHashMap<>(reservation.status().headers());
            headers.putAll(decision.headers());
            if (request.stream()) {
                stream = model.backend().stream(request);
                Optional<ChatChunk> first = stream.next();
                record.firstChunk();
                return new Streaming(new OpenedStream(record, request, reserved, decision, stream, first), headers);
            }
            ChatResult result = model.backend().complete(request);
            Obligations.apply(decision, result.body());
            settle(reserved, result.usage(), 0);
            record.completed(result.usage(), result.finishReason());
            collectCompletion(record, result.body(), "message");
            requestLog.record(record);
            return new Completed(result, headers);
        } catch (BackendException e) {
            throw failed(record, reservation, stream, BackendErrors.toApi(e));
        } catch (ApiException e) {
            throw failed(record, reservation, stream, e);
        } catch (RuntimeException | Error e) {
            // An Error too (OutOfMemoryError while a KV cache grows): the slot and the reservation must not leak.
            failed(record, reservation, stream, ApiExceptionHandler.internal());
            throw e;
        }
    }

    private ApiException failed(CompletionRecord record, Reservation reservation, ChatStream stream, ApiException error) {
        if (stream != null) {
            stream.close();
        }
        if (reservation != null) {
            // Nothing reached the client: only the request itself counts.
            reservation.release();
        }
        record.failed(error);
        requestLog.record(record);
        return error;
    }

    /** The caller Spring Security established for this request; see ApiSecurity. */
    private static Caller authenticated(CompletionRecord record) {
        Caller caller = CallerAuthentication.current();
        record.tenantId = caller.tenantId();
        record.keyId = caller.keyId();
        record.subject = caller.subject();
        return caller;
    }

    private ChatRequest accept(CompletionRecord record, Caller caller, Supplier<ObjectNode> body) {
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

    private ServedModel route(ChatRequest request, Caller caller) {
        // A model the caller may not use is answered exactly like one that does not exist.
        ServedModel model = backends.find(request.model())
                .filter(m -> caller.mayUseModel(m.id()))
                .orElseThrow(() -> ApiException.modelNotFound(request.model()));
        for (String parameter : model.backend().unsupportedParameters()) {
            if (request.body().hasNonNull(parameter)) {
                throw ApiException.invalidRequest("The parameter '" + parameter + "' is not supported by model '"
                        + request.model() + "'.", parameter, "unsupported_parameter");
            }
        }
        return model;
    }

    /**
     * Decides whether this tenant may use this model for this purpose under the model's license and the
     * organisation's rules. Answered from memory; a denial becomes the 403 (or 400) it names.
     */
    private Decision decide(CompletionRecord record, ChatRequest request, Caller caller, String purpose) {
        Decision decision = policies.decide(new PolicyRequest(caller.tenantId(), request.model(), purpose));
        record.decision = decision;
        Optional<Denial> denial = decision.denial();
        if (denial.isPresent()) {
            Denial d = denial.get();
            throw new ApiException(HttpStatus.valueOf(d.status()), "invalid_request_error", d.message(),
                    d.status() == 400 ? "x-weightgate-purpose" : null, d.code());
        }
        return decision;
    }

    /** A reservation, and the request as it goes to the model (with a completion bound when it had none). */
    private record Reserved(Reservation reservation, ChatRequest request, long estimatedPromptTokens,
                            long maxCompletionTokens) {
    }

    /**
     * Reserves the request's worst case: its estimated prompt plus its completion bound. A request without a bound
     * gets the default one (or the tenant's per-request ceiling, if lower), and the model is told, so that what is
     * reserved is really the most it can cost.
     */
    private Reserved reserve(ChatRequest request, Caller caller) {
        QuotaSubject subject = new QuotaSubject(caller.tenantId(), caller.keyId(), request.model());
        long prompt = estimatePromptTokens(request);
        long asked = requestedCompletionTokens(request);
        long bound = asked > 0 ? asked : defaultMaxCompletionTokens;
        try {
            try {
                return new Reserved(quotas.reserve(subject, prompt, bound), bounded(request, asked, bound), prompt, bound);
            } catch (QuotaExceededException tooLong) {
                if (asked > 0 || tooLong.kind() != QuotaExceededException.Kind.REQUEST_TOO_LARGE) {
                    throw tooLong;
                }
                long ceiling = tooLong.limitValue();
                return new Reserved(quotas.reserve(subject, prompt, ceiling), bounded(request, asked, ceiling), prompt,
                        ceiling);
            }
        } catch (QuotaExceededException e) {
            throw QuotaErrors.toApi(e, quotas.status(subject));
        } catch (QuotaUnavailableException e) {
            throw QuotaErrors.toApi(e);
        }
    }

    private static long requestedCompletionTokens(ChatRequest request) {
        long completion = request.body().path("max_completion_tokens").asLong(0);
        return completion > 0 ? completion : request.body().path("max_tokens").asLong(0);
    }

    private static ChatRequest bounded(ChatRequest request, long asked, long bound) {
        if (asked > 0) {
            return request;
        }
        ObjectNode body = request.body().deepCopy();
        body.put("max_tokens", bound);
        return new ChatRequest(request.requestId(), request.model(), body, request.stream(), request.includeUsage());
    }

    /**
     * A generous estimate (a token per three bytes of the messages) for remote models, whose tokenizer the gateway
     * does not have; settlement charges what the model reports.
     */
    private static long estimatePromptTokens(ChatRequest request) {
        return request.body().path("messages").toString().getBytes(StandardCharsets.UTF_8).length / 3 + 8;
    }

    /**
     * Charges what was used: the backend's count when it gave one; otherwise the prompt estimate and the chunks
     * that carried text, so that a stream cut short still costs what it produced. Answers what was charged.
     */
    private static Usage settle(Reserved reserved, Usage usage, long chunksWithText) {
        long prompt = reserved.estimatedPromptTokens();
        long completion = Math.min(chunksWithText, reserved.maxCompletionTokens());
        Usage charged = usage != null ? usage : new Usage(prompt, completion, prompt + completion);
        reserved.reservation().settle(charged.promptTokens(), charged.completionTokens());
        return charged;
    }

    /**
     * Keeps what each choice generated for the audit record: content, reasoning and tool calls, from the whole
     * {@code message} or from a stream's {@code delta} pieces. Answers how many choices carried text or calls.
     */
    private static int collectCompletion(CompletionRecord record, ObjectNode body, String part) {
        int withText = 0;
        for (var choice : body.path("choices")) {
            int index = choice.path("index").asInt(0);
            var generated = choice.path(part);
            String text = generated.path("content").asString(null);
            String reasoning = generated.path("reasoning_content").asString(null);
            var calls = generated.path("tool_calls");
            if (text != null && !text.isEmpty() || reasoning != null && !reasoning.isEmpty() || !calls.isEmpty()) {
                withText++;
            }
            record.generated(index, text);
            record.reasoned(index, reasoning);
            if (!calls.isEmpty()) {
                record.calledTools(index, calls.toString());
            }
        }
        return withText;
    }

    /** A stream whose first chunk has arrived; {@link #relayTo} sends it to the client as server-sent events. */
    public final class OpenedStream {

        private final CompletionRecord record;
        private final ChatRequest request;
        private final Reserved reserved;
        private final Decision decision;
        private final ChatStream stream;
        private boolean firstSent;
        private Optional<ChatChunk> next;
        private Usage usage;
        private String finishReason;
        private long chunksWithText;

        private OpenedStream(CompletionRecord record, ChatRequest request, Reserved reserved, Decision decision,
                             ChatStream stream, Optional<ChatChunk> first) {
            this.record = record;
            this.request = request;
            this.reserved = reserved;
            this.decision = decision;
            this.stream = stream;
            this.next = first;
        }

        /**
         * Writes every chunk as it arrives, then {@code data: [DONE]}. A backend failure mid-stream is sent as an
         * error event in OpenAI's envelope (the status line is long gone) and the stream ends without {@code [DONE]};
         * a client that goes away closes the backend's stream at once. Whatever happens, usage is settled and the
         * request recorded.
         */
        public void relayTo(OutputStream out) {
            relayTo(() -> out);
        }

        /** Where the events go, opened only once relaying starts (opening can fail: the client may be gone). */
        @FunctionalInterface
        public interface Output {
            OutputStream open() throws IOException;
        }

        /** As {@link #relayTo(OutputStream)}; a failure to open the output counts as a client that went away. */
        public void relayTo(Output output) {
            OutputStream out = OutputStream.nullOutputStream();
            try {
                out = output.open();
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
            } catch (RuntimeException | Error e) {
                ApiException error = ApiExceptionHandler.internal();
                record.failed(error);
                sendErrorQuietly(out, error);
                throw e;
            } finally {
                stream.close();
                // a stream cut short (client gone, backend failure) has no usage from the backend: the record
                // keeps what was charged, so the audit trail and the quota agree
                record.charged(settle(reserved, usage, chunksWithText));
                requestLog.record(record);
            }
        }

        private void send(OutputStream out, ChatChunk chunk) throws IOException {
            chunksWithText += collectCompletion(record, chunk.body(), "delta");
            if (chunk.usage() != null) {
                usage = chunk.usage();
            }
            if (chunk.finishReason() != null && finishReason == null) {
                finishReason = chunk.finishReason();
            }
            ObjectNode body = chunk.body();
            if (!firstSent) {
                firstSent = true;
                Obligations.markFirstChunk(decision, body);
            }
            if (chunk.finishReason() != null) {
                Optional<ObjectNode> attribution = Obligations.attributionChunk(decision, body);
                if (attribution.isPresent()) {
                    writeEvent(out, json.writeValueAsBytes(attribution.get()));
                }
            }
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
