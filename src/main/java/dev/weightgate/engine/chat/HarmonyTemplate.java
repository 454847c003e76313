package dev.weightgate.engine.chat;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * gpt-oss's harmony format ({@code openai/harmony: docs/format.md}), as OpenAI's harmony library and the Jinja
 * template shipped with the model render it for inference.
 *
 * <p>Every prompt starts with a system message (identity, knowledge cut-off, today's date, {@code Reasoning:},
 * the valid channels, and with function tools the note that calls go to the commentary channel). A first {@code
 * system} or {@code developer} message becomes the developer message's {@code # Instructions}, followed by the
 * tools as {@link HarmonyTypeScript a TypeScript namespace}. Assistant answers are {@code final}-channel messages;
 * their reasoning ({@code reasoningContent}, the {@code analysis} channel) is dropped, except for a tool-calling
 * message that no later final answer follows: the model called the tool from its chain of thought and continues
 * it after the result. Each tool call is its own {@code commentary} message to {@code functions.NAME}, ended by
 * {@code <|call|>}; a tool result is a message from {@code functions.NAME} to the assistant.
 *
 * <p>Where the gpt-oss Jinja template departs from the harmony library and the format guide, this follows the
 * guide, which is what the model was trained on and what the model itself emits:
 * <ul>
 *   <li>a tool call's header is {@code <|channel|>commentary to=functions.NAME <|constrain|>json} (the template
 *       writes {@code to=} before the channel and {@code json} without {@code <|constrain|>});</li>
 *   <li>a tool call's arguments and a tool result's content are written as given (the template re-serialises the
 *       arguments and JSON-quotes the result, turning {@code 21 degrees} into {@code "21 degrees"});</li>
 *   <li>the developer message ends right after the instructions (the template adds a blank line before {@code
 *       <|end|>} when there are no tools);</li>
 *   <li>every call of a message is rendered, each result naming the function its {@code toolCallId} answers (the
 *       template renders only the first call and names every result after the latest call);</li>
 *   <li>an assistant message's text next to tool calls is a user-visible {@code commentary} preamble (the template
 *       turns it into {@code analysis});</li>
 *   <li>a later {@code system}/{@code developer} message is rendered as a developer message (the template drops
 *       it);</li>
 *   <li>tool schemas are converted as {@link HarmonyTypeScript} describes: a parameter's default reads {@code
 *       x?: number, // default: 1} (the template adds a comma after the comment), and nested objects and {@code
 *       oneOf} follow the harmony library.</li>
 * </ul>
 * Everything else is byte for byte the template's output (the golden tests check both).
 */
final class HarmonyTemplate extends NativeTemplate {

    static final String START = "<|start|>";
    static final String END = "<|end|>";
    static final String MESSAGE = "<|message|>";
    static final String CHANNEL = "<|channel|>";
    static final String CONSTRAIN = "<|constrain|>";
    static final String RETURN = "<|return|>";
    static final String CALL = "<|call|>";

    static final String MODEL_IDENTITY = "You are ChatGPT, a large language model trained by OpenAI.";
    static final String KNOWLEDGE_CUTOFF = "2024-06";
    static final String DEFAULT_REASONING_EFFORT = "medium";
    private static final Set<String> REASONING_EFFORTS = Set.of("low", "medium", "high");

    private final Clock clock;

    /** @param clock dates the system message ("Current date:") when the options give no date */
    HarmonyTemplate(String bos, String eos, Clock clock) {
        super(ChatFamily.HARMONY, bos, eos);
        this.clock = clock == null ? Clock.systemDefaultZone() : clock;
    }

    @Override
    String renderChecked(List<ChatMessage> messages, boolean addGenerationPrompt, List<ToolSpec> tools,
            RenderOptions options) {
        StringBuilder out = new StringBuilder();
        appendSystem(out, options, !tools.isEmpty());

        List<ChatMessage> rest = messages;
        String instructions = "";
        String firstRole = messages.getFirst().role();
        if (firstRole.equals("system") || firstRole.equals("developer")) {
            instructions = messages.getFirst().text();
            rest = messages.subList(1, messages.size());
        }
        if (!instructions.isEmpty() || !tools.isEmpty()) {
            appendDeveloper(out, instructions, tools);
        }

        Map<String, String> functionOfCall = new HashMap<>();
        String latestFunction = null;
        for (int i = 0; i < rest.size(); i++) {
            ChatMessage message = rest.get(i);
            boolean last = i == rest.size() - 1;
            switch (message.role()) {
                case "user" -> message(out, "user", "", message.text(), END);
                case "system", "developer" -> appendDeveloper(out, message.text(), List.of());
                case "assistant" -> {
                    if (message.hasToolCalls()) {
                        if (!finalAnswerFollows(rest, i) && hasText(message.reasoningContent())) {
                            message(out, "assistant", CHANNEL + "analysis", message.reasoningContent(), END);
                        }
                        if (!message.text().isEmpty()) {
                            message(out, "assistant", CHANNEL + "commentary", message.text(), END);
                        }
                        for (ToolCall call : message.toolCalls()) {
                            message(out, "assistant", CHANNEL + "commentary to=functions." + call.name() + " "
                                    + CONSTRAIN + "json", call.arguments(), CALL);
                            if (call.id() != null) {
                                functionOfCall.put(call.id(), call.name());
                            }
                            latestFunction = call.name();
                        }
                    } else if (last && !addGenerationPrompt) {
                        // The shape of a training target: the reasoning kept, the turn closed by <|return|>.
                        if (message.reasoningContent() != null) {
                            message(out, "assistant", CHANNEL + "analysis", message.reasoningContent(), END);
                        }
                        message(out, "assistant", CHANNEL + "final", message.text(), RETURN);
                    } else {
                        message(out, "assistant", CHANNEL + "final", message.text(), END);
                        latestFunction = null;
                    }
                }
                case "tool" -> {
                    String function = message.toolCallId() == null ? null : functionOfCall.get(message.toolCallId());
                    if (function == null) {
                        function = message.name() != null ? message.name() : latestFunction;
                    }
                    if (function == null) {
                        throw new ChatTemplateException(
                                "Message has tool role, but there was no previous assistant message with a tool call!");
                    }
                    message(out, "functions." + function, " to=assistant" + CHANNEL + "commentary", message.text(),
                            END);
                }
                default -> throw new ChatTemplateException("the harmony format has no role '" + message.role()
                        + "': use system, developer, user, assistant or tool");
            }
        }
        if (addGenerationPrompt) {
            out.append(START).append("assistant");
        }
        return out.toString();
    }

    private void appendSystem(StringBuilder out, RenderOptions options, boolean hasTools) {
        String effort = options.reasoningEffort() == null ? DEFAULT_REASONING_EFFORT : options.reasoningEffort();
        if (!REASONING_EFFORTS.contains(effort)) {
            throw new ChatTemplateException("reasoning effort must be low, medium or high, not '" + effort + "'");
        }
        String date = options.dateString() != null ? options.dateString() : LocalDate.now(clock).toString();
        out.append(START).append("system").append(MESSAGE);
        out.append(MODEL_IDENTITY).append('\n');
        out.append("Knowledge cutoff: ").append(KNOWLEDGE_CUTOFF).append('\n');
        out.append("Current date: ").append(date).append("\n\n");
        out.append("Reasoning: ").append(effort).append("\n\n");
        out.append("# Valid channels: analysis, commentary, final. Channel must be included for every message.");
        if (hasTools) {
            out.append("\nCalls to these tools must go to the commentary channel: 'functions'.");
        }
        out.append(END);
    }

    private static void appendDeveloper(StringBuilder out, String instructions, List<ToolSpec> tools) {
        List<String> sections = new ArrayList<>();
        if (!instructions.isEmpty()) {
            sections.add("# Instructions");
            sections.add(instructions);
        }
        if (!tools.isEmpty()) {
            sections.add("# Tools\n\n" + HarmonyTypeScript.functionsNamespace(tools));
        }
        message(out, "developer", "", String.join("\n\n", sections), END);
    }

    private static void message(StringBuilder out, String author, String headerRest, String content,
            String terminator) {
        out.append(START).append(author).append(headerRest).append(MESSAGE).append(content).append(terminator);
    }

    /** Whether an assistant message without tool calls (a final answer) comes after message {@code i}. */
    private static boolean finalAnswerFollows(List<ChatMessage> messages, int i) {
        for (ChatMessage later : messages.subList(i + 1, messages.size())) {
            if (later.role().equals("assistant") && !later.hasToolCalls()) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasText(String text) {
        return text != null && !text.isEmpty();
    }

    @Override
    public boolean renderedIncludesBos() {
        return false;
    }

    /** Harmony's stop tokens for assistant actions; {@code <|end|>} only closes a message, the turn goes on. */
    @Override
    public List<String> endOfTurn() {
        return List.of(RETURN, CALL);
    }
}
