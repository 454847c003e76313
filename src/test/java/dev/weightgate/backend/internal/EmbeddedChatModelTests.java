package dev.weightgate.backend.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.messages.AssistantMessage;
import tools.jackson.databind.json.JsonMapper;

class EmbeddedChatModelTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void anAnswersToolCallsAndReasoningReachSpringAi() {
        AssistantMessage message = EmbeddedChatModel.assistantMessage(JSON.readTree("""
                {"role":"assistant","content":null,"reasoning_content":"They want the weather.",
                 "tool_calls":[{"id":"call_1","type":"function",
                                "function":{"name":"get_weather","arguments":"{\\"location\\":\\"Paris\\"}"}}]}"""));

        assertThat(message.getToolCalls()).containsExactly(
                new AssistantMessage.ToolCall("call_1", "function", "get_weather", "{\"location\":\"Paris\"}"));
        assertThat(message.getText()).isEmpty();
        assertThat(message.getMetadata()).containsEntry("reasoningContent", "They want the weather.");
    }

    @Test
    void aPlainAnswerHasTextAndNoToolCalls() {
        AssistantMessage message = EmbeddedChatModel.assistantMessage(JSON.readTree("""
                {"role":"assistant","content":"Sunny."}"""));

        assertThat(message.getText()).isEqualTo("Sunny.");
        assertThat(message.hasToolCalls()).isFalse();
        assertThat(message.getMetadata()).doesNotContainKey("reasoningContent");
    }
}
