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

    /** Everything generated, choice after choice. */
    String completionText() {
        if (completion.isEmpty()) {
            return null;
        }
        if (completion.size() == 1) {
            return completion.values().iterator().next().toString();
        }
        StringBuilder all = new StringBuilder();
        completion.forEach((index, text) -> all.append("[choice ").append(index).append("] ").append(text).append('\n'));
        return all.toString();
    }

    long latencyMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    Long timeToFirstChunkMillis() {
        return firstChunkNanos == 0 ? null : (firstChunkNanos - startNanos) / 1_000_000;
    }
}
