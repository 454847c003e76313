package dev.weightgate.engine.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The harmony renderer against three references: the gpt-oss Jinja template (rendered by {@code
 * render_harmony_goldens.py}) where it agrees with harmony, and otherwise OpenAI's harmony guide ({@code
 * openai/harmony: docs/format.md}) and the harmony library's test data ({@code test-data/*.txt}, produced by its
 * Rust renderer), quoted here.
 */
class HarmonyTemplateTests {

    private static final ChatTemplate HARMONY = ChatTemplates.create(ChatFamily.HARMONY, "<|startoftext|>",
            "<|return|>", ChatTemplateGoldenTests.GOLDEN_CLOCK);

    private static final String SYSTEM_2025_06_28_HIGH_WITH_TOOLS = """
            <|start|>system<|message|>You are ChatGPT, a large language model trained by OpenAI.
            Knowledge cutoff: 2024-06
            Current date: 2025-06-28

            Reasoning: high

            # Valid channels: analysis, commentary, final. Channel must be included for every message.
            Calls to these tools must go to the commentary channel: 'functions'.<|end|>""";

    private static final String WEATHER_FUNCTIONS = """
            # Tools

            ## functions

            namespace functions {

            // Gets the location of the user.
            type get_location = () => any;

            // Gets the current weather in the provided location.
            type get_current_weather = (_: {
            // The city and state, e.g. San Francisco, CA
            location: string,
            format?: "celsius" | "fahrenheit", // default: celsius
            }) => any;

            // Gets the current weather in the provided list of locations.
            type get_multiple_weathers = (_: {
            // List of city and state, e.g. ["San Francisco, CA", "New York, NY"]
            locations: string[],
            format?: "celsius" | "fahrenheit", // default: celsius
            }) => any;
            """;

    private static final List<ToolSpec> WEATHER_TOOLS = List.of(
            ToolSpec.function("get_location", "Gets the location of the user.", null),
            ToolSpec.function("get_current_weather", "Gets the current weather in the provided location.", """
                    {"type": "object", "properties": {
                      "location": {"type": "string", "description": "The city and state, e.g. San Francisco, CA"},
                      "format": {"type": "string", "enum": ["celsius", "fahrenheit"], "default": "celsius"}},
                     "required": ["location"]}"""),
            ToolSpec.function("get_multiple_weathers", "Gets the current weather in the provided list of "
                    + "locations.", """
                    {"type": "object", "properties": {
                      "locations": {"type": "array", "items": {"type": "string"},
                        "description": "List of city and state, e.g. [\\"San Francisco, CA\\", \\"New York, NY\\"]"},
                      "format": {"type": "string", "enum": ["celsius", "fahrenheit"], "default": "celsius"}},
                     "required": ["locations"]}"""));

    private static final RenderOptions JUNE_28_HIGH = RenderOptions.DEFAULT.withDateString("2025-06-28")
            .withReasoningEffort("high");

    @TestFactory
    Stream<DynamicTest> rendersLikeTheGptOssJinjaTemplateWhereItAgreesWithHarmony() throws IOException {
        List<Object> cases;
        try (InputStream in = getClass().getResourceAsStream("harmony_goldens.json")) {
            @SuppressWarnings("unchecked")
            List<Object> parsed = (List<Object>) Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            cases = parsed;
        }
        assertThat(cases).hasSizeGreaterThanOrEqualTo(20);
        return cases.stream().map(raw -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> c = (Map<String, Object>) raw;
            boolean add = (Boolean) c.get("add_generation_prompt");
            return DynamicTest.dynamicTest(c.get("case") + (add ? " +gen" : ""), () -> {
                @SuppressWarnings("unchecked")
                Map<String, Object> options = (Map<String, Object>) c.get("options");
                RenderOptions renderOptions = RenderOptions.DEFAULT.withReasoningEffort(
                        (String) options.get("reasoning_effort"));
                String rendered = HARMONY.render(ChatTemplateGoldenTests.messages(c.get("messages")), add,
                        ChatTemplateGoldenTests.tools(c.get("tools")), renderOptions);
                assertThat(rendered).isEqualTo(c.get("expected"));
            });
        });
    }

    @Test
    void rendersFunctionToolsLikeTheHarmonyLibrary() {
        // openai/harmony test-data/test_render_functions_with_parameters.txt
        List<ToolSpec> tools = new java.util.ArrayList<>(WEATHER_TOOLS);
        tools.add(ToolSpec.function("kitchensink", "A function with various complex schemas.", """
                {"description": "params object", "type": "object", "properties": {
                  "string": {"type": "string", "title": "STRING", "description": "A string",
                    "examples": ["hello", "world"]},
                  "string_nullable": {"type": "string", "nullable": true, "description": "A nullable string",
                    "default": "the default"},
                  "string_enum": {"type": "string", "enum": ["a", "b", "c"]},
                  "oneof_string_or_number": {"oneOf": [
                      {"type": "string", "default": "default_string_in_oneof"},
                      {"type": "number", "description": "numbers can happen too"}],
                    "description": "a oneof", "default": 20}}}"""));
        String expected = SYSTEM_2025_06_28_HIGH_WITH_TOOLS + "<|start|>developer<|message|># Instructions\n\n"
                + "Always respond in riddles\n\n" + WEATHER_FUNCTIONS + """

                // A function with various complex schemas.
                type kitchensink = (_: // params object
                {
                // STRING
                //
                // A string
                // Examples:
                // - "hello"
                // - "world"
                string?: string,
                // A nullable string
                string_nullable?: string | null, // default: "the default"
                string_enum?: "a" | "b" | "c",
                // a oneof
                // default: 20
                oneof_string_or_number?:
                 | string // default: "default_string_in_oneof"
                 | number // numbers can happen too
                ,
                }) => any;

                } // namespace functions<|end|><|start|>user<|message|>What is the weather like in SF?<|end|>\
                <|start|>assistant""";

        String rendered = HARMONY.render(List.of(ChatMessage.system("Always respond in riddles"),
                ChatMessage.user("What is the weather like in SF?")), true, tools, JUNE_28_HIGH);

        assertThat(rendered).isEqualTo(expected);
    }

    @Test
    void rendersAToolCallExchangeLikeTheHarmonyGuide() {
        // docs/format.md, "Receiving tool calls" / "Handling tool calls": the prompt after a tool result.
        List<ChatMessage> messages = List.of(
                new ChatMessage("developer", "Use a friendly tone.", null, List.of(), null, null),
                ChatMessage.user("What is the weather like in SF?"),
                ChatMessage.assistant(null, List.of(new ToolCall("call_1", "get_weather",
                        "{\"location\":\"San Francisco\"}"))).withReasoning("Need to use function get_weather."),
                ChatMessage.tool("call_1", "{\"sunny\": true, \"temperature\": 20}"));
        String expected = SYSTEM_2025_06_28_HIGH_WITH_TOOLS + "<|start|>developer<|message|># Instructions\n\n"
                + "Use a friendly tone.\n\n" + WEATHER_FUNCTIONS + "\n} // namespace functions<|end|>"
                + "<|start|>user<|message|>What is the weather like in SF?<|end|>"
                + "<|start|>assistant<|channel|>analysis<|message|>Need to use function get_weather.<|end|>"
                + "<|start|>assistant<|channel|>commentary to=functions.get_weather <|constrain|>json<|message|>"
                + "{\"location\":\"San Francisco\"}<|call|>"
                + "<|start|>functions.get_weather to=assistant<|channel|>commentary<|message|>"
                + "{\"sunny\": true, \"temperature\": 20}<|end|><|start|>assistant";

        assertThat(HARMONY.render(messages, true, WEATHER_TOOLS, JUNE_28_HIGH)).isEqualTo(expected);
    }

    @Test
    void dropsReasoningOnceAFinalAnswerFollowsAndKeepsItWhileATurnIsInProgress() {
        ToolCall call = new ToolCall("call_9", "get_location", "{}");
        List<ChatMessage> inProgress = List.of(ChatMessage.user("Where am I?"),
                ChatMessage.assistant(null, List.of(call)).withReasoning("Need the location tool."),
                ChatMessage.tool("call_9", "Paris"));
        List<ChatMessage> answered = new java.util.ArrayList<>(inProgress);
        answered.add(ChatMessage.assistant("You are in Paris.").withReasoning("The tool says Paris."));
        answered.add(ChatMessage.user("Thanks"));

        assertThat(body(HARMONY.render(inProgress, true, WEATHER_TOOLS))).isEqualTo(
                "<|start|>user<|message|>Where am I?<|end|>"
                        + "<|start|>assistant<|channel|>analysis<|message|>Need the location tool.<|end|>"
                        + "<|start|>assistant<|channel|>commentary to=functions.get_location <|constrain|>json"
                        + "<|message|>{}<|call|>"
                        + "<|start|>functions.get_location to=assistant<|channel|>commentary<|message|>Paris<|end|>"
                        + "<|start|>assistant");
        assertThat(body(HARMONY.render(answered, true, WEATHER_TOOLS))).isEqualTo(
                "<|start|>user<|message|>Where am I?<|end|>"
                        + "<|start|>assistant<|channel|>commentary to=functions.get_location <|constrain|>json"
                        + "<|message|>{}<|call|>"
                        + "<|start|>functions.get_location to=assistant<|channel|>commentary<|message|>Paris<|end|>"
                        + "<|start|>assistant<|channel|>final<|message|>You are in Paris.<|end|>"
                        + "<|start|>user<|message|>Thanks<|end|><|start|>assistant");
    }

    @Test
    void rendersEveryCallOfAMessageAndNamesEachResultByItsCallId() {
        List<ChatMessage> messages = List.of(ChatMessage.user("Weather in SF and where am I?"),
                ChatMessage.assistant("Checking both.", List.of(
                        new ToolCall("a", "get_current_weather", "{\"location\": \"SF\"}"),
                        new ToolCall("b", "get_location", "{}"))),
                ChatMessage.tool("b", "Paris"),
                ChatMessage.tool("a", "sunny"));

        assertThat(body(HARMONY.render(messages, true, WEATHER_TOOLS))).isEqualTo(
                "<|start|>user<|message|>Weather in SF and where am I?<|end|>"
                        + "<|start|>assistant<|channel|>commentary<|message|>Checking both.<|end|>"
                        + "<|start|>assistant<|channel|>commentary to=functions.get_current_weather <|constrain|>json"
                        + "<|message|>{\"location\": \"SF\"}<|call|>"
                        + "<|start|>assistant<|channel|>commentary to=functions.get_location <|constrain|>json"
                        + "<|message|>{}<|call|>"
                        + "<|start|>functions.get_location to=assistant<|channel|>commentary<|message|>Paris<|end|>"
                        + "<|start|>functions.get_current_weather to=assistant<|channel|>commentary<|message|>sunny"
                        + "<|end|><|start|>assistant");
    }

    @Test
    void aDeveloperMessageWithoutToolsEndsAfterTheInstructionsAsInTheGuide() {
        String rendered = HARMONY.render(List.of(ChatMessage.system("Be brief."), ChatMessage.user("Hi")), true);
        assertThat(body(rendered)).isEqualTo("<|start|>developer<|message|># Instructions\n\nBe brief.<|end|>"
                + "<|start|>user<|message|>Hi<|end|><|start|>assistant");
    }

    @Test
    void datesTheSystemMessageByTheClockUnlessADateIsGiven() {
        List<ChatMessage> hi = List.of(ChatMessage.user("Hi"));
        assertThat(HARMONY.render(hi, true)).contains("\nCurrent date: 2025-03-05\n\nReasoning: medium\n\n");
        assertThat(HARMONY.render(hi, true, List.of(), RenderOptions.DEFAULT.withDateString("2026-01-01")))
                .contains("\nCurrent date: 2026-01-01\n");
    }

    @Test
    void refusesWhatHarmonyCannotExpress() {
        List<ChatMessage> hi = List.of(ChatMessage.user("Hi"));
        assertThatThrownBy(() -> HARMONY.render(hi, true, List.of(),
                RenderOptions.DEFAULT.withReasoningEffort("minimal")))
                .isInstanceOf(ChatTemplateException.class).hasMessageContaining("low, medium or high");
        assertThatThrownBy(() -> HARMONY.render(List.of(ChatMessage.user("Hi"), ChatMessage.tool("x", "42")), true))
                .isInstanceOf(ChatTemplateException.class).hasMessageContaining("no previous assistant message");
        assertThatThrownBy(() -> HARMONY.render(List.of(new ChatMessage("ipython", "x", null, null, null, null)),
                true)).isInstanceOf(ChatTemplateException.class).hasMessageContaining("no role 'ipython'");
    }

    @Test
    void aGptOssFileGetsHarmonyWithOrWithoutItsTemplate() {
        for (String template : java.util.Arrays.asList(ChatTemplateGoldenTests.resource("gpt-oss.jinja"), null)) {
            dev.weightgate.engine.gguf.GgufMetadata.Builder metadata = dev.weightgate.engine.gguf.GgufMetadata
                    .builder().putString(dev.weightgate.engine.gguf.GgufKeys.GENERAL_ARCHITECTURE, "gpt-oss");
            if (template != null) {
                metadata.putString(dev.weightgate.engine.gguf.GgufKeys.TOKENIZER_CHAT_TEMPLATE, template);
            }
            ChatTemplates.Selection selection = ChatTemplates.forModel(metadata.build(),
                    ChatTemplateGoldenTests.GOLDEN_CLOCK);
            assertThat(selection.template().family()).isEqualTo(ChatFamily.HARMONY);
            assertThat(selection.match()).isEqualTo(template == null ? ChatTemplates.Match.MISSING
                    : ChatTemplates.Match.EXACT);
            assertThat(selection.template().render(List.of(ChatMessage.user("Hi")), true))
                    .startsWith("<|start|>system<|message|>You are ChatGPT").endsWith("<|start|>assistant");
        }
    }

    @Test
    void stopsOnReturnAndCallButNotOnEnd() {
        assertThat(HARMONY.endOfTurn()).containsExactlyInAnyOrder("<|return|>", "<|call|>");
        assertThat(HARMONY.renderedIncludesBos()).isFalse();
        assertThat(HARMONY.supportsTools()).isTrue();
    }

    /** The rendering after the system message (and no developer message is expected unless in the text). */
    private static String body(String rendered) {
        int end = rendered.indexOf("<|end|>") + "<|end|>".length();
        String rest = rendered.substring(end);
        if (rest.startsWith("<|start|>developer") && !rendered.contains("# Instructions")) {
            rest = rest.substring(rest.indexOf("<|end|>") + "<|end|>".length());
        }
        return rest;
    }
}
