package dev.weightgate.engine.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HarmonyParserTests {

    private static final Set<String> FUNCTIONS = Set.of("get_weather", "get_location");

    /** The guide's completion with reasoning and a final answer ({@code docs/format.md}). */
    private static final String ANSWER = "<|channel|>analysis<|message|>User asks: \"What is 2 + 2?\" Simple "
            + "arithmetic. Provide answer.<|end|><|start|>assistant<|channel|>final<|message|>2 + 2 = 4.<|return|>";

    /** The guide's tool call, after a line of reasoning. */
    private static final String CALL = "<|channel|>analysis<|message|>Need to use function get_weather.<|end|>"
            + "<|start|>assistant<|channel|>commentary to=functions.get_weather <|constrain|>json<|message|>"
            + "{\"location\":\"San Francisco\"}<|call|>";

    @Test
    void splitsReasoningFromTheFinalAnswer() {
        HarmonyParser parser = parser();
        List<HarmonyDelta> deltas = parser.feed(ANSWER);

        assertThat(deltas).containsExactly(
                new HarmonyDelta.Reasoning("User asks: \"What is 2 + 2?\" Simple arithmetic. Provide answer."),
                new HarmonyDelta.Content("2 + 2 = 4."));
        HarmonyParser.Outcome outcome = parser.finish();
        assertThat(outcome.reasoning()).isEqualTo("User asks: \"What is 2 + 2?\" Simple arithmetic. Provide answer.");
        assertThat(outcome.content()).isEqualTo("2 + 2 = 4.");
        assertThat(outcome.toolCalls()).isEmpty();
        assertThat(outcome.stop()).isEqualTo(HarmonyParser.Stop.RETURN);
    }

    @Test
    void emitsAToolCallWholeWhenItsCallTokenArrives() {
        HarmonyParser parser = parser();
        List<HarmonyDelta> beforeCall = parser.feed(CALL.substring(0, CALL.length() - "<|call|>".length()));
        assertThat(beforeCall).containsExactly(new HarmonyDelta.Reasoning("Need to use function get_weather."));

        List<HarmonyDelta> atCall = parser.feed("<|call|>");

        ToolCall expected = new ToolCall("call_1", "get_weather", "{\"location\":\"San Francisco\"}");
        assertThat(atCall).containsExactly(new HarmonyDelta.ToolCallDelta(0, expected));
        assertThat(parser.finish()).isEqualTo(new HarmonyParser.Outcome("Need to use function get_weather.", "",
                List.of(expected), HarmonyParser.Stop.CALL));
    }

    @Test
    void readsTokenIdsWithoutLookingForMarkersInTheText() {
        HarmonyParser parser = parser();
        List<HarmonyDelta> deltas = new ArrayList<>();
        deltas.addAll(parser.accept(200005, "<|channel|>"));
        deltas.addAll(parser.accept(17196, "final"));
        deltas.addAll(parser.accept(200008, ""));
        // Ordinary tokens that spell a marker are text: the model may write about harmony.
        deltas.addAll(parser.accept(27, "<|end|>"));
        deltas.addAll(parser.accept(1, " ok"));
        deltas.addAll(parser.accept(200002, ""));

        assertThat(deltas).containsExactly(new HarmonyDelta.Content("<|end|>"), new HarmonyDelta.Content(" ok"));
        assertThat(parser.finish().stop()).isEqualTo(HarmonyParser.Stop.RETURN);
    }

    @Test
    void givesTheSameResultHoweverTheStreamIsChunked() {
        String completion = "<|channel|>analysis<|message|>Weather and location <| needed.<|end|>"
                + "<|start|>assistant<|channel|>commentary<|message|>Let me check, <|start (not a marker).<|end|>"
                + "<|start|>assistant to=functions.get_location<|channel|>commentary <|constrain|>json<|message|>"
                + "{}<|end|>"
                + "<|start|>assistant<|channel|>commentary to=functions.get_weather <|constrain|>json<|message|>"
                + "{\"location\": \"Zürich <|\"}<|call|>";
        HarmonyParser whole = parser();
        List<HarmonyDelta> wholeDeltas = whole.feed(completion);
        HarmonyParser.Outcome expected = whole.finish();
        assertThat(expected.reasoning()).isEqualTo("Weather and location <| needed.");
        assertThat(expected.content()).isEqualTo("Let me check, <|start (not a marker).");
        assertThat(expected.toolCalls()).extracting(ToolCall::name).containsExactly("get_location", "get_weather");
        assertThat(expected.toolCalls().get(1).arguments()).isEqualTo("{\"location\": \"Zürich <|\"}");

        Random random = new Random(9);
        for (int round = 0; round < 300; round++) {
            HarmonyParser parser = parser();
            List<HarmonyDelta> deltas = new ArrayList<>();
            int at = 0;
            while (at < completion.length()) {
                int end = Math.min(completion.length(), at + 1 + random.nextInt(round % 3 == 0 ? 3 : 16));
                deltas.addAll(parser.feed(completion.substring(at, end)));
                at = end;
            }
            assertThat(parser.finish()).isEqualTo(expected);
            assertThat(joined(deltas)).isEqualTo(joined(wholeDeltas));
        }
    }

    @Test
    void acceptsTheRecipientBeforeTheChannelAndABareContentType() {
        // The order the gpt-oss Jinja template writes, and harmony's parser accepts.
        HarmonyParser parser = parser();
        parser.feed(" to=functions.get_location<|channel|>commentary json<|message|>{}<|call|>");
        assertThat(parser.finish().toolCalls()).containsExactly(new ToolCall("call_1", "get_location", "{}"));
    }

    @Test
    void readsWholeMessagesWhenTheStreamStartsAtAMessageBoundary() {
        HarmonyParser parser = new HarmonyParser(java.util.Map.of(), null, ids(), false);
        parser.feed("<|start|>assistant<|channel|>final<|message|>Hi<|end|>");
        assertThat(parser.finish()).isEqualTo(new HarmonyParser.Outcome("", "Hi", List.of(),
                HarmonyParser.Stop.NONE));
    }

    @Test
    void aStreamCutOffInsideACallDropsTheCall() {
        HarmonyParser parser = parser();
        List<HarmonyDelta> deltas = parser.feed("<|channel|>commentary to=functions.get_weather <|constrain|>json"
                + "<|message|>{\"location\": \"Pa");
        assertThat(deltas).isEmpty();
        assertThat(parser.finish()).isEqualTo(new HarmonyParser.Outcome("", "", List.of(),
                HarmonyParser.Stop.NONE));
    }

    @Test
    void theO200kHarmonyParserMakesOpenAiStyleCallIds() {
        HarmonyParser parser = HarmonyParser.forCompletion(List.of("get_location"));
        parser.accept(200005, "");
        parser.accept(1, "commentary to=functions.get_location");
        parser.accept(200008, "");
        parser.accept(2, "{}");
        List<HarmonyDelta> deltas = parser.accept(200012, "");
        assertThat(deltas).singleElement().isInstanceOfSatisfying(HarmonyDelta.ToolCallDelta.class,
                delta -> assertThat(delta.call().id()).matches("call_[A-Za-z0-9]{24}"));
    }

    @Test
    void endOfTextEndsAnAnswer() {
        HarmonyParser parser = parser();
        parser.feed("<|channel|>final<|message|>Done<|endoftext|>");
        assertThat(parser.finish().stop()).isEqualTo(HarmonyParser.Stop.END_OF_TEXT);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            unknown channel                  | `<|channel|>thoughts<|message|>hm<|end|>`                   | unknown channel 'thoughts'
            no channel                       | `<|message|>hi<|end|>`                                       | without a channel
            `missing <|message|>`            | `<|channel|>final hi<|end|>`                                 | `the header has no <|message|>`
            text outside any message         | `<|channel|>final<|message|>a<|end|>stray`                   | text outside any message
            message not ended                | `<|channel|>final<|message|>a<|start|>assistant`             | the previous message was not ended
            channel marker in content        | `<|channel|>final<|message|>a<|channel|>`                    | it belongs in a message header
            invalid JSON arguments           | `<|channel|>commentary to=functions.get_weather <|constrain|>json<|message|>{"location": }<|call|>` | not valid JSON
            empty arguments                  | `<|channel|>commentary to=functions.get_weather<|message|><|call|>` | not valid JSON
            undeclared function              | `<|channel|>commentary to=functions.rm_rf <|constrain|>json<|message|>{}<|call|>` | does not declare
            built-in tool                    | `<|channel|>analysis to=browser.search code<|message|>{}<|call|>` | not a function
            call without recipient           | `<|channel|>commentary<|message|>x<|call|>`                  | addressed to no function
            call ended by return             | `<|channel|>commentary to=functions.get_location<|message|>{}<|return|>` | `instead of <|call|>`
            final to a function              | `<|channel|>final to=functions.get_location<|message|>{}<|call|>` | final-channel message addressed
            other role                       | `<|channel|>final<|message|>a<|end|><|start|>user<|message|>b<|end|>` | as 'user'
            two channels                     | `<|channel|>final<|channel|>analysis<|message|>a<|end|>`     | `two <|channel|>`
            unsupported content type         | `<|channel|>final <|constrain|>xml<|message|>a<|end|>`       | unsupported content type 'xml'
            output after the turn            | `<|channel|>final<|message|>a<|return|> more`                | after the end of the turn
            start of text                    | `<|startoftext|>`                                            | `<|startoftext|>`
            """)
    void reportsMalformedOutput(String what, String completion, String message) {
        HarmonyParser parser = parser();
        assertThatThrownBy(() -> {
            parser.feed(completion);
            parser.finish();
        }).as(what).isInstanceOf(HarmonyFormatException.class).hasMessageContaining(message);
        assertThatThrownBy(() -> parser.feed("x")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void neverPassesOnPartOfAMalformedCall() {
        HarmonyParser parser = parser();
        List<HarmonyDelta> deltas = parser.feed("<|channel|>commentary to=functions.get_weather <|constrain|>json"
                + "<|message|>{\"location\": tru");
        assertThat(deltas).isEmpty();
        assertThatThrownBy(() -> parser.feed("e,}<|call|>")).isInstanceOf(HarmonyFormatException.class);
    }

    @Test
    void parsesBackWhatTheTemplateRendersForAnAssistantTurn() {
        ChatTemplate harmony = ChatTemplates.create(ChatFamily.HARMONY, "", "", ChatTemplateGoldenTests.GOLDEN_CLOCK);
        List<ToolSpec> tools = List.of(ToolSpec.function("get_weather", "Weather", """
                {"type": "object", "properties": {"location": {"type": "string"}}, "required": ["location"]}"""));
        List<ChatMessage> question = List.of(ChatMessage.system("Be brief."), ChatMessage.user("Weather in Oslo?"));
        String prompt = harmony.render(question, true, tools);

        ToolCall call = new ToolCall("call_1", "get_weather", "{\"location\": \"Oslo\"}");
        ChatMessage calling = ChatMessage.assistant(null, List.of(call)).withReasoning("Use the weather tool.");
        HarmonyParser.Outcome parsedCall = parseCompletion(harmony, question, calling, tools, prompt);
        assertThat(parsedCall).isEqualTo(new HarmonyParser.Outcome("Use the weather tool.", "", List.of(call),
                HarmonyParser.Stop.CALL));

        ChatMessage answering = ChatMessage.assistant("Cold: -3 °C.").withReasoning("Tool said -3.");
        HarmonyParser.Outcome parsedAnswer = parseCompletion(harmony, question, answering, tools, prompt);
        assertThat(parsedAnswer).isEqualTo(new HarmonyParser.Outcome("Tool said -3.", "Cold: -3 °C.", List.of(),
                HarmonyParser.Stop.RETURN));
    }

    private static HarmonyParser.Outcome parseCompletion(ChatTemplate harmony, List<ChatMessage> question,
            ChatMessage reply, List<ToolSpec> tools, String prompt) {
        List<ChatMessage> conversation = new ArrayList<>(question);
        conversation.add(reply);
        String rendered = harmony.render(conversation, false, tools);
        assertThat(rendered).startsWith(prompt);
        HarmonyParser parser = new HarmonyParser(java.util.Map.of(), Set.of("get_weather"), ids(), true);
        parser.feed(rendered.substring(prompt.length()));
        return parser.finish();
    }

    private static HarmonyParser parser() {
        return new HarmonyParser(o200kIds(), FUNCTIONS, ids(), true);
    }

    private static java.util.Map<HarmonyToken, Integer> o200kIds() {
        java.util.Map<HarmonyToken, Integer> ids = new java.util.EnumMap<>(HarmonyToken.class);
        for (HarmonyToken token : HarmonyToken.values()) {
            ids.put(token, token.o200kHarmonyId());
        }
        return ids;
    }

    private static Supplier<String> ids() {
        AtomicInteger next = new AtomicInteger();
        return () -> "call_" + next.incrementAndGet();
    }

    /** The deltas merged by kind, so that differently chunked streams compare equal. */
    private static List<String> joined(List<HarmonyDelta> deltas) {
        List<String> merged = new ArrayList<>();
        String kind = null;
        StringBuilder text = new StringBuilder();
        for (HarmonyDelta delta : deltas) {
            String k = switch (delta) {
                case HarmonyDelta.Reasoning r -> "reasoning";
                case HarmonyDelta.Content c -> "content";
                case HarmonyDelta.ToolCallDelta t -> "call " + t.index();
            };
            String t = switch (delta) {
                case HarmonyDelta.Reasoning r -> r.text();
                case HarmonyDelta.Content c -> c.text();
                case HarmonyDelta.ToolCallDelta c -> c.call().toString();
            };
            if (!k.equals(kind) && kind != null) {
                merged.add(kind + ": " + text);
                text.setLength(0);
            }
            kind = k;
            text.append(t);
        }
        if (kind != null) {
            merged.add(kind + ": " + text);
        }
        return merged;
    }
}
