package dev.weightgate.engine.chat;

import java.util.Objects;

/**
 * A piece of a gpt-oss completion as {@link HarmonyParser} recognises it, ready for an OpenAI stream chunk: {@code
 * delta.reasoning_content}, {@code delta.content} or one element of {@code delta.tool_calls}.
 */
public sealed interface HarmonyDelta {

    /** Chain-of-thought text (the {@code analysis} channel). */
    record Reasoning(String text) implements HarmonyDelta {
        public Reasoning {
            Objects.requireNonNull(text);
        }
    }

    /** Answer text: the {@code final} channel, or a {@code commentary} preamble addressed to the user. */
    record Content(String text) implements HarmonyDelta {
        public Content {
            Objects.requireNonNull(text);
        }
    }

    /**
     * A whole tool call, emitted once its {@code <|call|>} arrived and its arguments parsed as JSON; calls are never
     * streamed in parts, so a malformed call is reported instead of half sent.
     *
     * @param index the call's position among this completion's calls (OpenAI's {@code tool_calls[].index})
     */
    record ToolCallDelta(int index, ToolCall call) implements HarmonyDelta {
        public ToolCallDelta {
            Objects.requireNonNull(call);
        }
    }
}
