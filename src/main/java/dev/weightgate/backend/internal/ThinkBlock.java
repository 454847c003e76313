package dev.weightgate.backend.internal;

import dev.weightgate.engine.generate.StopStrings;

/**
 * Qwen 3's reasoning, written as {@code <think>...</think>} at the start of its answer, split from the answer the way
 * llama.cpp's server and vLLM do, so that clients get it as {@code reasoning_content} and the content stays the answer.
 * Text that does not start with {@code <think>} is all content.
 */
final class ThinkBlock {

    private static final String OPEN = "<think>";
    private static final String CLOSE = "</think>";

    private final StringBuilder held = new StringBuilder();
    private State state = State.UNDECIDED;
    private boolean textSeen;

    private enum State { UNDECIDED, THINKING, ANSWERING }

    /** The reasoning and the content a piece of generated text adds. */
    record Split(String reasoning, String content) {
    }

    Split accept(String text) {
        held.append(text);
        StringBuilder reasoning = new StringBuilder();
        StringBuilder content = new StringBuilder();
        while (true) {
            switch (state) {
                case UNDECIDED -> {
                    String start = held.toString().stripLeading();
                    if (start.length() < OPEN.length() && OPEN.startsWith(start)) {
                        return new Split("", ""); // could still become <think>
                    }
                    if (start.startsWith(OPEN)) {
                        held.delete(0, held.indexOf(OPEN) + OPEN.length());
                        state = State.THINKING;
                        textSeen = false;
                    } else {
                        state = State.ANSWERING;
                        textSeen = true; // no reasoning: the answer is kept exactly as written
                    }
                }
                case THINKING -> {
                    if (!textSeen) {
                        skipLeadingNewlines();
                        if (held.isEmpty()) {
                            return new Split(reasoning.toString(), content.toString());
                        }
                        textSeen = true;
                    }
                    int close = held.indexOf(CLOSE);
                    if (close < 0) {
                        int keep = StopStrings.heldBack(held, CLOSE);
                        reasoning.append(held, 0, held.length() - keep);
                        held.delete(0, held.length() - keep);
                        return new Split(reasoning.toString(), content.toString());
                    }
                    reasoning.append(held, 0, close);
                    held.delete(0, close + CLOSE.length());
                    state = State.ANSWERING;
                    textSeen = false;
                }
                case ANSWERING -> {
                    // The template separates reasoning and answer with blank lines; they are neither.
                    if (!textSeen) {
                        skipLeadingNewlines();
                        if (held.isEmpty()) {
                            return new Split(reasoning.toString(), content.toString());
                        }
                        textSeen = true;
                    }
                    content.append(held);
                    held.setLength(0);
                    return new Split(reasoning.toString(), content.toString());
                }
            }
        }
    }

    /** The answer ended: whatever was held back, as what it was going to be. */
    Split finish() {
        String rest = held.toString();
        held.setLength(0);
        return state == State.THINKING ? new Split(rest, "") : new Split("", rest);
    }

    private void skipLeadingNewlines() {
        while (!held.isEmpty() && held.charAt(0) == '\n') {
            held.deleteCharAt(0);
        }
    }
}
