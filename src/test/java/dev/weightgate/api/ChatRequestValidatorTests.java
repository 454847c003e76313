package dev.weightgate.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weightgate.backend.ChatRequest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** What the API accepts, beside what it refuses; the refusals over HTTP are in {@link GatewayApiTests}. */
class ChatRequestValidatorTests {

    final ChatRequestValidator validator = new ChatRequestValidator();
    final JsonMapper json = JsonMapper.builder().build();

    ChatRequest validate(String body) {
        return validator.validate("req_1", (ObjectNode) json.readTree(body));
    }

    @Nested
    class Accepts {

        @Test
        void everyParameterOpenAiDefinesWithAValidValue() {
            ChatRequest request = validate("""
                    {"model":"m","messages":[{"role":"system","content":"be brief"},{"role":"user","content":"hi"}],
                     "stream":true,"stream_options":{"include_usage":true},"max_tokens":10,"max_completion_tokens":10,
                     "temperature":0.7,"top_p":0.9,"n":1,"stop":["\\n","END"],"presence_penalty":-1.5,
                     "frequency_penalty":1,"logit_bias":{"42":-100},"logprobs":true,"top_logprobs":5,"seed":-3,
                     "user":"u-1","response_format":{"type":"json_object"},"tools":[],"tool_choice":"auto",
                     "parallel_tool_calls":false,"reasoning_effort":"low","metadata":{"k":"v"},"store":false,
                     "service_tier":"auto","modalities":["text"],"prompt_cache_key":"c","safety_identifier":"s",
                     "verbosity":"low","top_k":40,"min_p":0.05,"repetition_penalty":1.1}""");
            assertThat(request.model()).isEqualTo("m");
            assertThat(request.stream()).isTrue();
            assertThat(request.includeUsage()).isTrue();
        }

        @Test
        void nullForAnOptionalParameter() {
            assertThat(validate("""
                    {"model":"m","messages":[{"role":"user","content":"hi"}],"temperature":null,"stop":null}""")
                    .stream()).isFalse();
        }

        @Test
        void anAssistantTurnWithToolCallsAndNoContent() {
            validate("""
                    {"model":"m","messages":[{"role":"user","content":"weather?"},
                     {"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function",
                      "function":{"name":"weather","arguments":"{}"}}]},
                     {"role":"tool","tool_call_id":"c1","content":"sunny"}]}""");
        }

        @Test
        void contentAsAnArrayOfParts() {
            validate("""
                    {"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"hi"}]}]}""");
        }

        @Test
        void aStreamWithoutUsage() {
            assertThat(validate("""
                    {"model":"m","stream":true,"messages":[{"role":"user","content":"hi"}]}""").includeUsage()).isFalse();
        }
    }

    @Nested
    class Refuses {

        @Test
        void anAssistantTurnWithNeitherContentNorToolCalls() {
            assertThatThrownBy(() -> validate("""
                    {"model":"m","messages":[{"role":"assistant"}]}"""))
                    .isInstanceOfSatisfying(ApiException.class,
                            e -> assertThat(e.toError().error().param()).isEqualTo("messages[0].content"));
        }

        @Test
        void anUnknownStreamOption() {
            assertThatThrownBy(() -> validate("""
                    {"model":"m","stream":true,"stream_options":{"include_everything":true},
                     "messages":[{"role":"user","content":"hi"}]}"""))
                    .isInstanceOfSatisfying(ApiException.class,
                            e -> assertThat(e.toError().error().code()).isEqualTo("unknown_parameter"));
        }

        @Test
        void moreThanFourStopSequences() {
            assertThatThrownBy(() -> validate("""
                    {"model":"m","stop":["a","b","c","d","e"],"messages":[{"role":"user","content":"hi"}]}"""))
                    .isInstanceOfSatisfying(ApiException.class,
                            e -> assertThat(e.toError().error().param()).isEqualTo("stop"));
        }

        @Test
        void aDecimalWhereAnIntegerIsExpected() {
            assertThatThrownBy(() -> validate("""
                    {"model":"m","max_tokens":1.5,"messages":[{"role":"user","content":"hi"}]}"""))
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getMessage())
                            .isEqualTo("Invalid type for 'max_tokens': expected an integer, but got a decimal instead."));
        }

        @Test
        void aZeroTokenLimit() {
            assertThatThrownBy(() -> validate("""
                    {"model":"m","max_tokens":0,"messages":[{"role":"user","content":"hi"}]}"""))
                    .isInstanceOfSatisfying(ApiException.class,
                            e -> assertThat(e.toError().error().code()).isEqualTo("invalid_value"));
        }
    }
}
