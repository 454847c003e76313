package dev.weightgate.api;

import dev.weightgate.backend.Usage;
import dev.weightgate.policy.Decision;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * What one request to a completion endpoint did, filled in as the pipeline goes and written exactly once at the end,
 * whatever the outcome. It is the seed of the audit record.
 */
final class CompletionRecord {

    enum Outcome { COMPLETED, FAILED, CLIENT_DISCONNECTED }

    final String requestId;
    final long startNanos = System.nanoTime();
    String clientAddress;
    UUID tenantId;
    UUID keyId;
    String subject;
    String model;
    String backend;
    Decision decision;
    String prompt;
    final Map<Integer, StringBuilder> completion = new TreeMap<>();
    /** Reasoning and tool calls per choice, kept apart from the content so the audit shows what was what. */
    final Map<Integer, StringBuilder> reasoning = new TreeMap<>();
    final Map<Integer, StringBuilder> toolCalls = new TreeMap<>();
    boolean stream;
    long firstChunkNanos;
    Outcome outcome = Outcome.FAILED;
    int status = 500;
    String errorCode;
    String finishReason;
    Usage usage;

    CompletionRecord(String requestId) {
        this.requestId = requestId;
    }

    void firstChunk() {
        if (firstChunkNanos == 0) {
            firstChunkNanos = System.nanoTime();
        }
    }

    void completed(Usage usage, String finishReason) {
        this.outcome = Outcome.COMPLETED;
        this.status = 200;
        this.usage = usage;
        this.finishReason = finishReason;
    }

    void failed(ApiException error) {
        this.outcome = Outcome.FAILED;
        this.status = error.status().value();
        this.errorCode = error.toError().error().code();
    }

    /** The usage charged to the caller's quotas, kept when the backend reported none. */
    void charged(Usage charged) {
        if (usage == null) {
            usage = charged;
        }
    }

    void clientDisconnected() {
        this.outcome = Outcome.CLIENT_DISCONNECTED;
        this.status = 499;
        this.errorCode = "client_disconnected";
    }

    /** Adds generated text of one choice, as it arrives. */
    void generated(int choice, String text) {
        if (text != null && !text.isEmpty()) {
            completion.computeIfAbsent(choice, i -> new StringBuilder()).append(text);
        }
    }

    /** Adds reasoning ({@code reasoning_content}) of one choice, as it arrives. */
    void reasoned(int choice, String text) {
        if (text != null && !text.isEmpty()) {
            reasoning.computeIfAbsent(choice, i -> new StringBuilder()).append(text);
        }
    }

    /** Adds tool calls of one choice (their JSON, or a stream's pieces of it), as they arrive. */
    void calledTools(int choice, String json) {
        toolCalls.computeIfAbsent(choice, i -> new StringBuilder()).append(json);
    }

    /**
     * Everything generated, choice after choice: the content alone when that is all there is, otherwise each part
     * labelled ({@code [reasoning]}, {@code [tool_calls]}).
     */
    String completionText() {
        java.util.SortedSet<Integer> choices = new java.util.TreeSet<>(completion.keySet());
        choices.addAll(reasoning.keySet());
        choices.addAll(toolCalls.keySet());
        if (choices.isEmpty()) {
            return null;
        }
        if (choices.size() == 1 && reasoning.isEmpty() && toolCalls.isEmpty()) {
            return completion.values().iterator().next().toString();
        }
        StringBuilder all = new StringBuilder();
        for (int index : choices) {
            if (choices.size() > 1) {
                all.append("[choice ").append(index).append("] ");
            }
            if (reasoning.containsKey(index)) {
                all.append("[reasoning] ").append(reasoning.get(index)).append('\n');
            }
            if (completion.containsKey(index)) {
                all.append(completion.get(index)).append('\n');
            }
            if (toolCalls.containsKey(index)) {
                all.append("[tool_calls] ").append(toolCalls.get(index)).append('\n');
            }
        }
        return all.toString();
    }

    long latencyMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    Long timeToFirstChunkMillis() {
        return firstChunkNanos == 0 ? null : (firstChunkNanos - startNanos) / 1_000_000;
    }
}
