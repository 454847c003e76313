package dev.weightgate.backend.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weightgate.engine.chat.ChatFamily;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextAnswerTests {

    /** Feeds the text in pieces of {@code step} characters and answers everything it produced, in order. */
    static TextAnswer.End run(TextAnswer answer, String text, int step) {
        StringBuilder reasoning = new StringBuilder();
        StringBuilder content = new StringBuilder();
        for (int i = 0; i < text.length(); i += step) {
            TextAnswer.Piece piece = answer.accept(text.substring(i, Math.min(text.length(), i + step)));
            reasoning.append(piece.reasoning());
            content.append(piece.content());
        }
        TextAnswer.End end = answer.finish(dev.weightgate.engine.generate.FinishReason.STOP);
        return new TextAnswer.End(reasoning + end.reasoning(), content + end.content(), end.calls());
    }

    @Test
    void qwen3sThinkBlockIsReasoningAndTheRestIsTheAnswer() {
        for (int step : new int[] {1, 2, 5, 1000}) {
            TextAnswer.End end = run(new TextAnswer(ChatFamily.QWEN3, List.of(), ""),
                    "<think>\nThe user greets me.\n</think>\n\nHello!", step);
            assertThat(end.reasoning()).as("step %d", step).isEqualTo("The user greets me.\n");
            assertThat(end.content()).as("step %d", step).isEqualTo("Hello!");
        }
    }

    @Test
    void anAnswerWithoutAThinkBlockIsKeptExactly() {
        for (int step : new int[] {1, 3, 1000}) {
            TextAnswer.End end = run(new TextAnswer(ChatFamily.QWEN3, List.of(), ""), "\n<thin ice> is 1 < 2", step);
            assertThat(end.reasoning()).isEmpty();
            assertThat(end.content()).isEqualTo("\n<thin ice> is 1 < 2");
        }
    }

    @Test
    void aThinkBlockCutShortByTheTokenLimitIsAllReasoning() {
        TextAnswer.End end = run(new TextAnswer(ChatFamily.QWEN3, List.of(), ""), "<think>Let me see... </thi", 3);
        assertThat(end.reasoning()).isEqualTo("Let me see... </thi");
        assertThat(end.content()).isEmpty();
    }

    @Test
    void reasoningThenAToolCall() {
        TextAnswer.End end = run(new TextAnswer(ChatFamily.QWEN3, List.of("get_weather"), ""),
                "<think>Need the weather.</think>\n\n<tool_call>\n{\"name\": \"get_weather\", \"arguments\": "
                        + "{\"city\": \"Lima\"}}\n</tool_call>", 4);
        assertThat(end.reasoning()).isEqualTo("Need the weather.");
        assertThat(end.content()).isEmpty();
        assertThat(end.calls()).singleElement().satisfies(c -> assertThat(c.name()).isEqualTo("get_weather"));
    }

    @Test
    void otherFamiliesPassTheirTextThrough() {
        TextAnswer.End end = run(new TextAnswer(ChatFamily.LLAMA_3, List.of(), ""), "<think>not special here</think>", 4);
        assertThat(end.reasoning()).isEmpty();
        assertThat(end.content()).isEqualTo("<think>not special here</think>");
    }
}
