package dev.weightgate.engine.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every native renderer against real Jinja: {@code goldens.json} holds what the reference templates in {@code
 * templates/} produce for a set of conversations, rendered by {@code render_goldens.py} with Jinja2 set up as
 * Hugging Face's {@code apply_chat_template} sets it up. Each case must match byte for byte, or fail with the
 * template's own {@code raise_exception} message.
 */
class ChatTemplateGoldenTests {

    /** {@code render_goldens.py} pins {@code strftime_now} to 5 March 2025. */
    static final Clock GOLDEN_CLOCK = Clock.fixed(LocalDateTime.of(2025, 3, 5, 10, 30).toInstant(ZoneOffset.UTC),
            ZoneOffset.UTC);

    @TestFactory
    Stream<DynamicTest> everyGoldenCaseRendersExactlyLikeJinja() throws IOException {
        List<Object> cases = goldens();
        assertThat(cases).hasSizeGreaterThan(150);
        return cases.stream().map(raw -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> c = (Map<String, Object>) raw;
            String name = c.get("family") + " " + c.get("case") + (Boolean.TRUE.equals(c.get(
                    "add_generation_prompt")) ? " +gen" : "");
            return DynamicTest.dynamicTest(name, () -> check(c));
        });
    }

    private static void check(Map<String, Object> c) {
        ChatFamily family = ChatFamily.valueOf((String) c.get("family"));
        ChatTemplate template = ChatTemplates.create(family, (String) c.get("bos_token"),
                (String) c.get("eos_token"), GOLDEN_CLOCK);
        List<ChatMessage> messages = messages(c.get("messages"));
        List<ToolSpec> tools = tools(c.get("tools"));
        RenderOptions options = options(c.get("options"));
        boolean addGenerationPrompt = (Boolean) c.get("add_generation_prompt");
        if (c.containsKey("error")) {
            assertThatThrownBy(() -> template.render(messages, addGenerationPrompt, tools, options))
                    .isInstanceOf(ChatTemplateException.class).hasMessage((String) c.get("error"));
        } else {
            assertThat(template.render(messages, addGenerationPrompt, tools, options)).isEqualTo(c.get("expected"));
        }
    }

    static List<Object> goldens() throws IOException {
        try (InputStream in = ChatTemplateGoldenTests.class.getResourceAsStream("goldens.json")) {
            @SuppressWarnings("unchecked")
            List<Object> cases = (List<Object>) Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            return cases;
        }
    }

    static String resource(String name) {
        try (InputStream in = ChatTemplateGoldenTests.class.getResourceAsStream("templates/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("missing test resource templates/" + name, e);
        }
    }

    /** OpenAI-shaped message objects, tool-call arguments given as objects, to {@link ChatMessage}s. */
    @SuppressWarnings("unchecked")
    static List<ChatMessage> messages(Object raw) {
        List<ChatMessage> messages = new ArrayList<>();
        for (Object item : (List<Object>) raw) {
            Map<String, Object> m = (Map<String, Object>) item;
            List<ToolCall> calls = new ArrayList<>();
            if (m.get("tool_calls") instanceof List<?> list) {
                for (Object callObject : list) {
                    Map<String, Object> call = (Map<String, Object>) callObject;
                    Map<String, Object> function = (Map<String, Object>) call.get("function");
                    calls.add(new ToolCall((String) call.get("id"), (String) function.get("name"),
                            Json.dumps(function.get("arguments"))));
                }
            }
            messages.add(new ChatMessage((String) m.get("role"), (String) m.get("content"), null, calls,
                    (String) m.get("tool_call_id"), (String) m.get("reasoning_content")));
        }
        return messages;
    }

    @SuppressWarnings("unchecked")
    static List<ToolSpec> tools(Object raw) {
        return ((List<Object>) raw).stream().map(tool -> ToolSpec.fromJson(Json.dumps(tool))).toList();
    }

    @SuppressWarnings("unchecked")
    static RenderOptions options(Object raw) {
        Map<String, Object> options = (Map<String, Object>) raw;
        return new RenderOptions((String) options.get("date_string"), (Boolean) options.get("enable_thinking"));
    }
}
