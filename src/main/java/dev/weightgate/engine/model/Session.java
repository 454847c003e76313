package dev.weightgate.engine.model;

import dev.weightgate.engine.arch.ForwardPass;
import java.util.Objects;

/**
 * One sequence being evaluated: its KV cache and activations, on a shared {@link Model}. Not thread-safe (one
 * caller at a time); sessions are independent of each other.
 *
 * <p>Positions are 0-based. {@link #length()} positions are in the cache; {@code forward(tokens, startPos)} runs
 * {@code tokens} at positions {@code startPos ..}, where {@code startPos <= length()}: equal to continue, smaller
 * to rewind (the positions from {@code startPos} on are overwritten, e.g. to reuse a shared prompt prefix). Prompt
 * tokens go in one call (batched prefill); generated tokens one at a time (decode).
 */
public final class Session implements AutoCloseable {

    private final Model model;
    private final ForwardPass.State state;
    private int length;
    private boolean closed;

    Session(Model model, ForwardPass.State state) {
        this.model = model;
        this.state = state;
    }

    public Model model() {
        return model;
    }

    /** Positions currently in the cache. */
    public int length() {
        return length;
    }

    /** Positions the cache can hold. */
    public int contextLength() {
        return state.cache().contextLength();
    }

    /** Logits per position (the vocabulary size). */
    public int vocabSize() {
        return model.vocabSize();
    }

    /** Java heap the KV cache has allocated so far. */
    public long cacheBytes() {
        return state.cache().allocatedBytes();
    }

    /**
     * Runs {@code tokens} at positions {@code startPos ..} and returns the logits of the last one (a new array of
     * {@link #vocabSize()} floats).
     *
     * @throws IllegalArgumentException  if a token id is outside the vocabulary
     * @throws IndexOutOfBoundsException if {@code startPos > length()} or the tokens do not fit the context
     */
    public float[] forward(int[] tokens, int startPos) {
        return run(tokens, startPos, false);
    }

    /**
     * As {@link #forward}, but returns the logits of every token, row-major {@code [tokens.length][vocabSize]}
     * (prompt log-probabilities need them).
     */
    public float[] forwardAll(int[] tokens, int startPos) {
        return run(tokens, startPos, true);
    }

    /** Runs one token at position {@link #length()} and returns its logits. */
    public float[] next(int token) {
        return run(new int[] {token}, length, false);
    }

    /**
     * Whether {@code count} tokens can run from {@code startPos} (at most {@link #length()}): always, except that a
     * model with sliding-window layers (gpt-oss) keeps only their recent positions and cannot rewind far.
     */
    public boolean canResumeAt(int startPos, int count) {
        return startPos == 0 || model.forwardPass().canResume(state, startPos, count);
    }

    /** Forgets positions from {@code newLength} on. */
    public void truncate(int newLength) {
        Objects.checkIndex(newLength, length + 1);
        length = newLength;
    }

    private float[] run(int[] tokens, int startPos, boolean all) {
        if (closed) {
            throw new IllegalStateException("session is closed");
        }
        Objects.requireNonNull(tokens, "tokens");
        if (tokens.length == 0) {
            throw new IllegalArgumentException("no tokens to run");
        }
        if (startPos < 0 || startPos > length) {
            throw new IndexOutOfBoundsException("start position " + startPos + " must be within 0.." + length);
        }
        if ((long) startPos + tokens.length > contextLength()) {
            throw new IndexOutOfBoundsException(tokens.length + " tokens from position " + startPos
                    + " do not fit the context of " + contextLength());
        }
        length = startPos; // the positions from startPos on are replaced, even if the forward pass fails midway
        float[] logits = model.forwardPass().forward(state, tokens, startPos, all);
        length = startPos + tokens.length;
        return logits;
    }

    /** Drops the session's state; later calls fail. */
    @Override
    public void close() {
        closed = true;
    }
}
