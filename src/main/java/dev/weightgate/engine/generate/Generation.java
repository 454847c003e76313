package dev.weightgate.engine.generate;

import dev.weightgate.engine.model.Session;
import dev.weightgate.engine.sampling.Logprobs;
import dev.weightgate.engine.sampling.Sampler;
import dev.weightgate.engine.sampling.SamplingState;
import dev.weightgate.engine.vocab.StreamingDecoder;
import dev.weightgate.engine.vocab.Tokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * One request's generation on a slot, pulled step by step: each {@link #next()} samples tokens until there is text
 * to show or the generation ends. The caller decides the pace, so a streaming client that stops reading stops the
 * generation, and {@link #close()} gives the slot back at once, whether the generation finished or not.
 *
 * <p>The generation ends when the model emits an end-of-generation token ({@code stop}), a stop string appears
 * ({@code stop}: the text before it is returned, the rest dropped), {@code maxTokens} tokens were sampled, or the
 * context is full ({@code length}).
 */
public final class Generation implements AutoCloseable {

    private final Slots.Slot slot;
    private final Session session;
    private final Tokenizer tokenizer;
    private final Sampler sampler;
    private final SamplingState samplingState;
    private final GenerationParams params;
    private final IntPredicate endsTurn;
    private final StreamingDecoder decoder;
    private final StopStrings stops;
    private final int[] prompt;
    private int[] sequence;
    private int sequenceLength;
    private float[] logits;
    private int cachedTokens = -1;
    private int completionTokens;
    private long prefillNanos;
    private long decodeNanos;
    private FinishReason finish;
    private boolean closed;

    Generation(Slots.Slot slot, Tokenizer tokenizer, int[] prompt, GenerationParams params, IntPredicate endsTurn) {
        this.slot = slot;
        this.session = slot.session();
        this.tokenizer = tokenizer;
        this.sampler = Sampler.from(params.sampling());
        this.samplingState = SamplingState.create(params.sampling(), session.vocabSize());
        this.params = params;
        this.endsTurn = endsTurn;
        this.decoder = tokenizer.streamingDecoder(false);
        this.stops = new StopStrings(params.stop());
        this.prompt = prompt.clone();
        this.sequence = Arrays.copyOf(prompt, prompt.length + Math.min(params.maxTokens(), 256));
        this.sequenceLength = prompt.length;
    }

    /**
     * Produces the next piece of text: runs the prompt first (skipping the prefix the slot still holds), then
     * samples until some text can be shown or the generation ends.
     *
     * @throws IllegalStateException if the generation has ended or was closed
     */
    public Output next() {
        if (closed || finish != null) {
            throw new IllegalStateException(closed ? "the generation was closed" : "the generation has ended");
        }
        if (logits == null) {
            prefill();
        }
        List<GeneratedToken> tokens = new ArrayList<>();
        while (true) {
            int token = sampler.sample(logits, samplingState);
            Logprobs.Result logprobs = params.logprobs() ? Logprobs.of(logits, token, params.topLogprobs()) : null;
            samplingState.accept(token);
            completionTokens++;
            if (endsTurn.test(token)) {
                // Counted as generated, but like OpenAI we neither show the end-of-turn token nor its logprob.
                return end(FinishReason.STOP, tokens, stops.flush() + decoder.flush(), token);
            }
            tokens.add(new GeneratedToken(token, tokenizer.piece(token, false), logprobs));
            String text = stops.append(decoder.next(token));
            if (stops.stopped()) {
                return end(FinishReason.STOP, tokens, text);
            }
            if (completionTokens >= params.maxTokens() || session.length() >= session.contextLength()) {
                String tail = stops.append(decoder.flush());
                if (stops.stopped()) {
                    return end(FinishReason.STOP, tokens, text + tail);
                }
                return end(FinishReason.LENGTH, tokens, text + tail + stops.flush());
            }
            decode(token);
            if (!text.isEmpty()) {
                return new Output(text, tokens, null);
            }
        }
    }

    /**
     * Ends the generation now, as the token limit would ({@code length}): the text held for stop strings or an
     * unfinished character is released. For a caller that stops waiting (a time limit).
     */
    public Output endNow() {
        if (closed || finish != null) {
            throw new IllegalStateException(closed ? "the generation was closed" : "the generation has ended");
        }
        String tail = stops.append(decoder.flush());
        FinishReason reason = stops.stopped() ? FinishReason.STOP : FinishReason.LENGTH;
        return end(reason, List.of(), reason == FinishReason.STOP ? tail : tail + stops.flush());
    }

    /** Whether each token's log-probability is reported. */
    public boolean logprobs() {
        return params.logprobs();
    }

    /** Whether the generation has ended; {@link #next()} must not be called then. */
    public boolean finished() {
        return finish != null;
    }

    /** Why it ended, or {@code null} while it runs. */
    public FinishReason finishReason() {
        return finish;
    }

    public int promptTokens() {
        return prompt.length;
    }

    /** Prompt tokens whose KV entries were kept from the slot's previous request instead of being recomputed. */
    public int cachedTokens() {
        return Math.max(cachedTokens, 0);
    }

    /** Tokens sampled so far, an end-of-generation token included. */
    public int completionTokens() {
        return completionTokens;
    }

    public long prefillNanos() {
        return prefillNanos;
    }

    public long decodeNanos() {
        return decodeNanos;
    }

    /** The seed the sampler draws from: the request's, or the one chosen for it. */
    public long seed() {
        return samplingState.seed();
    }

    private void prefill() {
        long start = System.nanoTime();
        cachedTokens = slot.sharedPrefix(prompt);
        slot.forget();
        logits = session.forward(Arrays.copyOfRange(prompt, cachedTokens, prompt.length), cachedTokens);
        // llama.cpp's server lets the prompt count for the repetition penalties, and so do we.
        samplingState.acceptAll(prompt);
        prefillNanos = System.nanoTime() - start;
    }

    private void decode(int token) {
        long start = System.nanoTime();
        if (sequenceLength == sequence.length) {
            sequence = Arrays.copyOf(sequence, sequence.length * 2);
        }
        sequence[sequenceLength++] = token;
        logits = session.next(token);
        decodeNanos += System.nanoTime() - start;
    }

    private Output end(FinishReason reason, List<GeneratedToken> tokens, String text) {
        return end(reason, tokens, text, -1);
    }

    private Output end(FinishReason reason, List<GeneratedToken> tokens, String text, int endToken) {
        finish = reason;
        close();
        return new Output(text, tokens, reason, endToken);
    }

    /** Gives the slot back; the generation cannot continue afterwards. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (logits != null && session.length() == sequenceLength) {
            slot.remember(sequence, sequenceLength);
        }
        slot.close();
    }
}
