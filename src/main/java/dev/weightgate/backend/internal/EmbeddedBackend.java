package dev.weightgate.backend.internal;

import dev.weightgate.backend.BackendException;
import dev.weightgate.backend.ChatBackend;
import dev.weightgate.backend.ChatChunk;
import dev.weightgate.backend.ChatRequest;
import dev.weightgate.backend.ChatResult;
import dev.weightgate.backend.ChatStream;
import dev.weightgate.backend.Reachability;
import dev.weightgate.backend.Usage;
import dev.weightgate.engine.chat.ChatTemplateException;
import dev.weightgate.engine.chat.RenderOptions;
import dev.weightgate.engine.chat.ToolsNotSupportedException;
import dev.weightgate.engine.generate.Generation;
import dev.weightgate.engine.generate.GenerationParams;
import dev.weightgate.engine.generate.LoadedModel;
import dev.weightgate.engine.generate.ModelBusyException;
import dev.weightgate.engine.generate.Output;
import dev.weightgate.engine.generate.PromptTooLongException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A GGUF model served by the embedded engine. It is loaded in the background after start-up; a request that arrives
 * meanwhile waits (as long as it would wait for a slot) instead of failing. A file that fails to load or is refused
 * by a {@link dev.weightgate.backend.ModelVetting} check stays out of service, and every request for it gets the
 * reason.
 */
public final class EmbeddedBackend implements ChatBackend {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedBackend.class);

    /** Parameters the engine cannot honour yet; refused with a 400 rather than ignored. */
    private static final Set<String> UNSUPPORTED = Set.of("tools", "tool_choice", "functions", "function_call",
            "audio", "prediction", "web_search_options", "reasoning_effort");

    private final String id;
    private final Path path;
    private final LoadedModel.Options options;
    private final Duration maxWait;
    private final CompletableFuture<Loaded> loaded = new CompletableFuture<>();

    /** A model in service and the fingerprint its answers carry. */
    record Loaded(LoadedModel model, String sha256) {
        String fingerprint() {
            return "wg-" + sha256.substring(0, 12);
        }
    }

    EmbeddedBackend(String id, Path path, LoadedModel.Options options, Duration maxWait) {
        this.id = id;
        this.path = path;
        this.options = options;
        this.maxWait = maxWait;
    }

    public String id() {
        return id;
    }

    public Path path() {
        return path;
    }

    LoadedModel.Options options() {
        return options;
    }

    void loaded(LoadedModel model, String sha256) {
        loaded.complete(new Loaded(model, sha256));
    }

    void failed(String reason) {
        loaded.completeExceptionally(new BackendException(BackendException.Kind.UNAVAILABLE, "Model '" + id
                + "' is out of service: " + reason, null, "model_unavailable", null));
    }

    /** The loaded model, once it is in service. */
    public Optional<LoadedModel> model() {
        return loaded.isDone() && !loaded.isCompletedExceptionally() ? Optional.of(loaded.join().model())
                : Optional.empty();
    }

    /** Waits until the model is in service or has failed; true when it is in service. */
    public boolean awaitLoaded(Duration timeout) throws InterruptedException {
        try {
            loaded.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    @Override
    public Set<String> unsupportedParameters() {
        return UNSUPPORTED;
    }

    @Override
    public ChatResult complete(ChatRequest request) {
        Loaded model = ready();
        EngineResponses responses = new EngineResponses(request.requestId(), id, model.fingerprint(),
                model.model().tokenizer());
        try (Generation generation = start(model.model(), request)) {
            StringBuilder content = new StringBuilder();
            ArrayNode logprobs = generation.logprobs() ? EngineResponses.newLogprobs() : null;
            Output output;
            do {
                output = step(generation);
                content.append(output.text());
                if (logprobs != null) {
                    responses.addLogprobs(logprobs, output.tokens());
                }
            } while (!output.isLast());
            String finish = output.finish().openAiName();
            ObjectNode body = responses.completion(content.toString(), logprobs, finish, generation);
            return new ChatResult(body, usage(generation), finish);
        }
    }

    @Override
    public ChatStream stream(ChatRequest request) {
        Loaded model = ready();
        EngineResponses responses = new EngineResponses(request.requestId(), id, model.fingerprint(),
                model.model().tokenizer());
        return new EngineStream(start(model.model(), request), responses);
    }

    @Override
    public Reachability probe() {
        String target = "embedded:" + path.getFileName();
        if (!loaded.isDone()) {
            return Reachability.down(target, "loading");
        }
        try {
            loaded.join();
            return Reachability.up(target);
        } catch (RuntimeException e) {
            return Reachability.down(target, e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
        }
    }

    private Loaded ready() {
        try {
            return loaded.get(maxWait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw (BackendException) e.getCause();
        } catch (TimeoutException e) {
            throw new BackendException(BackendException.Kind.UNAVAILABLE, "Model '" + id + "' is still loading. "
                    + "Retry shortly.", null, "model_loading", null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException(BackendException.Kind.FAILED, "Interrupted while waiting for model '" + id
                    + "'.", null, null);
        }
    }

    private Generation start(LoadedModel model, ChatRequest request) {
        int[] prompt;
        try {
            prompt = model.prompt(EngineRequests.messages(request.body()), List.of(), RenderOptions.DEFAULT);
        } catch (ToolsNotSupportedException e) {
            throw new BackendException(BackendException.Kind.REJECTED, "Model '" + id + "' cannot take tool calls "
                    + "or tool messages: " + e.getMessage(), "messages", "unsupported_value", e);
        } catch (ChatTemplateException e) {
            throw new BackendException(BackendException.Kind.REJECTED, "Model '" + id + "' cannot take this "
                    + "conversation: " + e.getMessage(), "messages", "invalid_value", e);
        }
        GenerationParams params = EngineRequests.generation(request.body(), model.contextLength());
        try {
            return model.generate(prompt, params, maxWait);
        } catch (PromptTooLongException e) {
            throw new BackendException(BackendException.Kind.REJECTED, e.getMessage(), "messages",
                    "context_length_exceeded", e);
        } catch (ModelBusyException e) {
            throw new BackendException(BackendException.Kind.BUSY, e.getMessage(), null, e);
        } catch (IllegalArgumentException e) {
            throw EngineRequests.rejected(e.getMessage(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException(BackendException.Kind.FAILED, "Interrupted while waiting for a slot of model '"
                    + id + "'.", null, e);
        }
    }

    private Output step(Generation generation) {
        try {
            return generation.next();
        } catch (RuntimeException e) {
            log.error("Embedded model '{}' failed while generating", id, e);
            throw new BackendException(BackendException.Kind.FAILED, "The embedded model '" + id + "' failed while "
                    + "generating.", null, e);
        }
    }

    private static Usage usage(Generation generation) {
        return new Usage(generation.promptTokens(), generation.completionTokens(),
                generation.promptTokens() + generation.completionTokens());
    }

    /** Chunks pulled from the generation one step at a time, so a client that stops reading stops generation. */
    private final class EngineStream implements ChatStream {

        private final Generation generation;
        private final EngineResponses responses;
        private final Deque<ChatChunk> pending = new ArrayDeque<>();
        private boolean started;
        private boolean ended;

        EngineStream(Generation generation, EngineResponses responses) {
            this.generation = generation;
            this.responses = responses;
        }

        @Override
        public Optional<ChatChunk> next() {
            if (pending.isEmpty() && !ended) {
                Output output = step(generation);
                if (!started) {
                    // The role arrives once the prompt has been run, so a failure there is still a plain HTTP error.
                    started = true;
                    ObjectNode role = EngineResponses.delta().put("role", "assistant").put("content", "");
                    pending.add(new ChatChunk(responses.chunk(role, null, null), null, null));
                }
                ArrayNode logprobs = null;
                if (generation.logprobs()) {
                    logprobs = EngineResponses.newLogprobs();
                    responses.addLogprobs(logprobs, output.tokens());
                }
                if (!output.text().isEmpty() || logprobs != null && !logprobs.isEmpty()) {
                    ObjectNode delta = EngineResponses.delta().put("content", output.text());
                    pending.add(new ChatChunk(responses.chunk(delta, logprobs, null), null, null));
                }
                if (output.isLast()) {
                    ended = true;
                    String finish = output.finish().openAiName();
                    pending.add(new ChatChunk(responses.chunk(EngineResponses.delta(), null, finish), null, finish));
                    pending.add(new ChatChunk(responses.usageChunk(generation), usage(generation), null));
                }
            }
            return Optional.ofNullable(pending.poll());
        }

        @Override
        public void close() {
            generation.close();
        }
    }
}
