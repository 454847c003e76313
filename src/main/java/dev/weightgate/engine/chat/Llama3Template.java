package dev.weightgate.engine.chat;

import java.util.List;

/**
 * Meta-Llama-3-8B-Instruct's template: every message as {@code <|start_header_id|>role<|end_header_id|>\n\n} +
 * trimmed content + {@code <|eot_id|>}, BOS before the first.
 */
final class Llama3Template extends NativeTemplate {

    static final String EOT = "<|eot_id|>";

    Llama3Template(String bos, String eos) {
        super(ChatFamily.LLAMA_3, bos, eos);
    }

    static String header(String role) {
        return "<|start_header_id|>" + role + "<|end_header_id|>\n\n";
    }

    @Override
    String renderChecked(List<ChatMessage> messages, boolean addGenerationPrompt, List<ToolSpec> tools,
            RenderOptions options) {
        StringBuilder out = new StringBuilder(bos);
        for (ChatMessage message : messages) {
            out.append(header(message.role())).append(Py.strip(message.text())).append(EOT);
        }
        if (addGenerationPrompt) {
            out.append(header("assistant"));
        }
        return out.toString();
    }

    @Override
    public boolean renderedIncludesBos() {
        return !bos.isEmpty();
    }

    @Override
    public List<String> endOfTurn() {
        return List.of(EOT);
    }
}
