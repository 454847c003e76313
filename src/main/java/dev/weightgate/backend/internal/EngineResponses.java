package dev.weightgate.backend.internal;

import dev.weightgate.engine.chat.ToolCall;
import dev.weightgate.engine.generate.GeneratedToken;
import dev.weightgate.engine.generate.Generation;
import dev.weightgate.engine.sampling.TokenLogprob;
import dev.weightgate.engine.vocab.Tokenizer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes the embedded engine's output in OpenAI's wire format: {@code chat.completion} objects, {@code
 * chat.completion.chunk}s, usage and log-probabilities, the shapes the official SDKs parse.
 */
final class EngineResponses {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final String id;
    private final String model;
    private final long created;
    private final String fingerprint;
    private final Tokenizer tokenizer;

    EngineResponses(String requestId, String model, String fingerprint, Tokenizer tokenizer) {
        this.id = "chatcmpl-" + requestId;
        this.model = model;
        this.created = System.currentTimeMillis() / 1000;
        this.fingerprint = fingerprint;
        this.tokenizer = tokenizer;
    }

    ObjectNode completion(String content, ArrayNode logprobs, String finishReason, Generation generation) {
        ObjectNode message = JSON.objectNode();
        message.put("role", "assistant");
        message.put("content", content);
        message.putNull("refusal");
        return completion(message, logprobs, finishReason, generation);
    }

    ObjectNode completion(ObjectNode message, ArrayNode logprobs, String finishReason, Generation generation) {
        ObjectNode body = envelope("chat.completion");
        ObjectNode choice = body.putArray("choices").addObject();
        choice.put("index", 0);
        choice.set("message", message);
        putLogprobs(choice, logprobs);
        choice.put("finish_reason", finishReason);
        body.set("usage", usage(generation));
        return body;
    }

    /** A chunk of the only choice; {@code delta} is what it adds. */
    ObjectNode chunk(ObjectNode delta, ArrayNode logprobs, String finishReason) {
        ObjectNode body = envelope("chat.completion.chunk");
        ObjectNode choice = body.putArray("choices").addObject();
        choice.put("index", 0);
        choice.set("delta", delta);
        putLogprobs(choice, logprobs);
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        return body;
    }

    /** The last chunk of a stream: no choices, the usage. */
    ObjectNode usageChunk(Generation generation) {
        ObjectNode body = envelope("chat.completion.chunk");
        body.putArray("choices");
        body.set("usage", usage(generation));
        return body;
    }

    static ObjectNode delta() {
        return JSON.objectNode();
    }

    /**
     * An assistant message with text content, calls, or both (content is null when only calls were made), and the
     * reasoning that led to it when there was any.
     */
    static ObjectNode message(String reasoning, String content, List<ToolCall> calls) {
        ObjectNode message = JSON.objectNode();
        message.put("role", "assistant");
        if (!reasoning.isEmpty()) {
            message.put("reasoning_content", reasoning);
        }
        if (calls.isEmpty() || !content.isEmpty()) {
            message.put("content", content);
        } else {
            message.putNull("content");
        }
        if (!calls.isEmpty()) {
            ArrayNode toolCalls = message.putArray("tool_calls");
            for (ToolCall call : calls) {
                toolCalls.add(toolCall(call, -1));
            }
        }
        message.putNull("refusal");
        return message;
    }

    /** One element of {@code tool_calls}; {@code index} only in stream deltas (-1 leaves it out). */
    static ObjectNode toolCall(ToolCall call, int index) {
        ObjectNode node = JSON.objectNode();
        if (index >= 0) {
            node.put("index", index);
        }
        node.put("id", call.id());
        node.put("type", "function");
        node.putObject("function").put("name", call.name()).put("arguments", call.arguments());
        return node;
    }

    /** OpenAI's {@code logprobs.content} entries for these tokens, added to {@code into}. */
    void addLogprobs(ArrayNode into, List<GeneratedToken> tokens) {
        for (GeneratedToken token : tokens) {
            if (token.logprobs() == null) {
                continue;
            }
            ObjectNode entry = tokenEntry(token.bytes(), token.logprobs().chosen().logprob());
            ArrayNode top = entry.putArray("top_logprobs");
            for (TokenLogprob alternative : token.logprobs().top()) {
                top.add(tokenEntry(tokenizer.piece(alternative.token(), false), alternative.logprob()));
            }
            into.add(entry);
        }
    }

    static ArrayNode newLogprobs() {
        return JSON.arrayNode();
    }

    private static ObjectNode tokenEntry(byte[] bytes, double logprob) {
        ObjectNode entry = JSON.objectNode();
        entry.put("token", new String(bytes, StandardCharsets.UTF_8));
        entry.put("logprob", logprob);
        ArrayNode byteArray = entry.putArray("bytes");
        for (byte b : bytes) {
            byteArray.add(b & 0xff);
        }
        return entry;
    }

    private static void putLogprobs(ObjectNode choice, ArrayNode logprobs) {
        if (logprobs == null) {
            choice.putNull("logprobs");
        } else {
            ObjectNode node = choice.putObject("logprobs");
            node.set("content", logprobs);
            node.putNull("refusal");
        }
    }

    private ObjectNode envelope(String object) {
        ObjectNode body = JSON.objectNode();
        body.put("id", id);
        body.put("object", object);
        body.put("created", created);
        body.put("model", model);
        body.put("system_fingerprint", fingerprint);
        return body;
    }

    private static ObjectNode usage(Generation generation) {
        ObjectNode usage = JSON.objectNode();
        usage.put("prompt_tokens", generation.promptTokens());
        usage.put("completion_tokens", generation.completionTokens());
        usage.put("total_tokens", generation.promptTokens() + generation.completionTokens());
        usage.putObject("prompt_tokens_details").put("cached_tokens", generation.cachedTokens());
        return usage;
    }
}
