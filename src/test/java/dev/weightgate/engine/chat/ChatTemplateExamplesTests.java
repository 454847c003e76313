package dev.weightgate.engine.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A few renderings spelled out, for reading: each string is also in {@code goldens.json}, rendered there by Jinja2
 * from the reference template of {@code templates/}.
 */
class ChatTemplateExamplesTests {

    private static ChatTemplate template(ChatFamily family, String bos, String eos) {
        return ChatTemplates.create(family, bos, eos, ChatTemplateGoldenTests.GOLDEN_CLOCK);
    }

    @Test
    void llama31AlwaysOpensWithTheDatedSystemHeader() {
        assertThat(template(ChatFamily.LLAMA_3_1, "<|begin_of_text|>", "<|eot_id|>")
                .render(List.of(ChatMessage.user("Hello!")), true)).isEqualTo("<|begin_of_text|>"
                        + "<|start_header_id|>system<|end_header_id|>\n\n"
                        + "Cutting Knowledge Date: December 2023\nToday Date: 26 Jul 2024\n\n<|eot_id|>"
                        + "<|start_header_id|>user<|end_header_id|>\n\nHello!<|eot_id|>"
                        + "<|start_header_id|>assistant<|end_header_id|>\n\n");
    }

    @Test
    void qwen25AddsItsDefaultSystemMessage() {
        assertThat(template(ChatFamily.QWEN2_5, "", "<|im_end|>").render(List.of(ChatMessage.user("Hello!")), true))
                .isEqualTo("<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful "
                        + "assistant.<|im_end|>\n<|im_start|>user\nHello!<|im_end|>\n<|im_start|>assistant\n");
    }

    @Test
    void qwen3WithThinkingDisabledOpensAnEmptyThinkBlock() {
        assertThat(template(ChatFamily.QWEN3, "", "<|im_end|>").render(List.of(ChatMessage.user("Hello!")), true,
                List.of(), RenderOptions.DEFAULT.withEnableThinking(false)))
                .isEqualTo("<|im_start|>user\nHello!<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\n");
    }

    @Test
    void qwen3DropsTheReasoningOfEarlierTurns() {
        List<ChatMessage> messages = List.of(ChatMessage.user("Hi"),
                ChatMessage.assistant("<think>\nThe user greets me.\n</think>\n\nHello!"),
                ChatMessage.user("What is 2+2?"), ChatMessage.assistant("<think>\nSimple sum.\n</think>\n\n4"));
        assertThat(template(ChatFamily.QWEN3, "", "<|im_end|>").render(messages, false))
                .isEqualTo("<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\nHello!<|im_end|>\n"
                        + "<|im_start|>user\nWhat is 2+2?<|im_end|>\n"
                        + "<|im_start|>assistant\n<think>\nSimple sum.\n</think>\n\n4<|im_end|>\n");
    }

    @Test
    void mistralV3PutsTheSystemMessageBeforeTheLastUserMessage() {
        List<ChatMessage> messages = List.of(ChatMessage.system("You are a helpful assistant.\n"),
                ChatMessage.user("What is the capital of France? "),
                ChatMessage.assistant("  The capital of France is Paris.\n"), ChatMessage.user("And of Italy?"));
        assertThat(template(ChatFamily.MISTRAL_V3, "<s>", "</s>").render(messages, true))
                .isEqualTo("<s>[INST] What is the capital of France? [/INST] The capital of France is Paris.</s>"
                        + "[INST] You are a helpful assistant.\n\n\nAnd of Italy?[/INST]");
    }

    @Test
    void llama2WrapsTheSystemMessageInTheFirstTurnAndRefusesBrokenAlternation() {
        ChatTemplate llama2 = template(ChatFamily.LLAMA_2, "<s>", "</s>");
        List<ChatMessage> messages = List.of(ChatMessage.system("You are a helpful assistant.\n"),
                ChatMessage.user("What is the capital of France? "),
                ChatMessage.assistant("  The capital of France is Paris.\n"), ChatMessage.user("And of Italy?"));
        assertThat(llama2.render(messages, false)).isEqualTo("<s>[INST] <<SYS>>\nYou are a helpful assistant.\n\n"
                + "<</SYS>>\n\nWhat is the capital of France? [/INST] The capital of France is Paris. </s>"
                + "<s>[INST] And of Italy? [/INST]");
        assertThatThrownBy(() -> llama2.render(List.of(ChatMessage.user("a"), ChatMessage.user("b")), true))
                .isInstanceOf(ChatTemplateException.class)
                .hasMessage("Conversation roles must alternate user/assistant/user/assistant/...");
    }

    @Test
    void qwen25RendersToolCallsAndResultsHermesStyle() {
        List<ChatMessage> messages = List.of(ChatMessage.user("Weather in Paris?"),
                ChatMessage.assistant(null, List.of(new ToolCall("c1", "get_weather", "{\"city\":\"Paris\"}"))),
                ChatMessage.tool("c1", "21 degrees"));
        List<ToolSpec> tools = List.of(ToolSpec.function("get_weather", "Weather", null));
        assertThat(template(ChatFamily.QWEN2_5, "", "<|im_end|>").render(messages, true, tools))
                .isEqualTo("<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful "
                        + "assistant.\n\n# Tools\n\nYou may call one or more functions to assist with the user query."
                        + "\n\nYou are provided with function signatures within <tools></tools> XML tags:\n<tools>\n"
                        + "{\"type\": \"function\", \"function\": {\"name\": \"get_weather\", \"description\": "
                        + "\"Weather\"}}\n</tools>\n\nFor each function call, return a json object with function "
                        + "name and arguments within <tool_call></tool_call> XML tags:\n<tool_call>\n{\"name\": "
                        + "<function-name>, \"arguments\": <args-json-object>}\n</tool_call><|im_end|>\n"
                        + "<|im_start|>user\nWeather in Paris?<|im_end|>\n"
                        + "<|im_start|>assistant\n<tool_call>\n{\"name\": \"get_weather\", \"arguments\": "
                        + "{\"city\": \"Paris\"}}\n</tool_call><|im_end|>\n"
                        + "<|im_start|>user\n<tool_response>\n21 degrees\n</tool_response><|im_end|>\n"
                        + "<|im_start|>assistant\n");
    }
}
