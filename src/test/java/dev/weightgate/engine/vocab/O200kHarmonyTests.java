package dev.weightgate.engine.vocab;

import static org.assertj.core.api.Assertions.assertThat;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.weightgate.engine.chat.ChatFamily;
import dev.weightgate.engine.chat.ChatMessage;
import dev.weightgate.engine.chat.ChatTemplate;
import dev.weightgate.engine.chat.ChatTemplates;
import dev.weightgate.engine.chat.HarmonyDelta;
import dev.weightgate.engine.chat.HarmonyParser;
import dev.weightgate.engine.chat.HarmonyToken;
import dev.weightgate.engine.chat.ToolCall;
import dev.weightgate.engine.chat.ToolSpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * gpt-oss's vocabulary, o200k_harmony (o200k_base's ranks and harmony's specials, as {@code openai/harmony:
 * src/tiktoken_ext/public_encodings.rs} defines it), built here the way a GGUF converter lays it out: the special
 * table, llama.cpp's attribute repairs for it, and a rendered harmony conversation tokenized with every marker as
 * one id and every text between markers exactly as tiktoken (JTokkit) encodes it, which is how the harmony library
 * renders.
 */
class O200kHarmonyTests {

    private static final Pattern MARKER = Pattern.compile("<\\|(start|end|message|channel|constrain|return|call)\\|>");

    private static Vocabulary vocabulary;
    private static Tokenizer tokenizer;
    private static Encoding jtokkit;

    @BeforeAll
    static void build() {
        vocabulary = TiktokenVocabularies.fromRanks(O200kAgainstJtokkitTests.readRanks(), "gpt-4o",
                HarmonyToken.o200kHarmonySpecials());
        tokenizer = Tokenizer.of(vocabulary);
        jtokkit = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
    }

    @Test
    void theSpecialTableIsHarmonysO200kHarmony() {
        Map<Integer, String> specials = HarmonyToken.o200kHarmonySpecials();
        assertThat(specials).hasSize(201088 - 199998 + 1);
        assertThat(specials).containsEntry(199998, "<|startoftext|>").containsEntry(199999, "<|endoftext|>")
                .containsEntry(200002, "<|return|>").containsEntry(200003, "<|constrain|>")
                .containsEntry(200005, "<|channel|>").containsEntry(200006, "<|start|>")
                .containsEntry(200007, "<|end|>").containsEntry(200008, "<|message|>")
                .containsEntry(200012, "<|call|>");
        for (int id : new int[] {200000, 200001, 200004, 200009, 200010, 200011, 200013, 200014, 200500, 201088}) {
            assertThat(specials).containsEntry(id, "<|reserved_" + id + "|>");
        }
        assertThat(vocabulary.size()).isEqualTo(201089);
        assertThat(HarmonyToken.idsIn(vocabulary)).allSatisfy((token, id) ->
                assertThat(id).isEqualTo(token.o200kHarmonyId()));
    }

    @Test
    void llamaCppsRepairsMakeReturnAndCallTheStopsAndKeepTheMarkersVisible() {
        assertThat(vocabulary.endOfGenerationIds()).contains(200002, 200012, 199999).doesNotContain(200007);
        for (HarmonyToken marker : List.of(HarmonyToken.START, HarmonyToken.END, HarmonyToken.MESSAGE,
                HarmonyToken.CHANNEL, HarmonyToken.CONSTRAIN)) {
            assertThat(vocabulary.isUserDefined(marker.o200kHarmonyId())).as(marker.text()).isTrue();
        }
        assertThat(vocabulary.isControl(200002)).isTrue();
        assertThat(vocabulary.isControl(200012)).isTrue();
    }

    @Test
    void aRenderedConversationTokenizesWithEachMarkerAsOneToken() {
        String prompt = conversation();
        int[] ids = tokenizer.encode(prompt, false, true);

        List<Integer> expected = new ArrayList<>();
        Matcher marker = MARKER.matcher(prompt);
        int textStart = 0;
        int markers = 0;
        while (marker.find()) {
            addAll(expected, jtokkit.encodeOrdinary(prompt.substring(textStart, marker.start())).toArray());
            expected.add(HarmonyToken.ofText(marker.group()).orElseThrow().o200kHarmonyId());
            textStart = marker.end();
            markers++;
        }
        addAll(expected, jtokkit.encodeOrdinary(prompt.substring(textStart)).toArray());

        assertThat(markers).isGreaterThan(20);
        assertThat(Arrays.stream(ids).boxed().toList()).isEqualTo(expected);
        assertThat(tokenizer.decode(ids, false, true)).isEqualTo(prompt);
    }

    @Test
    void theParserReadsATokenizedCompletionById() {
        String completion = "<|channel|>analysis<|message|>Need the weather for Zürich 🌦.<|end|><|start|>assistant"
                + "<|channel|>commentary to=functions.get_weather <|constrain|>json<|message|>"
                + "{\"location\": \"Zürich\"}<|call|>";
        int[] ids = tokenizer.encode(completion, false, true);
        HarmonyParser parser = new HarmonyParser(HarmonyToken.idsIn(vocabulary), Set.of("get_weather"),
                () -> "call_1", true);
        // Decode as the server streams: whole characters only, specials hidden (markers arrive by id).
        StreamingDecoder decoder = tokenizer.streamingDecoder(false);
        List<HarmonyDelta> deltas = new ArrayList<>();
        for (int id : ids) {
            deltas.addAll(parser.accept(id, decoder.next(id)));
        }
        assertThat(deltas).last().isEqualTo(new HarmonyDelta.ToolCallDelta(0,
                new ToolCall("call_1", "get_weather", "{\"location\": \"Zürich\"}")));
        HarmonyParser.Outcome outcome = parser.finish();
        assertThat(outcome.reasoning()).isEqualTo("Need the weather for Zürich 🌦.");
        assertThat(outcome.stop()).isEqualTo(HarmonyParser.Stop.CALL);
    }

    private static String conversation() {
        ChatTemplate harmony = ChatTemplates.create(ChatFamily.HARMONY, "<|startoftext|>", "<|return|>",
                Clock.fixed(Instant.parse("2025-03-05T10:30:00Z"), ZoneOffset.UTC));
        List<ToolSpec> tools = List.of(ToolSpec.function("get_weather", "Current weather", """
                {"type": "object", "properties": {"location": {"type": "string", "description": "City"},
                  "unit": {"type": "string", "enum": ["c", "f"], "default": "c"}}, "required": ["location"]}"""));
        ToolCall call = new ToolCall("call_1", "get_weather", "{\"location\": \"Zürich\"}");
        return harmony.render(List.of(
                ChatMessage.system("Answer in one sentence."),
                ChatMessage.user("Wie ist das Wetter in Zürich? 🌦"),
                ChatMessage.assistant(null, List.of(call)).withReasoning("Need the weather tool."),
                ChatMessage.tool("call_1", "{\"temp\": -3, \"sky\": \"snow\"}"),
                ChatMessage.assistant("It is snowing at -3 °C.").withReasoning("Snow."),
                ChatMessage.user("Thanks!\n\nAnd tomorrow?")), true, tools);
    }

    private static void addAll(List<Integer> list, int[] ids) {
        for (int id : ids) {
            list.add(id);
        }
    }
}
