package dev.weightgate.backend.internal;

import dev.weightgate.backend.BackendException;
import dev.weightgate.backend.ChatBackend;
import dev.weightgate.backend.ChatChunk;
import dev.weightgate.backend.ChatRequest;
import dev.weightgate.backend.ChatResult;
import dev.weightgate.backend.ChatStream;
import dev.weightgate.backend.Reachability;
import dev.weightgate.backend.Usage;
import dev.weightgate.engine.chat.ChatFamily;
import dev.weightgate.engine.chat.ChatTemplateException;
import dev.weightgate.engine.chat.HarmonyDelta;
import dev.weightgate.engine.chat.ToolSpec;
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
import java.util.ArrayList;
import java.util.Arrays;
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

    /** Parameters the engine cannot honour; refused with a 400 rather than ignored. */
    private static final Set<String> UNSUPPORTED = Set.of("functions", "function_call", "audio", "prediction",
            "web_search_options");

    /** Honoured only where the chat template declares tools (gpt-oss, Qwen 2.5/3, Llama 3.1/3.2). */
    private static final List<String> TOOLS = List.of("tools", "tool_choice");

    /** Honoured for harmony (gpt-oss) models only. */
    private static final List<String> HARMONY_ONLY = List.of("reasoning_effort");

    /** Not honoured for harmony models: a stop string or token logprobs would cut or expose the reasoning channel. */
    private static final List<String> NOT_FOR_HARMONY = List.of("stop", "logprobs", "top_logprobs");

    private final String id;
    private final Path path;
    private final LoadedModel.Options options;
    private final Duration maxWait;
    private final Duration maxGenerationTime;
    private final CompletableFuture<Loaded> loaded = new CompletableFuture<>();

    /** A model in service and the fingerprint its answers carry. */
    record Loaded(LoadedModel model, String sha256) {
        String fingerprint() {
            return "wg-" + sha256.substring(0, 12);
        }
    }

    EmbeddedBackend(String id, Path path, LoadedModel.Options options, Duration maxWait, Duration maxGenerationTime) {
        this.id = id;
        this.path = path;
        this.options = options;
        this.maxWait = maxWait;
        this.maxGenerationTime = maxGenerationTime;
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
        Turn turn = begin(request);
        EngineResponses responses = turn.responses();
        try (Generation generation = turn.generation()) {
            StringBuilder reasoning = new StringBuilder();
            StringBuilder content = new StringBuilder();
            ArrayNode logprobs = generation.logprobs() ? EngineResponses.newLogprobs() : null;
            Output output;
            do {
                output = step(turn);
                if (turn.harmony() != null) {
                    turn.harmony().accept(output);
                } else {
                    TextAnswer.Piece piece = turn.text().accept(output.text());
                    reasoning.append(piece.reasoning());
                    content.append(piece.content());
                }
                if (logprobs != null) {
                    responses.addLogprobs(logprobs, output.tokens());
                }
            } while (!output.isLast());
            if (turn.harmony() != null) {
                String finish = turn.harmony().finishReason(output.finish());
                ObjectNode body = responses.completion(turn.harmony().message(), null, finish, generation);
                return new ChatResult(body, usage(generation), finish);
            }
            TextAnswer.End end = turn.text().finish(output.finish());
            reasoning.append(end.reasoning());
            content.append(end.content());
            String finish = end.calls().isEmpty() ? output.finish().openAiName() : "tool_calls";
            ObjectNode message = EngineResponses.message(reasoning.toString(), content.toString(), end.calls());
            ObjectNode body = responses.completion(message, logprobs, finish, generation);
            return new ChatResult(body, usage(generation), finish);
        }
    }

    @Override
    public ChatStream stream(ChatRequest request) {
        return new EngineStream(begin(request));
    }

    /**
     * Waits for the model and a slot (one budget for both) and starts the generation; its time limit runs from
     * here.
     */
    private Turn begin(ChatRequest request) {
        long waitUntil = System.nanoTime() + maxWait.toNanos();
        Loaded model = ready(waitUntil);
        EngineResponses responses = new EngineResponses(request.requestId(), id, model.fingerprint(),
                model.model().tokenizer());
        return start(model.model(), request, responses, waitUntil);
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

    /** The model once loaded, waiting no later than {@code waitUntil} (the same budget then covers the slot). */
    private Loaded ready(long waitUntil) {
        try {
            return loaded.get(Math.max(0, waitUntil - System.nanoTime()), TimeUnit.NANOSECONDS);
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

    /**
     * A generation, what reads its text (for a harmony model its channels, for any other a {@link TextAnswer}), what
     * writes the answer, and when the generation's time is up ({@link System#nanoTime()}).
     */
    private record Turn(Generation generation, HarmonyTurn harmony, TextAnswer text, EngineResponses responses,
                        long stopAt) {
    }

    private Turn start(LoadedModel model, ChatRequest request, EngineResponses responses, long waitUntil) {
        ObjectNode body = request.body();
        ChatFamily family = model.template().template().family();
        boolean harmony = family == ChatFamily.HARMONY;
        refuseUnsupported(body, family, model.supportsTools());
        List<ToolSpec> tools = EngineRequests.tools(body);
        EngineRequests.ToolChoice choice = EngineRequests.toolChoice(body, tools);
        List<ToolSpec> offered = choice.mode().equals("none") ? List.of() : tools;
        String prefill = forcedOpening(family, choice);
        int[] prompt = prompt(model, body, offered, prefill);
        GenerationParams params;
        try {
            params = EngineRequests.generation(body, model.contextLength());
        } catch (IllegalArgumentException e) {
            throw EngineRequests.rejected(e.getMessage(), null); // e.g. max_tokens 0 from an in-process caller
        }
        List<String> functions = offered.stream().map(ToolSpec::name).toList();
        HarmonyTurn reader = harmony ? new HarmonyTurn(model.tokenizer(), functions, prefill) : null;
        TextAnswer text = harmony ? null : new TextAnswer(family, functions, prefill);
        try {
            Duration wait = Duration.ofNanos(Math.max(0, waitUntil - System.nanoTime()));
            Generation generation = model.generate(prompt, params, wait);
            return new Turn(generation, reader, text, responses, System.nanoTime() + maxGenerationTime.toNanos());
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

    private void refuseUnsupported(ObjectNode body, ChatFamily family, boolean templateHasTools) {
        List<String> refused = new ArrayList<>(family == ChatFamily.HARMONY ? NOT_FOR_HARMONY : HARMONY_ONLY);
        if (!templateHasTools) {
            refused.addAll(TOOLS);
        }
        for (String parameter : refused) {
            if (asksFor(body.get(parameter))) {
                throw new BackendException(BackendException.Kind.REJECTED, "The parameter '" + parameter + "' is not "
                        + "supported by model '" + id + "'" + (TOOLS.contains(parameter)
                        ? ": its chat template (" + family + ") has no tool calling." : "."), parameter,
                        "unsupported_parameter", null);
            }
        }
    }

    /**
     * Whether a parameter's value asks for the feature: clients and SDKs send neutral values ({@code "stop": []},
     * {@code "logprobs": false}, {@code "tools": []}, {@code "tool_choice": "none"}) by default, and those must not be
     * refused.
     */
    private static boolean asksFor(tools.jackson.databind.JsonNode value) {
        if (value == null || value.isNull()) {
            return false;
        }
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        if (value.isNumber()) {
            return value.asDouble() != 0;
        }
        if (value.isString()) {
            return !value.asString().isEmpty() && !value.asString().equals("none");
        }
        return !value.isEmpty();
    }

    /** A forced call is written into the start of the answer, so that the model can only continue with the call. */
    private static String forcedOpening(ChatFamily family, EngineRequests.ToolChoice choice) {
        boolean harmony = family == ChatFamily.HARMONY;
        return switch (choice.mode()) {
            case "required" -> harmony ? "<|channel|>commentary to=functions."
                    : TextToolCalls.forcedOpening(family, null);
            case "function" -> harmony
                    ? "<|channel|>commentary to=functions." + choice.function() + " <|constrain|>json<|message|>"
                    : TextToolCalls.forcedOpening(family, choice.function());
            default -> "";
        };
    }

    /** The rendered conversation's tokens, followed by the forced opening's. */
    private int[] prompt(LoadedModel model, ObjectNode body, List<ToolSpec> tools, String prefill) {
        RenderOptions options = RenderOptions.DEFAULT;
        if (body.hasNonNull("reasoning_effort")) {
            options = options.withReasoningEffort(body.get("reasoning_effort").asString());
        }
        try {
            int[] prompt = model.prompt(EngineRequests.messages(body), tools, options);
            if (prefill.isEmpty()) {
                return prompt;
            }
            int[] forced = model.tokenizer().encode(prefill, false, true);
            int[] joined = Arrays.copyOf(prompt, prompt.length + forced.length);
            System.arraycopy(forced, 0, joined, prompt.length, forced.length);
            return joined;
        } catch (ToolsNotSupportedException e) {
            throw new BackendException(BackendException.Kind.REJECTED, "Model '" + id + "' cannot take tool calls "
                    + "or tool messages: " + e.getMessage(), "messages", "unsupported_value", e);
        } catch (ChatTemplateException e) {
            throw new BackendException(BackendException.Kind.REJECTED, "Model '" + id + "' cannot take this "
                    + "conversation: " + e.getMessage(), "messages", "invalid_value", e);
        }
    }

    /** The next piece of the generation, or its end when its time is up. */
    private Output step(Turn turn) {
        Generation generation = turn.generation();
        if (System.nanoTime() >= turn.stopAt()) {
            return generation.endNow();
        }
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
        private final HarmonyTurn harmony;
        private final TextAnswer text;
        private String textFinish;
        private final EngineResponses responses;
        private final Deque<ChatChunk> pending = new ArrayDeque<>();
        private final Turn turn;
        private boolean started;
        private boolean ended;

        EngineStream(Turn turn) {
            this.turn = turn;
            this.generation = turn.generation();
            this.harmony = turn.harmony();
            this.text = turn.text();
            this.responses = turn.responses();
        }

        @Override
        public Optional<ChatChunk> next() {
            if (pending.isEmpty() && !ended) {
                Output output = step(turn);
                if (!started) {
                    // The role arrives once the prompt has been run, so a failure there is still a plain HTTP error.
                    started = true;
                    ObjectNode role = EngineResponses.delta().put("role", "assistant").put("content", "");
                    pending.add(new ChatChunk(responses.chunk(role, null, null), null, null));
                }
                if (harmony != null) {
                    for (HarmonyDelta delta : harmony.accept(output)) {
                        pending.add(new ChatChunk(responses.chunk(HarmonyTurn.delta(delta), null, null), null, null));
                    }
                } else {
                    ArrayNode logprobs = null;
                    if (generation.logprobs()) {
                        logprobs = EngineResponses.newLogprobs();
                        responses.addLogprobs(logprobs, output.tokens());
                    }
                    TextAnswer.Piece piece = text.accept(output.text());
                    if (!piece.isEmpty() || logprobs != null && !logprobs.isEmpty()) {
                        pending.add(new ChatChunk(responses.chunk(delta(piece.reasoning(), piece.content()), logprobs,
                                null), null, null));
                    }
                    if (output.isLast()) {
                        finishText(output);
                    }
                }
                if (output.isLast()) {
                    ended = true;
                    String finish = harmony != null ? harmony.finishReason(output.finish())
                            : textFinish != null ? textFinish : output.finish().openAiName();
                    pending.add(new ChatChunk(responses.chunk(EngineResponses.delta(), null, finish), null, finish));
                    pending.add(new ChatChunk(responses.usageChunk(generation), usage(generation), null));
                }
            }
            return Optional.ofNullable(pending.poll());
        }

        private void finishText(Output output) {
            TextAnswer.End end = text.finish(output.finish());
            if (!end.reasoning().isEmpty() || !end.content().isEmpty()) {
                pending.add(new ChatChunk(responses.chunk(delta(end.reasoning(), end.content()), null, null), null,
                        null));
            }
            for (int i = 0; i < end.calls().size(); i++) {
                ObjectNode delta = EngineResponses.delta();
                delta.putArray("tool_calls").add(EngineResponses.toolCall(end.calls().get(i), i));
                pending.add(new ChatChunk(responses.chunk(delta, null, null), null, null));
            }
            if (!end.calls().isEmpty()) {
                textFinish = "tool_calls";
            }
        }

        /** A delta with the reasoning and content that are not empty (content even when empty, if nothing else). */
        private static ObjectNode delta(String reasoning, String content) {
            ObjectNode delta = EngineResponses.delta();
            if (!reasoning.isEmpty()) {
                delta.put("reasoning_content", reasoning);
            }
            if (!content.isEmpty() || reasoning.isEmpty()) {
                delta.put("content", content);
            }
            return delta;
        }

        @Override
        public void close() {
            generation.close();
        }
    }
}
