package dev.weightgate.engine.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weightgate.engine.gguf.GgufArray;
import dev.weightgate.engine.gguf.GgufKeys;
import dev.weightgate.engine.gguf.GgufMetadata;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChatTemplatesTests {

    private static final Clock CLOCK = ChatTemplateGoldenTests.GOLDEN_CLOCK;

    @Nested
    class Detection {

        @ParameterizedTest
        @CsvSource({
            "llama-3-instruct.jinja,            LLAMA_3,           llama3",
            "llama-3.3-instruct.jinja,          LLAMA_3_1,         llama3",
            "llama-3.2-instruct.jinja,          LLAMA_3_2,         llama3",
            "llama-2-chat.jinja,                LLAMA_2,           llama2-sys-strip",
            "mistral-7b-instruct-v0.1.jinja,    MISTRAL_V0,        llama2",
            "mistral-7b-instruct-v0.2.jinja,    MISTRAL_V1,        mistral-v1",
            "mistral-7b-instruct-v0.3.jinja,    MISTRAL_V3,        mistral-v3",
            "mistral-nemo-instruct-2407.jinja,  MISTRAL_V3_TEKKEN, mistral-v3-tekken",
            "mistral-large-instruct-2411.jinja, MISTRAL_V7,        mistral-v7",
            "chatml.jinja,                      CHATML,            chatml",
            "qwen2-instruct.jinja,              QWEN2,             chatml",
            "qwen2.5-instruct.jinja,            QWEN2_5,           chatml",
            "qwen3.jinja,                       QWEN3,             chatml",
            "smollm2-instruct.jinja,            SMOLLM2,           chatml",
            "gpt-oss.jinja,                     HARMONY,           gpt-oss",
        })
        void recognisesEachReferenceTemplateExactly(String file, ChatFamily family, String llamaCppName) {
            String text = ChatTemplateGoldenTests.resource(file);
            ChatTemplates.Detection detection = ChatTemplates.detect(text);
            assertThat(detection.family()).isEqualTo(family);
            assertThat(detection.llamaCppName()).isEqualTo(llamaCppName);
            assertThat(family.llamaCppName()).isEqualTo(llamaCppName.startsWith("llama2-") ? "llama2-sys-strip"
                    : llamaCppName);

            ChatTemplates.Selection selection = ChatTemplates.fromText(text, "<s>", "</s>", CLOCK);
            assertThat(selection.match()).isEqualTo(ChatTemplates.Match.EXACT);
            assertThat(selection.warning()).isEmpty();
            assertThat(selection.template().family()).isEqualTo(family);
        }

        @Test
        void anEditedTemplateOfAKnownFamilyIsRenderedAsThatFamilyWithAWarning() {
            String edited = ChatTemplateGoldenTests.resource("qwen2.5-instruct.jinja")
                    .replace("You are a helpful assistant.", "You are a terse assistant.");
            ChatTemplates.Selection selection = ChatTemplates.fromText(edited, "", "<|im_end|>", CLOCK);
            assertThat(selection.match()).isEqualTo(ChatTemplates.Match.FAMILY);
            assertThat(selection.template().family()).isEqualTo(ChatFamily.QWEN2_5);
            assertThat(selection.warning()).get().asString().contains("QWEN2_5").contains("may differ");
        }

        @Test
        void whitespaceAroundAReferenceTemplateStillMatchesExactly() {
            String text = "\n" + ChatTemplateGoldenTests.resource("smollm2-instruct.jinja") + "\n\n";
            assertThat(ChatTemplates.fromText(text, "", "", CLOCK).match()).isEqualTo(ChatTemplates.Match.EXACT);
        }

        @Test
        void familiesNotRenderedHereFallBackToChatMlNamingWhatTheyAre() {
            ChatTemplates.Selection gemma = ChatTemplates.fromText(
                    ChatTemplateGoldenTests.resource("unsupported-gemma-7b-it.jinja"), "<bos>", "<eos>", CLOCK);
            assertThat(gemma.match()).isEqualTo(ChatTemplates.Match.UNSUPPORTED);
            assertThat(gemma.template().family()).isEqualTo(ChatFamily.CHATML);
            assertThat(gemma.warning()).get().asString().contains("gemma").contains("ChatML");

            // phi-4 uses <|im_start|> but is not ChatML, as llama.cpp notes
            ChatTemplates.Selection phi4 = ChatTemplates.fromText(
                    ChatTemplateGoldenTests.resource("unsupported-phi-4.jinja"), "", "", CLOCK);
            assertThat(phi4.match()).isEqualTo(ChatTemplates.Match.UNSUPPORTED);
            assertThat(phi4.warning()).get().asString().contains("phi4");
        }

        @Test
        void unknownTextFallsBackToChatMlWithAWarning() {
            ChatTemplates.Selection selection = ChatTemplates.fromText("{{ messages[0].content }}", "", "", CLOCK);
            assertThat(selection.match()).isEqualTo(ChatTemplates.Match.UNSUPPORTED);
            assertThat(selection.template().family()).isEqualTo(ChatFamily.CHATML);
            assertThat(selection.warning()).get().asString().contains("unrecognised");
        }

        @Test
        void followsLlamaCppsOrderOfChecks() {
            // <|im_start|> is checked before [INST]; a llama.cpp "mistral" name prefix means Mistral.
            assertThat(ChatTemplates.detect("<|im_start|>[INST]").family()).isEqualTo(ChatFamily.CHATML);
            assertThat(ChatTemplates.detect("mistral-v7 {{ x }}").family()).isEqualTo(ChatFamily.MISTRAL_V0);
            assertThat(ChatTemplates.detect("[INST] <<SYS>> {{ bos_token + '[INST] ' }}").llamaCppName())
                    .isEqualTo("llama2-sys-bos");
            assertThat(ChatTemplates.detect("[INST] <<SYS>>").llamaCppName()).isEqualTo("llama2-sys");
            assertThat(ChatTemplates.detect("<start_of_turn><|start_header_id|><|end_header_id|>").llamaCppName())
                    .isEqualTo("gemma");
        }
    }

    @Nested
    class FromGgufMetadata {

        private GgufMetadata metadata(String template) {
            GgufMetadata.Builder builder = GgufMetadata.builder()
                    .put(GgufKeys.TOKENIZER_TOKENS, dev.weightgate.engine.gguf.GgufValueType.ARRAY,
                            GgufArray.ofStrings("<unk>", "<|begin_of_text|>", "<|eot_id|>"))
                    .putUint32(GgufKeys.TOKENIZER_BOS_ID, 1)
                    .putUint32(GgufKeys.TOKENIZER_EOS_ID, 2);
            if (template != null) {
                builder.putString(GgufKeys.TOKENIZER_CHAT_TEMPLATE, template);
            }
            return builder.build();
        }

        @Test
        void readsTheTemplateAndTheBosTextFromTheFile() {
            ChatTemplates.Selection selection = ChatTemplates.forModel(
                    metadata(ChatTemplateGoldenTests.resource("llama-3.3-instruct.jinja")), CLOCK);
            assertThat(selection.match()).isEqualTo(ChatTemplates.Match.EXACT);
            ChatTemplate template = selection.template();
            assertThat(template.renderedIncludesBos()).isTrue();
            assertThat(template.render(List.of(ChatMessage.user("Hi")), true)).startsWith(
                    "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nCutting Knowledge Date: "
                            + "December 2023\nToday Date: 26 Jul 2024\n\n<|eot_id|>");
            assertThat(template.endOfTurn()).contains("<|eot_id|>", "<|eom_id|>");
        }

        @Test
        void aFileWithoutATemplateGetsChatMlAndSaysSo() {
            ChatTemplates.Selection selection = ChatTemplates.forModel(metadata(null), CLOCK);
            assertThat(selection.match()).isEqualTo(ChatTemplates.Match.MISSING);
            assertThat(selection.warning()).get().asString().contains("no chat template");
            ChatTemplate template = selection.template();
            assertThat(template.family()).isEqualTo(ChatFamily.CHATML);
            assertThat(template.renderedIncludesBos()).isFalse();
            assertThat(template.endOfTurn()).containsExactly("<|im_end|>");
            assertThat(template.render(List.of(ChatMessage.system("Be brief."), ChatMessage.user("Hi")), true))
                    .isEqualTo("<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n"
                            + "<|im_start|>assistant\n");
            assertThat(template.render(List.of(ChatMessage.user("Hi")), false))
                    .isEqualTo("<|im_start|>user\nHi<|im_end|>\n");
        }
    }

    @Nested
    class Tools {

        private final List<ToolSpec> tools = List.of(ToolSpec.function("get_time", "Current time", null));

        @Test
        void familiesWithoutToolSupportRefuseToolsClearly() {
            for (ChatFamily family : ChatFamily.values()) {
                if (family.supportsTools()) {
                    continue;
                }
                ChatTemplate template = ChatTemplates.create(family, "<s>", "</s>", CLOCK);
                assertThatThrownBy(() -> template.render(List.of(ChatMessage.user("Hi")), true, tools))
                        .as(family.name()).isInstanceOf(ToolsNotSupportedException.class)
                        .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("tool");
                List<ChatMessage> withResult = List.of(ChatMessage.user("Hi"),
                        ChatMessage.assistant(null, List.of(new ToolCall("1", "get_time", "{}"))),
                        ChatMessage.tool("1", "12:00"));
                assertThatThrownBy(() -> template.render(withResult, true)).as(family.name())
                        .isInstanceOf(ToolsNotSupportedException.class);
            }
        }

        @Test
        void emptyToolListMeansNoTools() {
            ChatTemplate llama = ChatTemplates.create(ChatFamily.LLAMA_3_1, "<|begin_of_text|>", "", CLOCK);
            assertThat(llama.render(List.of(ChatMessage.user("Hi")), true, List.of()))
                    .doesNotContain("Environment: ipython");
        }

        @Test
        void toolSpecFromPartsMatchesOpenAisShape() {
            ToolSpec tool = ToolSpec.function("get_weather", "Weather", "{\"type\":\"object\",\"properties\":{}}");
            assertThat(tool.toJson()).isEqualTo("{\"type\": \"function\", \"function\": {\"name\": \"get_weather\", "
                    + "\"description\": \"Weather\", \"parameters\": {\"type\": \"object\", \"properties\": {}}}}");
            assertThat(ToolSpec.fromJson(tool.toJson())).isEqualTo(tool);
            assertThatThrownBy(() -> ToolSpec.fromJson("{\"type\": \"function\"}"))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void argumentsThatAreNotJsonArePassedOnAsText() {
            ChatTemplate qwen3 = ChatTemplates.create(ChatFamily.QWEN3, "", "<|im_end|>", CLOCK);
            ChatTemplate qwen25 = ChatTemplates.create(ChatFamily.QWEN2_5, "", "<|im_end|>", CLOCK);
            List<ChatMessage> messages = List.of(ChatMessage.user("Hi"),
                    ChatMessage.assistant(null, List.of(new ToolCall("1", "f", "not json"))));
            // Qwen3 prints a string argument as it is, Qwen2.5 through tojson
            assertThat(qwen3.render(messages, false)).contains("\"arguments\": not json}");
            assertThat(qwen25.render(messages, false)).contains("\"arguments\": \"not json\"}");
        }
    }

    @Test
    void anEmptyConversationIsRefused() {
        ChatTemplate template = ChatTemplates.create(ChatFamily.QWEN3, "", "", CLOCK);
        assertThatThrownBy(() -> template.render(List.of(), true)).isInstanceOf(ChatTemplateException.class);
    }

    @Test
    void llama32DatesTheSystemHeaderWithItsClockUnlessADateIsGiven() {
        ChatTemplate template = ChatTemplates.create(ChatFamily.LLAMA_3_2, "<|begin_of_text|>", "", CLOCK);
        assertThat(template.render(List.of(ChatMessage.user("Hi")), true)).contains("Today Date: 05 Mar 2025\n");
        assertThat(template.render(List.of(ChatMessage.user("Hi")), true, List.of(),
                RenderOptions.DEFAULT.withDateString("24 Dec 2025"))).contains("Today Date: 24 Dec 2025\n");
    }

    @Test
    void bosIsRenderedOnlyByTemplatesThatPrintIt() {
        for (ChatFamily family : ChatFamily.values()) {
            ChatTemplate template = ChatTemplates.create(family, "<s>", "</s>", CLOCK);
            String text = template.render(List.of(ChatMessage.user("Hi")), true);
            assertThat(template.renderedIncludesBos()).as(family.name()).isEqualTo(text.startsWith("<s>"));
            assertThat(template.endOfTurn()).as(family.name()).isNotEmpty();
        }
    }
}
