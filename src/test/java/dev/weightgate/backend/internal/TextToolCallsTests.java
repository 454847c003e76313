package dev.weightgate.backend.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weightgate.backend.BackendException;
import dev.weightgate.engine.chat.ChatFamily;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextToolCallsTests {

    /** Feeds the text in pieces of {@code step} characters; answers the content released along the way. */
    static String feed(TextToolCalls calls, String text, int step) {
        StringBuilder released = new StringBuilder();
        for (int i = 0; i < text.length(); i += step) {
            released.append(calls.accept(text.substring(i, Math.min(text.length(), i + step))));
        }
        return released.toString();
    }

    @Test
    void qwenStreamsTheTextBeforeACallAndParsesTheTaggedCalls() {
        for (int step : new int[] {1, 4, 1000}) {
            TextToolCalls calls = new TextToolCalls(ChatFamily.QWEN3, List.of("get_weather", "get_time"), "");
            String released = feed(calls, "Let me check.\n<tool_call>\n{\"name\": \"get_weather\", \"arguments\": "
                    + "{\"city\": \"Paris\"}}\n</tool_call>\n<tool_call>\n{\"name\": \"get_time\", \"arguments\": {}}"
                    + "\n</tool_call>", step);
            assertThat(released).isEqualTo("Let me check.\n");
            TextToolCalls.Result result = calls.finish(false);
            assertThat(result.content()).isEmpty();
            assertThat(result.calls()).extracting(c -> c.name()).containsExactly("get_weather", "get_time");
            assertThat(result.calls().getFirst().arguments()).isEqualTo("{\"city\":\"Paris\"}");
            assertThat(result.calls().getFirst().id()).startsWith("call_").hasSize(29);
        }
    }

    @Test
    void qwenTextWithoutACallIsAllContentEvenIfItEndsLikeTheStartOfATag() {
        TextToolCalls calls = new TextToolCalls(ChatFamily.QWEN2_5, List.of("f"), "");
        String released = feed(calls, "a < b and <tool", 3);
        assertThat(released + calls.finish(false).content()).isEqualTo("a < b and <tool");
        assertThat(calls.finish(false).calls()).isEmpty();
    }

    @Test
    void aBrokenOrUndeclaredQwenCallFailsTheRequest() {
        for (String text : List.of("<tool_call>\n{\"name\": \"f\", \"arguments\": {\"x\": </tool_call>",
                "<tool_call>\n{\"name\": \"rm_rf\", \"arguments\": {}}\n</tool_call>")) {
            TextToolCalls calls = new TextToolCalls(ChatFamily.QWEN3, List.of("f"), "");
            feed(calls, text, 5);
            assertThatThrownBy(() -> calls.finish(false)).isInstanceOfSatisfying(BackendException.class,
                    e -> assertThat(e.code()).isEqualTo("malformed_model_output"));
        }
    }

    @Test
    void llamaAnswersACallWithBareJsonAndOtherwiseWithContent() {
        TextToolCalls call = new TextToolCalls(ChatFamily.LLAMA_3_1, List.of("get_weather"), "");
        assertThat(feed(call, " {\"name\": \"get_weather\", \"parameters\": {\"city\": \"Oslo\"}}", 3)).isEmpty();
        assertThat(call.finish(false).calls()).singleElement()
                .satisfies(c -> assertThat(c.arguments()).isEqualTo("{\"city\":\"Oslo\"}"));

        TextToolCalls text = new TextToolCalls(ChatFamily.LLAMA_3_2, List.of("get_weather"), "");
        assertThat(feed(text, "It is sunny.", 2)).isEqualTo("It is sunny.");
        assertThat(text.finish(false).calls()).isEmpty();

        TextToolCalls braces = new TextToolCalls(ChatFamily.LLAMA_3_1, List.of("get_weather"), "");
        feed(braces, "{not a call}", 4);
        TextToolCalls.Result result = braces.finish(false);
        assertThat(result.calls()).isEmpty();
        assertThat(result.content()).isEqualTo("{not a call}");
    }

    @Test
    void aForcedCallStartsWithThePrefilledOpening() {
        String opening = TextToolCalls.forcedOpening(ChatFamily.QWEN3, "get_weather");
        assertThat(opening).isEqualTo("<tool_call>\n{\"name\": \"get_weather\", \"arguments\": ");
        TextToolCalls calls = new TextToolCalls(ChatFamily.QWEN3, List.of("get_weather"), opening);
        assertThat(feed(calls, "{\"city\": \"Rome\"}}\n</tool_call>", 4)).isEmpty();
        assertThat(calls.finish(false).calls()).singleElement()
                .satisfies(c -> assertThat(c.name()).isEqualTo("get_weather"));
        assertThat(TextToolCalls.forcedOpening(ChatFamily.LLAMA_3_1, "f")).isEqualTo("{\"name\": \"f\", \"parameters\": ");
    }

    @Test
    void aCallCutOffByTheTokenLimitIsContentNotAMalformedCall() {
        TextToolCalls calls = new TextToolCalls(ChatFamily.QWEN3, List.of("f"), "");
        String released = feed(calls, "Sure.<tool_call>\n{\"name\": \"f\", \"arguments\": {\"x\": \"lo", 3);
        TextToolCalls.Result result = calls.finish(true);
        assertThat(result.calls()).isEmpty();
        assertThat(released + result.content()).isEqualTo("Sure.<tool_call>\n{\"name\": \"f\", \"arguments\": {\"x\": \"lo");

        TextToolCalls oneDone = new TextToolCalls(ChatFamily.QWEN3, List.of("f"), "");
        feed(oneDone, "<tool_call>{\"name\": \"f\", \"arguments\": {}}</tool_call><tool_call>{\"na", 7);
        TextToolCalls.Result partly = oneDone.finish(true);
        assertThat(partly.calls()).hasSize(1);
        assertThat(partly.content()).isEqualTo("<tool_call>{\"na");
    }
}
