package dev.weightgate.backend.internal;

import dev.weightgate.backend.BackendException;
import dev.weightgate.engine.chat.HarmonyDelta;
import dev.weightgate.engine.chat.HarmonyFormatException;
import dev.weightgate.engine.chat.HarmonyParser;
import dev.weightgate.engine.chat.HarmonyToken;
import dev.weightgate.engine.chat.ToolCall;
import dev.weightgate.engine.generate.FinishReason;
import dev.weightgate.engine.generate.GeneratedToken;
import dev.weightgate.engine.generate.Output;
import dev.weightgate.engine.vocab.StreamingDecoder;
import dev.weightgate.engine.vocab.Tokenizer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * One gpt-oss answer read channel by channel: the model writes harmony messages ({@code analysis} reasoning, {@code
 * final} content, {@code commentary} calls to functions) and the client gets OpenAI's {@code reasoning_content},
 * {@code content} and {@code tool_calls}. Output that breaks the format fails the request; nothing half-parsed is
 * passed on.
 */
final class HarmonyTurn {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final HarmonyParser parser;
    private final StreamingDecoder decoder;
    private final Set<Integer> markers = new HashSet<>();
    private final StringBuilder reasoning = new StringBuilder();
    private final StringBuilder content = new StringBuilder();
    private final List<ToolCall> calls = new ArrayList<>();

    /**
     * @param functions the declared function names; a call to any other is malformed output
     * @param prefill   harmony text the prompt already wrote into the answer (a forced tool call's header)
     */
    HarmonyTurn(Tokenizer tokenizer, Collection<String> functions, String prefill) {
        var ids = HarmonyToken.idsIn(tokenizer.vocabulary());
        markers.addAll(ids.values());
        this.parser = new HarmonyParser(ids, functions, null, true);
        this.decoder = tokenizer.streamingDecoder(false);
        if (!prefill.isEmpty()) {
            guard(() -> parser.feed(prefill));
        }
    }

    /** The deltas one step of generation completed, in order. */
    List<HarmonyDelta> accept(Output output) {
        List<HarmonyDelta> deltas = new ArrayList<>();
        for (GeneratedToken token : output.tokens()) {
            if (markers.contains(token.id()) && decoder.hasPendingBytes()) {
                // Bytes of a character the marker cut short belong to the message the marker ends.
                String rest = decoder.flush();
                deltas.addAll(guard(() -> parser.text(rest)));
            }
            String text = markers.contains(token.id()) ? "" : decoder.next(token.id());
            deltas.addAll(guard(() -> parser.accept(token.id(), text)));
        }
        if (output.endToken() >= 0 && decoder.hasPendingBytes()) {
            String rest = decoder.flush();
            deltas.addAll(guard(() -> parser.text(rest)));
        }
        if (output.endToken() >= 0) {
            deltas.addAll(guard(() -> parser.accept(output.endToken(), "")));
        }
        for (HarmonyDelta delta : deltas) {
            switch (delta) {
                case HarmonyDelta.Reasoning r -> reasoning.append(r.text());
                case HarmonyDelta.Content c -> content.append(c.text());
                case HarmonyDelta.ToolCallDelta call -> calls.add(call.call());
            }
        }
        return deltas;
    }

    /** OpenAI's finish reason for how the answer ended. */
    String finishReason(FinishReason engineFinish) {
        HarmonyParser.Outcome outcome = parser.outcome();
        if (outcome.stop() == HarmonyParser.Stop.CALL) {
            return "tool_calls";
        }
        return engineFinish.openAiName();
    }

    /** The assistant message of a whole (non-streamed) answer. */
    ObjectNode message() {
        return EngineResponses.message(reasoning.toString(), content.toString(), calls);
    }

    /** The stream delta for one parsed piece. */
    static ObjectNode delta(HarmonyDelta delta) {
        ObjectNode node = JSON.objectNode();
        switch (delta) {
            case HarmonyDelta.Reasoning r -> node.put("reasoning_content", r.text());
            case HarmonyDelta.Content c -> node.put("content", c.text());
            case HarmonyDelta.ToolCallDelta call -> node.putArray("tool_calls").add(EngineResponses.toolCall(call.call(), call.index()));
        }
        return node;
    }

    private static <T> T guard(java.util.function.Supplier<T> step) {
        try {
            return step.get();
        } catch (HarmonyFormatException e) {
            throw new BackendException(BackendException.Kind.FAILED, "The model's output broke the harmony format: "
                    + e.getMessage(), null, "malformed_model_output", e);
        }
    }
}
