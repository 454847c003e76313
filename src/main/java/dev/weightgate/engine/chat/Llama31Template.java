package dev.weightgate.engine.chat;

import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Llama 3.1/3.3 Instruct's template, and Llama 3.2's, which differs only in its default date.
 *
 * <p>The system header is always there: "Cutting Knowledge Date: December 2023", "Today Date: {date}", then the
 * system message if any. With tools (the template's default {@code tools_in_user_message = true}) the header also
 * says "Environment: ipython", and the tool definitions, as indented JSON, are put in front of the first remaining
 * message, whatever its role. An assistant tool call is rendered as {@code {"name": ..., "parameters": {...}}}
 * (one call per message); a {@code tool} message as an {@code ipython} turn whose content is printed with {@code
 * tojson}, so a string result appears quoted, as the real template (where strings are iterable) prints it.
 */
final class Llama31Template extends NativeTemplate {

    private static final String FIXED_DATE = "26 Jul 2024";
    private static final DateTimeFormatter STRFTIME_D_B_Y = DateTimeFormatter.ofPattern("dd MMM yyyy", Locale.ROOT);

    private final Clock clock;

    /**
     * @param clock for Llama 3.2, the clock of its {@code strftime_now}; null for Llama 3.1's fixed default date
     */
    Llama31Template(String bos, String eos, Clock clock) {
        super(clock == null ? ChatFamily.LLAMA_3_1 : ChatFamily.LLAMA_3_2, bos, eos);
        this.clock = clock;
    }

    /** Python's {@code strftime("%d %b %Y")} in the C locale: {@code 05 Mar 2025}. */
    static String formatDate(LocalDate date) {
        return STRFTIME_D_B_Y.format(date);
    }

    @Override
    String renderChecked(List<ChatMessage> messages, boolean addGenerationPrompt, List<ToolSpec> tools,
            RenderOptions options) {
        String date = options.dateString() != null ? options.dateString()
                : clock == null ? FIXED_DATE : formatDate(LocalDate.now(clock));
        boolean hasTools = !tools.isEmpty();
        StringBuilder out = new StringBuilder(bos);

        List<ChatMessage> rest = messages;
        String systemMessage = "";
        if (rest.getFirst().role().equals("system")) {
            systemMessage = Py.strip(rest.getFirst().text());
            rest = rest.subList(1, rest.size());
        }

        out.append(Llama3Template.header("system"));
        if (hasTools) {
            out.append("Environment: ipython\n");
        }
        out.append("Cutting Knowledge Date: December 2023\n");
        out.append("Today Date: ").append(date).append("\n\n");
        out.append(systemMessage).append(Llama3Template.EOT);

        if (hasTools) {
            if (rest.isEmpty()) {
                throw new ChatTemplateException(
                        "Cannot put tools in the first user message when there's no first user message!");
            }
            String firstUserMessage = Py.strip(rest.getFirst().text());
            rest = rest.subList(1, rest.size());
            out.append(Llama3Template.header("user"));
            out.append("Given the following functions, please respond with a JSON for a function call ");
            out.append("with its proper arguments that best answers the given prompt.\n\n");
            out.append("Respond in the format {\"name\": function name, \"parameters\": dictionary of argument name "
                    + "and its value}.");
            out.append("Do not use variables.\n\n");
            for (ToolSpec tool : tools) {
                out.append(Json.dumps(tool.value(), 4)).append("\n\n");
            }
            out.append(firstUserMessage).append(Llama3Template.EOT);
        }

        for (ChatMessage message : rest) {
            String role = message.role();
            boolean toolResult = role.equals("ipython") || role.equals("tool");
            if (!toolResult && !message.hasToolCalls()) {
                out.append(Llama3Template.header(role)).append(Py.strip(message.text())).append(Llama3Template.EOT);
            } else if (message.hasToolCalls()) {
                if (message.toolCalls().size() != 1) {
                    throw new ChatTemplateException("This model only supports single tool-calls at once!");
                }
                ToolCall call = message.toolCalls().getFirst();
                out.append(Llama3Template.header("assistant"));
                out.append("{\"name\": \"").append(call.name()).append("\", ");
                out.append("\"parameters\": ");
                out.append(Json.dumps(call.argumentsValue()));
                out.append("}");
                out.append(Llama3Template.EOT);
            } else {
                out.append(Llama3Template.header("ipython"));
                // A string "is iterable" in Jinja, so the template prints it with tojson.
                out.append(Json.dumps(message.text()));
                out.append(Llama3Template.EOT);
            }
        }
        if (addGenerationPrompt) {
            out.append(Llama3Template.header("assistant"));
        }
        return out.toString();
    }

    @Override
    public boolean renderedIncludesBos() {
        return !bos.isEmpty();
    }

    @Override
    public List<String> endOfTurn() {
        return List.of(Llama3Template.EOT, "<|eom_id|>");
    }
}
