package dev.weightgate.backend.internal;

import dev.weightgate.engine.chat.ChatFamily;
import dev.weightgate.engine.chat.ToolCall;
import dev.weightgate.engine.generate.FinishReason;
import java.util.Collection;
import java.util.List;

/**
 * The answer of a model that writes everything as text (every family but harmony), read in order: Qwen 3's {@code
 * <think>} block becomes reasoning, then tool calls written as text are picked out when tools were offered, and the
 * rest is content.
 */
final class TextAnswer {

    private final ThinkBlock think;
    private final TextToolCalls calls;

    /**
     * @param functions the offered functions' names; empty when no tools were offered (or {@code tool_choice} none)
     * @param prefill   text the prompt already wrote into the answer (a forced call's opening)
     */
    TextAnswer(ChatFamily family, Collection<String> functions, String prefill) {
        this.think = family == ChatFamily.QWEN3 && prefill.isEmpty() ? new ThinkBlock() : null;
        this.calls = functions.isEmpty() ? null : new TextToolCalls(family, functions, prefill);
    }

    /** What one step of generated text adds. */
    record Piece(String reasoning, String content) {
        boolean isEmpty() {
            return reasoning.isEmpty() && content.isEmpty();
        }
    }

    /** The rest of the answer once generation ended, and the calls it made. */
    record End(String reasoning, String content, List<ToolCall> calls) {
    }

    Piece accept(String text) {
        ThinkBlock.Split split = think != null ? think.accept(text) : new ThinkBlock.Split("", text);
        String content = calls != null ? calls.accept(split.content()) : split.content();
        return new Piece(split.reasoning(), content);
    }

    /** @param reason why generation ended: a call cut off by the token limit is content, not a malformed call */
    End finish(FinishReason reason) {
        ThinkBlock.Split split = think != null ? think.finish() : new ThinkBlock.Split("", "");
        if (calls == null) {
            return new End(split.reasoning(), split.content(), List.of());
        }
        String content = calls.accept(split.content());
        TextToolCalls.Result result = calls.finish(reason == FinishReason.LENGTH);
        return new End(split.reasoning(), content + result.content(), result.calls());
    }
}
